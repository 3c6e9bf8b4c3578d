import { act, fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

const backend = vi.hoisted(() => ({
  querySelections: vi.fn(),
  unselectTable: vi.fn(),
  selectTable: vi.fn(),
  queryRuns: vi.fn(),
}));
vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  backend,
}));

const { QueryDetails } = await import("./QueryDetails");

const catalog = [{ database: "qbox", schema: "main", name: "file_sales", columns: [{ name: "amount", dataType: "DOUBLE" }] }];

describe("QueryDetails", () => {
  it("lists the query's tables with columns, marks broken ones, and removes only after confirming", async () => {
    backend.querySelections.mockResolvedValue([
      { id: 1, qualifiedName: "file_sales", broken: false },
      { id: 2, qualifiedName: "file_gone", broken: true },
    ]);
    backend.unselectTable.mockResolvedValue(undefined);
    await act(async () => {
      render(<QueryDetails queryId={5} catalog={catalog} runKey={0} onOpenSql={vi.fn()} onError={vi.fn()} onClose={vi.fn()} />);
    });
    const items = screen.getAllByTestId("selection");
    expect(items.map((i) => i.dataset.name)).toEqual(["file_sales", "file_gone"]);
    expect(items[1]).toHaveTextContent(/source was removed/);
    fireEvent.click(screen.getAllByLabelText("Expand")[0] as HTMLElement);
    expect(screen.getByText("amount")).toBeInTheDocument();

    fireEvent.click(screen.getByLabelText("Remove file_gone from this query"));
    fireEvent.click(screen.getByText("Keep"));
    expect(backend.unselectTable).not.toHaveBeenCalled();
    fireEvent.click(screen.getByLabelText("Remove file_gone from this query"));
    backend.querySelections.mockResolvedValue([{ id: 1, qualifiedName: "file_sales", broken: false }]);
    await act(async () => fireEvent.click(screen.getByText("Remove")));
    expect(backend.unselectTable).toHaveBeenCalledWith(2);
    expect(screen.getAllByTestId("selection")).toHaveLength(1);
  });

  it("shows the run log with rows or errors, and opens a run's SQL", async () => {
    backend.querySelections.mockResolvedValue([]);
    backend.queryRuns.mockResolvedValue([
      { id: 2, sql: "select oops", startedAt: new Date().toISOString(), durationMs: 3, rowCount: null, error: "Binder Error: oops" },
      { id: 1, sql: "select 42", startedAt: new Date().toISOString(), durationMs: 12, rowCount: 1, error: null },
    ]);
    const onOpenSql = vi.fn();
    await act(async () => {
      render(<QueryDetails queryId={5} catalog={catalog} runKey={0} onOpenSql={onOpenSql} onError={vi.fn()} onClose={vi.fn()} />);
    });
    expect(screen.getByTestId("tables-empty")).toBeInTheDocument();
    await act(async () => fireEvent.click(screen.getByTestId("details-runs")));
    const entries = screen.getAllByTestId("run-entry");
    expect(entries[0]).toHaveTextContent("Binder Error: oops");
    expect(entries[1]).toHaveTextContent("1 rows");
    fireEvent.click(screen.getAllByText("Open this SQL")[1] as HTMLElement);
    expect(onOpenSql).toHaveBeenCalledWith("select 42");
  });
});
