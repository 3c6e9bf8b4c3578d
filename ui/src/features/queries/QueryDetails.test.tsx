import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { fakeBackend as backend } from "../../test/fakeBackend";
import { renderWithReads } from "../../test/render";

vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  backend: (await import("../../test/fakeBackend")).fakeBackend,
}));

const { QueryDetails } = await import("./QueryDetails");
const { readAgainFor } = await import("../../lib/reads");

const catalog = [{ database: "qbox", schema: "main", name: "file_sales", columns: [{ name: "amount", dataType: "DOUBLE" }] }];

describe("QueryDetails", () => {
  it("lists the query's tables with columns, marks broken ones, and removes only after confirming", async () => {
    backend.querySelections.mockResolvedValue([
      { id: 1, qualifiedName: "file_sales", broken: false },
      { id: 2, qualifiedName: "file_gone", broken: true },
    ]);
    backend.unselectTable.mockResolvedValue(undefined);
    const { reads } = renderWithReads(<QueryDetails queryId={5} catalog={catalog} onOpenSql={vi.fn()} onError={vi.fn()} onClose={vi.fn()} />);
    const items = await screen.findAllByTestId("selection");
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
    // The panel reads again when the workspace says the selections changed, not on its own.
    expect(screen.getAllByTestId("selection")).toHaveLength(2);
    await act(() => readAgainFor({ kind: "query", id: 6, part: "selections" }, reads));
    expect(screen.getAllByTestId("selection")).toHaveLength(2);
    await act(() => readAgainFor({ kind: "query", id: 5, part: "selections" }, reads));
    await waitFor(() => expect(screen.getAllByTestId("selection")).toHaveLength(1));
    // A catalog change may break a selection: read again too.
    backend.querySelections.mockResolvedValue([{ id: 1, qualifiedName: "file_sales", broken: true }]);
    await act(() => readAgainFor({ kind: "catalog" }, reads));
    await waitFor(() => expect(screen.getByTestId("selection")).toHaveTextContent(/source was removed/));
  });

  it("shows the run log with rows or errors, and opens a run's SQL", async () => {
    backend.querySelections.mockResolvedValue([]);
    backend.queryRuns.mockResolvedValue([
      { id: 2, sql: "select oops", startedAt: new Date().toISOString(), durationMs: 3, rowCount: null, error: "Binder Error: oops" },
      { id: 1, sql: "select 42", startedAt: new Date().toISOString(), durationMs: 12, rowCount: 1, error: null },
    ]);
    const onOpenSql = vi.fn();
    renderWithReads(<QueryDetails queryId={5} catalog={catalog} onOpenSql={onOpenSql} onError={vi.fn()} onClose={vi.fn()} />);
    expect(await screen.findByTestId("tables-empty")).toBeInTheDocument();
    fireEvent.click(screen.getByTestId("details-runs"));
    const entries = await screen.findAllByTestId("run-entry");
    expect(entries[0]).toHaveTextContent("Binder Error: oops");
    expect(entries[1]).toHaveTextContent("1 rows");
    fireEvent.click(screen.getAllByText("Open this SQL")[1] as HTMLElement);
    expect(onOpenSql).toHaveBeenCalledWith("select 42");
  });
});
