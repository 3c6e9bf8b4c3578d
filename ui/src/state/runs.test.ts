import { beforeEach, describe, expect, it, vi } from "vitest";

import type { ResultInfoDto, RunEventDto, RunOutputDto } from "../lib/backend";

import { fakeBackend as backend } from "../test/fakeBackend";

vi.mock("../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../lib/backend")>()),
  backend: (await import("../test/fakeBackend")).fakeBackend,
}));

const { BackendError } = await import("../lib/backend");
const { useRuns, shownOutput, heard, NO_FEED } = await import("./runs");

const result = (id: number): ResultInfoDto => ({ id, rowCount: 2, capped: false, complete: true, columns: [{ name: "n", dataType: "INTEGER" }] });
const output = (...ids: number[]): RunOutputDto => ({
  elapsedMs: 1,
  droppedResults: 0,
  statements: ids.map((id, i) => ({ line: i + 1, preview: `select ${id}`, kind: "select", rowsChanged: null, result: result(id), plan: null, elapsedMs: 1 })),
});

describe("what a run's channel tells of a streaming result", () => {
  it("keeps the end once told, and a count that only grows", () => {
    const ended = heard(heard(NO_FEED, { kind: "rowsKept", resultId: 4, rowCount: 2048 }), {
      kind: "resultEnded",
      resultId: 4,
      rowCount: 1_500_000,
      end: { kind: "stopped" },
    });
    // A count that arrives after the end (or out of order) changes nothing.
    const late = heard(ended, { kind: "rowsKept", resultId: 4, rowCount: 1_048_576 });
    expect(late.streams[4]).toEqual({ rowCount: 1_500_000, end: { kind: "stopped" } });
    const grown = heard(heard(NO_FEED, { kind: "rowsKept", resultId: 4, rowCount: 3_000 }), { kind: "rowsKept", resultId: 4, rowCount: 2_048 });
    expect(grown.streams[4]).toEqual({ rowCount: 3_000, end: null });
  });
});

describe("runs of a query", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    backend.closeResult.mockResolvedValue(undefined);
    useRuns.setState({ runs: {} });
  });

  it("a failed run keeps the earlier results, and frees them only when a later run replaces them", async () => {
    const first = output(1, 2);
    backend.runSavedQuery.mockResolvedValueOnce(first);
    await useRuns.getState().start(7, "select 1; select 2", 0);
    expect(useRuns.getState().runs[7]?.status).toBe("done");

    backend.runSavedQuery.mockRejectedValueOnce(new BackendError({ kind: "Sql", data: { message: "Parser Error", line: 1, column: 1 } }));
    await useRuns.getState().start(7, "selec", 0);
    const failed = useRuns.getState().runs[7];
    expect(failed?.status).toBe("failed");
    expect(shownOutput(failed)).toBe(first);
    expect(backend.closeResult).not.toHaveBeenCalled();

    // A second failure still shows the first run's results.
    backend.runSavedQuery.mockRejectedValueOnce(new BackendError({ kind: "Cancelled" }));
    await useRuns.getState().start(7, "select 3", 0);
    expect(useRuns.getState().runs[7]?.status).toBe("cancelled");
    expect(shownOutput(useRuns.getState().runs[7])).toBe(first);
    expect(backend.closeResult).not.toHaveBeenCalled();

    backend.runSavedQuery.mockResolvedValueOnce(output(3));
    await useRuns.getState().start(7, "select 3", 0);
    expect(backend.closeResult.mock.calls.map((c) => c[0])).toEqual([1, 2]);

    useRuns.getState().forget(7);
    expect(backend.closeResult.mock.calls.map((c) => c[0])).toEqual([1, 2, 3]);
  });

  it("takes in what the run tells, before and after its answer, and nothing from an earlier run", async () => {
    const streaming: RunOutputDto = { ...output(5), statements: output(5).statements.map((st) => ({ ...st, result: { ...result(5), complete: false } })) };
    let tell: (e: RunEventDto) => void = () => undefined;
    let answer: (out: RunOutputDto) => void = () => undefined;
    backend.runSavedQuery.mockImplementationOnce(
      (_id: number, _runId: string, _sql: string, onEvent: (e: RunEventDto) => void) =>
        new Promise<RunOutputDto>((resolve) => {
          tell = onEvent;
          answer = resolve;
        }),
    );
    const running = useRuns.getState().start(8, "select * from big", 0);
    tell({ kind: "statementStarted", statement: 1, statements: 1 });
    const feed = () => {
      const run = useRuns.getState().runs[8];
      return run?.status === "running" || run?.status === "done" ? run.feed : null;
    };
    expect(feed()?.statement).toEqual({ statement: 1, statements: 1 });
    // Rows told before the run's answer arrives are kept for it.
    tell({ kind: "rowsKept", resultId: 5, rowCount: 4096 });
    answer(streaming);
    await running;
    expect(useRuns.getState().runs[8]?.status).toBe("done");
    expect(feed()?.streams[5]).toEqual({ rowCount: 4096, end: null });
    expect(feed()?.statement).toBeNull();
    tell({ kind: "resultEnded", resultId: 5, rowCount: 9000, end: { kind: "complete" } });
    expect(feed()?.streams[5]).toEqual({ rowCount: 9000, end: { kind: "complete" } });

    // The next run's feed hears nothing of the last one's stream.
    const earlierTell = tell;
    backend.runSavedQuery.mockResolvedValueOnce(output(6));
    await useRuns.getState().start(8, "select 6", 0);
    earlierTell({ kind: "rowsKept", resultId: 5, rowCount: 12000 });
    expect(feed()?.streams).toEqual({});
  });
});
