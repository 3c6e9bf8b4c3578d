import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { ResultInfoDto, RunOutputDto, ViewDto } from "../../lib/backend";
import type { RunFeed } from "../../state/runs";

import { fakeBackend as backend } from "../../test/fakeBackend";

vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  backend: (await import("../../test/fakeBackend")).fakeBackend,
}));
// The canvas grid is Glide's; here it only says which result and view it was given.
vi.mock("./ResultsGrid", () => ({
  ResultsGrid: ({ result, view, rowCount }: { result: ResultInfoDto; view: ViewDto; rowCount: number }) => (
    <div data-testid="grid" data-result={result.id} data-rows={rowCount} data-view={JSON.stringify(view)} />
  ),
}));

// The chart view draws with ECharts; here it only says what it was asked to draw.
vi.mock("../charts/ChartView", () => ({
  ChartView: ({ resultId, config }: { resultId: number; config: unknown }) => <div data-testid="chart" data-result={resultId} data-config={JSON.stringify(config)} />,
}));

const { ResultsPanel } = await import("./ResultsPanel");
const { heard, NO_FEED } = await import("../../state/runs");

const result = (id: number, rowCount: number, complete = true): ResultInfoDto => ({
  id,
  rowCount,
  capped: false,
  complete,
  columns: [
    { name: "name", dataType: "VARCHAR" },
    { name: "age", dataType: "INTEGER" },
  ],
});

const output: RunOutputDto = {
  elapsedMs: 12,
  droppedResults: 0,
  statements: [
    { line: 1, preview: "select name from people", kind: "select", rowsChanged: null, result: result(1, 3), plan: null, elapsedMs: 4 },
    { line: 2, preview: "create table t as select 1", kind: "create", rowsChanged: 1, result: null, plan: null, elapsedMs: 2 },
    { line: 3, preview: "select name, age from people", kind: "select", rowsChanged: null, result: result(2, 1234), plan: null, elapsedMs: 6 },
  ],
};

function panel(notify = vi.fn()) {
  return render(<ResultsPanel run={{ status: "done", output, runId: "r", feed: NO_FEED }} dark={false} queryId={1} queryName="q" onNotify={notify} />);
}

describe("ResultsPanel", () => {
  it("shows a failed run's error above the earlier run's results, which stay browsable", () => {
    const error = { kind: "Sql" as const, data: { message: "Catalog Error: Table missing does not exist", line: 1, column: 15 } };
    render(
      <ResultsPanel
        run={{ status: "failed", error, sql: "select * from missing", from: 0, earlier: output }}
        dark={false}
        queryId={1}
        queryName="q"
        onNotify={vi.fn()}
      />,
    );
    expect(screen.getByTestId("run-error").textContent).toContain("Table missing does not exist");
    expect(screen.getByTestId("earlier-results").textContent).toContain("previous run");
    expect(screen.getByTestId("grid").dataset.result).toBe("2");
    expect(screen.getAllByTestId("result-tab")).toHaveLength(2);
  });

  it("shows only the error when no earlier run has results", () => {
    const error = { kind: "Sql" as const, data: { message: "Parser Error: syntax error", line: null, column: null } };
    render(<ResultsPanel run={{ status: "failed", error, sql: "selec", from: 0, earlier: null }} dark={false} queryId={1} queryName="q" onNotify={vi.fn()} />);
    expect(screen.getByTestId("run-error").textContent).toContain("syntax error");
    expect(screen.queryByTestId("grid")).toBeNull();
    expect(screen.queryByTestId("earlier-results")).toBeNull();
  });

  it("grows a streaming result's row count as its run tells, until its rows stop, and Stop cancels the run", async () => {
    backend.cancelQuery.mockResolvedValue(true);
    const streaming: RunOutputDto = {
      elapsedMs: 9,
      droppedResults: 0,
      statements: [{ line: 1, preview: "select * from big", kind: "select", rowsChanged: null, result: result(4, 2048, false), plan: null, elapsedMs: 9 }],
    };
    const shown = (feed: RunFeed) => <ResultsPanel run={{ status: "done", output: streaming, runId: "run-4", feed }} dark={false} queryId={1} queryName="q" onNotify={vi.fn()} />;
    const { rerender } = render(shown(NO_FEED));
    expect(screen.getByTestId("row-count")).toHaveTextContent("2,048 rows so far");
    let feed = heard(NO_FEED, { kind: "rowsKept", resultId: 4, rowCount: 5000 });
    rerender(shown(feed));
    expect(screen.getByTestId("grid")).toHaveAttribute("data-rows", "5000");
    expect(screen.getByTestId("row-count")).toHaveTextContent("5,000 rows so far");
    await userEvent.click(screen.getByTestId("stop-rows"));
    expect(backend.cancelQuery).toHaveBeenCalledWith("run-4");
    feed = heard(feed, { kind: "resultEnded", resultId: 4, rowCount: 7000, end: { kind: "stopped" } });
    rerender(shown(feed));
    expect(screen.getByTestId("stream-end")).toHaveTextContent("stopped");
    expect(screen.getByTestId("row-count")).toHaveTextContent("7,000 rows");
    expect(screen.getByTestId("grid")).toHaveAttribute("data-rows", "7000");
  });

  it("keeps the tab the user chose while the run tells more rows, and shows the last one for a new run", async () => {
    const at = (runId: string, feed: RunFeed) => <ResultsPanel run={{ status: "done", output, runId, feed }} dark={false} queryId={1} queryName="q" onNotify={vi.fn()} />;
    const { rerender } = render(at("r", NO_FEED));
    await userEvent.click(screen.getAllByTestId("result-tab")[0] as HTMLElement);
    expect(screen.getByTestId("grid")).toHaveAttribute("data-result", "1");
    rerender(at("r", heard(NO_FEED, { kind: "rowsKept", resultId: 2, rowCount: 5000 })));
    expect(screen.getByTestId("grid")).toHaveAttribute("data-result", "1");
    rerender(at("r2", NO_FEED));
    expect(screen.getByTestId("grid")).toHaveAttribute("data-result", "2");
  });

  it("shows a tab per statement that returned rows, the last one first", async () => {
    panel();
    const tabs = screen.getAllByTestId("result-tab");
    expect(tabs.map((t) => t.textContent)).toEqual(["1. select name from people 3", "2. select name, age from people 1,234"]);
    expect(tabs[1]).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("grid")).toHaveAttribute("data-result", "2");
    expect(screen.getByTestId("row-count")).toHaveTextContent("1,234 rows");
    await userEvent.click(tabs[0] as HTMLElement);
    expect(screen.getByTestId("grid")).toHaveAttribute("data-result", "1");
    expect(screen.getByTestId("row-count")).toHaveTextContent("3 rows");
  });

  it("asks DuckDB how many rows a filter keeps, and keeps the old view when the filter fails", async () => {
    const notify = vi.fn();
    backend.resultViewRows.mockResolvedValueOnce(17);
    panel(notify);
    await userEvent.click(screen.getByTestId("add-filter"));
    await userEvent.selectOptions(screen.getByTestId("filter-column"), "1");
    await userEvent.type(screen.getByTestId("filter-min"), "40{Enter}");
    const view = { sort: [], search: null, filters: [{ column: 1, condition: { kind: "range", min: "40", max: null } }] };
    expect(backend.resultViewRows).toHaveBeenCalledWith(2, view);
    await waitFor(() => expect(screen.getByTestId("filtered-count")).toHaveTextContent("17 of 1,234 rows"));
    expect(screen.getByTestId("grid")).toHaveAttribute("data-rows", "17");

    backend.resultViewRows.mockRejectedValueOnce(new Error("this filter cannot be applied: Conversion Error"));
    await userEvent.click(screen.getByTestId("add-filter"));
    await userEvent.selectOptions(screen.getByTestId("filter-column"), "1");
    await userEvent.selectOptions(screen.getByTestId("filter-kind"), "equals");
    await userEvent.type(screen.getByTestId("filter-value"), "abc{Enter}");
    await waitFor(() => expect(notify).toHaveBeenCalledWith("error", "this filter cannot be applied: Conversion Error"));
    expect(screen.getByTestId("filter-chip")).toHaveTextContent("age ≥ 40");
    expect(screen.getByTestId("grid")).toHaveAttribute("data-rows", "17");
  });

  it("shows an EXPLAIN's plan as a tree, and its rows on request", async () => {
    const plan = { analyzed: false, totalSeconds: null, roots: [{ name: "SEQ_SCAN", details: [], estimatedRows: 5, actualRows: null, seconds: null, children: [] }] };
    const explained: RunOutputDto = {
      elapsedMs: 3,
      droppedResults: 0,
      statements: [{ line: 1, preview: "EXPLAIN (FORMAT json) select 1", kind: "explain", rowsChanged: null, result: result(7, 1), plan, elapsedMs: 3 }],
    };
    render(<ResultsPanel run={{ status: "done", output: explained, runId: "r", feed: NO_FEED }} dark={false} queryId={1} queryName="q" onNotify={vi.fn()} />);
    expect(screen.getByTestId("plan-view")).toHaveTextContent("SEQ_SCAN");
    expect(screen.queryByTestId("grid")).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Rows" }));
    expect(screen.getByTestId("grid")).toHaveAttribute("data-result", "7");
  });

  it("switches between the grid and a chart of the same result, starting with a bar chart", async () => {
    panel();
    await userEvent.click(screen.getByTestId("show-chart"));
    const chart = await screen.findByTestId("chart");
    expect(chart).toHaveAttribute("data-result", "2");
    expect(JSON.parse(chart.dataset.config ?? "{}")).toEqual({ kind: "bar", x: 0, y: 1, aggregate: "sum", color: null });
    await userEvent.click(screen.getByTestId("show-grid"));
    expect(screen.getByTestId("grid")).toHaveAttribute("data-result", "2");
  });

  it("keeps the chart when the query runs again with the same columns", async () => {
    const { rerender } = panel();
    await userEvent.click(screen.getByTestId("show-chart"));
    expect(await screen.findByTestId("chart")).toHaveAttribute("data-result", "2");
    const again: RunOutputDto = { ...output, statements: output.statements.map((s) => (s.result ? { ...s, result: { ...s.result, id: s.result.id + 10 } } : s)) };
    rerender(<ResultsPanel run={{ status: "done", output: again, runId: "r", feed: NO_FEED }} dark={false} queryId={1} queryName="q" onNotify={vi.fn()} />);
    expect(await screen.findByTestId("chart")).toHaveAttribute("data-result", "12");
  });
});
