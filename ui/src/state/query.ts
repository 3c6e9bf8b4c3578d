// The current run: start, cancel, its outcome, and the result being browsed.
import { create } from "zustand";

import { backend, BackendError, type AppError, type RunOutputDto } from "../lib/backend";

export type RunState =
  | { status: "idle" }
  | { status: "running"; runId: string; startedAt: number }
  | { status: "done"; output: RunOutputDto }
  | { status: "failed"; error: AppError; sql: string; from: number }
  | { status: "cancelled" };

interface QueryState {
  run: RunState;
  /** Runs `sql` (which starts at `from` in the editor); logged against `queryId` when given. */
  start: (sql: string, from: number, queryId: number | null) => Promise<void>;
  cancel: () => Promise<void>;
}

function newRunId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `run-${Date.now()}-${Math.random()}`;
}

export const useQuery = create<QueryState>((set, get) => ({
  run: { status: "idle" },

  start: async (sql, from, queryId) => {
    const current = get().run;
    if (current.status === "running") return;
    const previous = current.status === "done" ? current.output.result : null;
    const runId = newRunId();
    set({ run: { status: "running", runId, startedAt: performance.now() } });
    try {
      const output =
        queryId === null ? await backend.runQuery(runId, sql) : await backend.runSavedQuery(queryId, runId, sql);
      set({ run: { status: "done", output } });
    } catch (e) {
      const error: AppError =
        e instanceof BackendError ? e.error : { kind: "Internal", data: e instanceof Error ? e.message : String(e) };
      set({ run: error.kind === "Cancelled" ? { status: "cancelled" } : { status: "failed", error, sql, from } });
    } finally {
      // The previous result is no longer shown: free it in DuckDB.
      if (previous) void backend.closeResult(previous.id).catch(() => undefined);
    }
  },

  cancel: async () => {
    const current = get().run;
    if (current.status === "running") await backend.cancelQuery(current.runId);
  },
}));
