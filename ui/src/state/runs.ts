// Runs per open query (each tab keeps its own run and result): start, cancel, the outcome,
// and freeing a result in DuckDB once nothing shows it.
import { create } from "zustand";

import { backend, BackendError, type AppError, type ResultEndDto, type RunEventDto, type RunOutputDto, type RunProgressDto, errorMessage } from "../lib/backend";
import { forgetResult } from "../lib/reads";
import { statementResults } from "../features/results/runResults";

/** What a run has told on its channel so far. */
export interface RunFeed {
  /** The running statement (1-based) of how many. */
  statement: { statement: number; statements: number } | null;
  /** How far the running statement is; null until it has run long enough to say. */
  progress: { progress: RunProgressDto; rowsPerSecond: number | null } | null;
  /** Results still streaming in when the run returned: rows kept so far, and how each ended. */
  streams: Record<number, { rowCount: number; end: ResultEndDto | null }>;
}

export const NO_FEED: RunFeed = { statement: null, progress: null, streams: {} };

/** `feed` with `event` taken in. */
export function heard(feed: RunFeed, event: RunEventDto): RunFeed {
  switch (event.kind) {
    case "statementStarted":
      return { ...feed, statement: { statement: event.statement, statements: event.statements }, progress: null };
    case "progress":
      return { ...feed, progress: { progress: event.progress, rowsPerSecond: event.rowsPerSecond } };
    case "rowsKept": {
      // A count never undoes an end already told, nor goes back.
      const told = feed.streams[event.resultId];
      if (told?.end) return feed;
      return { ...feed, streams: { ...feed.streams, [event.resultId]: { rowCount: Math.max(event.rowCount, told?.rowCount ?? 0), end: null } } };
    }
    case "resultEnded":
      return { ...feed, streams: { ...feed.streams, [event.resultId]: { rowCount: event.rowCount, end: event.end } } };
  }
}

export type RunState =
  | { status: "idle" }
  | { status: "running"; runId: string; startedAt: number; feed: RunFeed }
  /** `runId` still names the run while its last result's rows stream in (Stop uses it). */
  | { status: "done"; output: RunOutputDto; runId: string; feed: RunFeed }
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
  for (const id of ids) {
    forgetResult(id);
    void backend.closeResult(id).catch(() => undefined);
  }
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
      put(queryId, { status: "running", runId, startedAt: performance.now(), feed: NO_FEED });
      // Events may come before the run's answer (a short result ends at once): they go into
      // the run's feed whichever state it is in.
      const hear = (event: RunEventDto) => {
        const run = get().runs[queryId];
        if (run?.status === "running" && run.runId === runId) put(queryId, { ...run, feed: heard(run.feed, event) });
        // After the answer only a streaming result's rows matter (a statement's start may
        // arrive after the answer: messages and answers travel apart).
        else if (run?.status === "done" && run.runId === runId && (event.kind === "rowsKept" || event.kind === "resultEnded"))
          put(queryId, { ...run, feed: heard(run.feed, event) });
      };
      let next: RunState;
      try {
        const output = await backend.runSavedQuery(queryId, runId, sql, hear);
        const now = get().runs[queryId];
        const feed = now?.status === "running" && now.runId === runId ? now.feed : NO_FEED;
        next = { status: "done", output, runId, feed: { ...feed, statement: null, progress: null } };
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
