// Runs per open query (each tab keeps its own run and result): start, cancel, the outcome,
// and freeing a result in DuckDB once nothing shows it.
import { create } from "zustand";

import { backend, BackendError, type AppError, type RunOutputDto, errorMessage } from "../lib/backend";
import { statementResults } from "../features/results/runResults";

export type RunState =
  | { status: "idle" }
  | { status: "running"; runId: string; startedAt: number }
  /** `runId` still names the run while its last result's rows stream in (Stop uses it). */
  | { status: "done"; output: RunOutputDto; runId: string }
  /** `earlier` is the previous run's output, kept browsable under the error. */
  | { status: "failed"; error: AppError; sql: string; from: number; earlier: RunOutputDto | null }
  | { status: "cancelled"; earlier: RunOutputDto | null };

export const IDLE: RunState = { status: "idle" };

interface RunsState {
  runs: Record<number, RunState>;
  /** Runs `sql` (which starts at `from` in the editor) for query `queryId`; the run is logged. */
  start: (queryId: number, sql: string, from: number) => Promise<void>;
  cancel: (queryId: number) => Promise<void>;
  /** The query's tab closed: stop its run and free its result. */
  forget: (queryId: number) => void;
}

function newRunId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `run-${Date.now()}-${Math.random()}`;
}

/** The output a run shows: its own, or after a failure or a cancel the one before it. */
export function shownOutput(run: RunState | undefined): RunOutputDto | null {
  if (run?.status === "done") return run.output;
  if (run?.status === "failed" || run?.status === "cancelled") return run.earlier;
  return null;
}

function resultsOf(run: RunState | undefined): number[] {
  const output = shownOutput(run);
  return output ? statementResults(output).map((s) => s.result.id) : [];
}

/** The run returned while its last result's rows still stream in (they stop with the run). */
export function isStreaming(output: RunOutputDto): boolean {
  return statementResults(output).some((s) => !s.result.complete);
}

function closeResults(ids: number[]) {
  for (const id of ids) void backend.closeResult(id).catch(() => undefined);
}

export const useRuns = create<RunsState>((set, get) => {
  const put = (queryId: number, run: RunState) => set((s) => ({ runs: { ...s.runs, [queryId]: run } }));
  return {
    runs: {},

    start: async (queryId, sql, from) => {
      const current = get().runs[queryId];
      if (current?.status === "running") return;
      const earlier = shownOutput(current);
      const runId = newRunId();
      put(queryId, { status: "running", runId, startedAt: performance.now() });
      let next: RunState;
      try {
        next = { status: "done", output: await backend.runSavedQuery(queryId, runId, sql), runId };
      } catch (e) {
        const error: AppError =
          e instanceof BackendError ? e.error : { kind: "Internal", data: errorMessage(e) };
        // A run that failed or was stopped keeps the earlier results on screen.
        next = error.kind === "Cancelled" ? { status: "cancelled", earlier } : { status: "failed", error, sql, from, earlier };
      }
      // Results no longer shown are freed in DuckDB.
      if (next.status === "done" && earlier) closeResults(statementResults(earlier).map((r) => r.result.id));
      if (queryId in get().runs) put(queryId, next);
      else closeResults(resultsOf(next)); // the tab closed while it ran
    },

    cancel: async (queryId) => {
      const current = get().runs[queryId];
      if (current?.status === "running" || (current?.status === "done" && isStreaming(current.output)))
        await backend.cancelQuery(current.runId);
    },

    forget: (queryId) => {
      const current = get().runs[queryId];
      if (current?.status === "running") void backend.cancelQuery(current.runId);
      closeResults(resultsOf(current));
      set((s) => ({ runs: Object.fromEntries(Object.entries(s.runs).filter(([id]) => Number(id) !== queryId)) }));
    },
  };
});
