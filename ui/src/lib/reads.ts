// The workspace's reads through one cache (TanStack Query). Each read has a key here; the
// workspace's change events say which keys to read again (`readAgainFor`), so no view re-reads
// after its own action and no effect fetches by hand.
import { keepPreviousData, QueryClient, useQuery } from "@tanstack/react-query";

import { backend, type ChartSpecDto, type SelectionDto, type ViewDto, type WorkspaceChanged } from "./backend";

/** A cache as the app keeps it (tests make their own). */
export function newReads(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Fresh until an event says otherwise; a failure is shown, not retried behind the user.
      queries: { staleTime: Infinity, retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
    },
  });
}

export const reads = newReads();

export const keys = {
  /** Everything read of saved query `id` apart from it. */
  query: (id: number) => ["query", id] as const,
  selections: (id: number) => ["query", id, "selections"] as const,
  runs: (id: number) => ["query", id, "runs"] as const,
  versions: (id: number) => ["query", id, "versions"] as const,
  chat: (id: number) => ["query", id, "chat"] as const,
  chatSamples: (id: number) => ["query", id, "chatSamples"] as const,
  /** What the catalog says; read again whenever it may have changed. */
  catalog: ["catalog"] as const,
  tableDetails: (database: string, schema: string, table: string) => ["catalog", "details", database, schema, table] as const,
  /** What is read of kept result `id`: its rows never change once kept, so these stay fresh. */
  result: (id: number) => ["result", id] as const,
};

/** Marks stale (and reads again where shown) what `change` may have changed. */
export async function readAgainFor(change: WorkspaceChanged, cache: QueryClient = reads): Promise<void> {
  switch (change.kind) {
    case "query":
      return cache.invalidateQueries({ queryKey: [...keys.query(change.id), change.part] });
    case "catalog":
      // A selection is broken when its table left the catalog.
      await cache.invalidateQueries({ queryKey: keys.catalog });
      return cache.invalidateQueries({ predicate: (q) => q.queryKey[0] === "query" && q.queryKey[2] === "selections" });
    case "everything":
      return cache.invalidateQueries();
    default:
      break;
  }
}

/** The tables saved query `id` works on (none while `id` is null). */
export function useSelectionsOf(id: number | null) {
  return useQuery({
    queryKey: keys.selections(id ?? -1),
    queryFn: () => backend.querySelections(id ?? -1),
    enabled: id !== null,
  });
}

export function useRunLog(id: number) {
  return useQuery({ queryKey: keys.runs(id), queryFn: () => backend.queryRuns(id) });
}

export function useVersions(id: number) {
  return useQuery({ queryKey: keys.versions(id), queryFn: () => backend.queryVersions(id) });
}

export function useChat(id: number) {
  return useQuery({ queryKey: keys.chat(id), queryFn: () => backend.chatMessages(id) });
}

export function useChatSamples(id: number) {
  return useQuery({ queryKey: keys.chatSamples(id), queryFn: () => backend.chatSamplesAllowed(id) });
}

export function useTableDetails(database: string, schema: string, table: string) {
  return useQuery({ queryKey: keys.tableDetails(database, schema, table), queryFn: () => backend.tableDetails(database, schema, table) });
}

/** Adds the table to saved query `id`, or removes it when it is there; the change event reads
 *  the selections again. */
export async function toggleSelection(id: number, qualifiedName: string): Promise<void> {
  const current = reads.getQueryData<SelectionDto[]>(keys.selections(id)) ?? (await backend.querySelections(id));
  const existing = current.find((s) => s.qualifiedName === qualifiedName);
  if (existing) await backend.unselectTable(existing.id);
  else await backend.selectTable(id, qualifiedName);
}

/** One column's profile over a view of a result. */
export function useColumnProfile(resultId: number, view: ViewDto, column: number) {
  return useQuery({
    queryKey: [...keys.result(resultId), "profile", view, column],
    queryFn: () => backend.profileResultColumn(resultId, view, column),
  });
}

/** One value in full. */
export function useCellValue(resultId: number, view: ViewDto, row: number, column: number) {
  return useQuery({
    queryKey: [...keys.result(resultId), "cell", view, row, column],
    queryFn: () => backend.resultCellValue(resultId, view, row, column),
  });
}

/** One row of a view as Arrow. */
export function useResultRow(resultId: number, view: ViewDto, row: number) {
  return useQuery({
    queryKey: [...keys.result(resultId), "row", view, row],
    queryFn: () => backend.resultWindow(resultId, row, 1, view),
  });
}

/** A chart's marks; the last marks stay shown while the next are computed. */
export function useChartData(resultId: number, view: ViewDto, spec: ChartSpecDto, enabled: boolean) {
  return useQuery({
    queryKey: [...keys.result(resultId), "chart", view, spec],
    queryFn: () => backend.chartData(resultId, view, spec),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** A result was freed: what was read of it goes too. */
export function forgetResult(id: number): void {
  reads.removeQueries({ queryKey: keys.result(id) });
}
