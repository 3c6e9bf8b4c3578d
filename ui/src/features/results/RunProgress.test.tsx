import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const backend = vi.hoisted(() => ({ runProgress: vi.fn() }));
vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  backend,
}));
const { RunProgress, PROGRESS_EVERY_MS } = await import("./RunProgress");

describe("RunProgress", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("asks DuckDB's counter five times a second and shows the statement and its share done", async () => {
    let rows = 0;
    // 100,000 rows more at each reading: 500,000 rows a second.
    backend.runProgress.mockImplementation(() => Promise.resolve({ statement: 2, statements: 3, fraction: 0.25, rowsProcessed: (rows += 100_000), totalRows: 10_000_000 }));
    render(<RunProgress runId="r1" />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1000);
    });
    expect(backend.runProgress).toHaveBeenCalledWith("r1");
    expect(backend.runProgress.mock.calls.length).toBeGreaterThanOrEqual(1000 / PROGRESS_EVERY_MS);
    const shown = screen.getByTestId("run-progress");
    expect(shown).toHaveTextContent("statement 2 of 3");
    expect(shown).toHaveTextContent("25%");
    expect(shown.querySelector("progress")).toHaveAttribute("value", "25");
    expect(screen.getByTestId("run-rate")).toHaveTextContent("500K rows/s");
  });

  it("shows no bar when DuckDB cannot tell, and nothing once the run is over", async () => {
    backend.runProgress.mockResolvedValueOnce({ statement: 1, statements: 1, fraction: null, rowsProcessed: 0, totalRows: 0 }).mockResolvedValue(null);
    render(<RunProgress runId="r2" />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(10);
    });
    expect(screen.getByTestId("run-progress").querySelector("progress")).toBeNull();
    expect(screen.queryByTestId("run-rate")).toBeNull();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(PROGRESS_EVERY_MS);
    });
    expect(screen.queryByTestId("run-progress")).toBeNull();
  });
});
