// Saved queries: the list (newest-edited first), the ones open as tabs, the one in front,
// and their saves. Open tabs are remembered across restarts.
import { create } from "zustand";

import { backend, type OpenTabsDto, type QueryDto } from "../lib/backend";

interface QueriesState {
  queries: QueryDto[];
  /** Open tabs, in order: one tab per query, so a query never has two competing editors. */
  openIds: number[];
  currentId: number | null;
  search: string;
  load: (tabs: OpenTabsDto) => Promise<void>;
  setSearch: (search: string) => Promise<void>;
  create: () => Promise<QueryDto>;
  /** Brings the query's tab to the front, opening one after the current tab if needed. */
  open: (id: number) => void;
  close: (id: number) => void;
  rename: (id: number, name: string) => Promise<void>;
  duplicate: (id: number) => Promise<QueryDto>;
  remove: (id: number) => Promise<void>;
  save: (id: number, sql: string, checkpoint: boolean) => Promise<void>;
  /** Puts a query changed elsewhere (a restore) into the list. */
  replace: (q: QueryDto) => void;
}

function upsert(list: QueryDto[], q: QueryDto): QueryDto[] {
  return [q, ...list.filter((x) => x.id !== q.id)].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

function withTab(openIds: number[], currentId: number | null, id: number): number[] {
  if (openIds.includes(id)) return openIds;
  const at = currentId === null ? -1 : openIds.indexOf(currentId);
  return at < 0 ? [...openIds, id] : [...openIds.slice(0, at + 1), id, ...openIds.slice(at + 1)];
}

export const useQueries = create<QueriesState>((set, get) => ({
  queries: [],
  openIds: [],
  currentId: null,
  search: "",

  load: async (tabs) => {
    const queries = await backend.listQueries(null);
    const known = new Set(queries.map((q) => q.id));
    let openIds = tabs.ids.filter((id) => known.has(id));
    if (openIds.length === 0 && queries[0]) openIds = [queries[0].id];
    const currentId = tabs.active !== null && openIds.includes(tabs.active) ? tabs.active : (openIds[0] ?? null);
    set({ queries, openIds, currentId });
  },

  // The list filters by name as the user types; tabs keep every query they show.
  setSearch: async (search) => {
    set({ search });
  },

  create: async () => {
    const q = await backend.createQuery(null, "");
    set((s) => ({ queries: upsert(s.queries, q), openIds: withTab(s.openIds, s.currentId, q.id), currentId: q.id }));
    return q;
  },

  open: (id) => set((s) => ({ openIds: withTab(s.openIds, s.currentId, id), currentId: id })),

  close: (id) =>
    set((s) => {
      const at = s.openIds.indexOf(id);
      if (at < 0) return {};
      const openIds = s.openIds.filter((x) => x !== id);
      const currentId = s.currentId === id ? (openIds[Math.min(at, openIds.length - 1)] ?? null) : s.currentId;
      return { openIds, currentId };
    }),

  rename: async (id, name) => {
    const q = await backend.renameQuery(id, name);
    set((s) => ({ queries: upsert(s.queries, q) }));
  },

  duplicate: async (id) => {
    const q = await backend.duplicateQuery(id);
    set((s) => ({ queries: upsert(s.queries, q), openIds: withTab(s.openIds, s.currentId, q.id), currentId: q.id }));
    return q;
  },

  remove: async (id) => {
    await backend.deleteQuery(id);
    get().close(id);
    set((s) => ({ queries: s.queries.filter((q) => q.id !== id) }));
  },

  save: async (id, sql, checkpoint) => {
    const q = await backend.saveQuerySql(id, sql, checkpoint);
    set((s) => ({ queries: s.queries.map((x) => (x.id === q.id ? q : x)) }));
  },

  replace: (q) => set((s) => ({ queries: s.queries.map((x) => (x.id === q.id ? q : x)) })),
}));

/** Remembers the open tabs whenever they change (they come back after a restart). */
export function persistOpenTabs(): () => void {
  let last = "";
  return useQueries.subscribe((s) => {
    const key = `${s.openIds.join(",")}|${s.currentId ?? ""}`;
    if (key === last) return;
    last = key;
    void backend.saveOpenTabs({ ids: s.openIds, active: s.currentId }).catch(() => undefined);
  });
}
