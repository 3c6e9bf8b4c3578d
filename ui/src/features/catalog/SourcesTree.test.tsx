import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { SourceDto } from "../../lib/backend";
import { fakeBackend as backend } from "../../test/fakeBackend";
import { renderWithReads } from "../../test/render";

vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  backend: (await import("../../test/fakeBackend")).fakeBackend,
}));

const { SourcesTree, sqlName } = await import("./SourcesTree");

const ready: SourceDto = {
  id: 1,
  viewName: "file_sales",
  path: "/data/sales.csv",
  format: "csv",
  isFolder: false,
  sheet: null,
  encoding: "latin-1",
  status: { state: "ready" },
  columns: [
    { name: "amount", dataType: "DOUBLE" },
    { name: "Order Date", dataType: "DATE" },
  ],
};
const broken: SourceDto = { ...ready, id: 2, viewName: "file_gone", status: { state: "broken", message: "/data/gone.csv no longer exists" } };

describe("SourcesTree", () => {
  it("says what to do when there are no sources", () => {
    render(<SourcesTree sources={[]} onRename={vi.fn()} onRemove={vi.fn()} onInsert={vi.fn()} />);
    expect(screen.getByTestId("sources-empty")).toHaveTextContent(/Drop CSV/);
  });

  it("lists tables, shows columns with types on expand, and keeps broken sources with the reason", () => {
    const onInsert = vi.fn();
    render(<SourcesTree sources={[ready, broken]} onRename={vi.fn()} onRemove={vi.fn()} onInsert={onInsert} />);
    expect(screen.getByText("/data/gone.csv no longer exists")).toBeInTheDocument();
    const [firstExpand] = screen.getAllByLabelText("Expand");
    if (!firstExpand) throw new Error("no expand button");
    fireEvent.click(firstExpand);
    expect(screen.getByText("DOUBLE")).toBeInTheDocument();
    fireEvent.doubleClick(screen.getByText("Order Date"));
    expect(onInsert).toHaveBeenCalledWith('"Order Date"');
  });

  it("renames on Enter and reverts on Escape", async () => {
    const onRename = vi.fn().mockResolvedValue(true);
    render(<SourcesTree sources={[ready]} onRename={onRename} onRemove={vi.fn()} onInsert={vi.fn()} />);
    fireEvent.click(screen.getByLabelText("Rename file_sales"));
    const input = screen.getByLabelText("New table name");
    fireEvent.change(input, { target: { value: "Sales 2024" } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onRename).toHaveBeenCalledWith(1, "Sales 2024");
  });

  it("shows a text file's encoding and reads it with the one picked, and a Parquet file's rows from its footers", async () => {
    const onSetEncoding = vi.fn();
    const parquet: SourceDto = { ...ready, id: 4, viewName: "file_facts", format: "parquet", encoding: null };
    backend.tableDetails.mockResolvedValue({ kind: "view", estimatedRows: 1234, columns: [] });
    renderWithReads(<SourcesTree sources={[ready, parquet]} onRename={vi.fn()} onRemove={vi.fn()} onInsert={vi.fn()} onSetEncoding={onSetEncoding} />);
    for (const button of screen.getAllByLabelText("Expand")) fireEvent.click(button);
    const select = screen.getByLabelText("Text encoding of file_sales");
    expect(select).toHaveValue("latin-1");
    expect(screen.queryByLabelText("Text encoding of file_facts")).toBeNull();
    fireEvent.change(select, { target: { value: "utf-16" } });
    expect(onSetEncoding).toHaveBeenCalledWith(1, "utf-16");
    expect(await screen.findByText("1,234 rows (from the Parquet footers)")).toBeInTheDocument();
    expect(backend.tableDetails).toHaveBeenCalledWith("qbox", "main", "file_facts");
  });

  it("quotes names that need it", () => {
    expect(sqlName("file_sales")).toBe("file_sales");
    expect(sqlName('a "b"')).toBe('"a ""b"""');
    expect(sqlName("Amount")).toBe('"Amount"');
    expect(sqlName("order")).toBe('"order"');
    expect(sqlName("orders")).toBe("orders");
  });
  it("ticks the tables the open query uses and toggles one on click", () => {
    const onToggle = vi.fn();
    render(
      <SourcesTree
        sources={[ready, { ...ready, id: 3, viewName: "file_other" }]}
        onRename={vi.fn()}
        onRemove={vi.fn()}
        onInsert={vi.fn()}
        selected={new Set(["file_sales"])}
        onToggleSelect={onToggle}
      />,
    );
    expect(screen.getByLabelText("Use file_sales in this query")).toBeChecked();
    expect(screen.getByLabelText("Use file_other in this query")).not.toBeChecked();
    fireEvent.click(screen.getByLabelText("Use file_other in this query"));
    expect(onToggle).toHaveBeenCalledWith("file_other");
  });
  it("previews a ready table and summarizes it; broken ones offer neither", () => {
    const onPreview = vi.fn();
    render(<SourcesTree sources={[ready, broken]} onRename={vi.fn()} onRemove={vi.fn()} onInsert={vi.fn()} onPreview={onPreview} />);
    fireEvent.click(screen.getByLabelText("Preview file_sales"));
    expect(onPreview).toHaveBeenCalledWith({ title: "file_sales: first 100 rows", sql: "SELECT * FROM file_sales LIMIT 100" });
    fireEvent.click(screen.getByLabelText("Statistics of file_sales"));
    expect(onPreview).toHaveBeenLastCalledWith({ title: "file_sales: column statistics", sql: "SUMMARIZE file_sales" });
    expect(screen.queryByLabelText("Preview file_gone")).toBeNull();
  });
  it("keeps only sources whose name or a column matches the sidebar filter", () => {
    render(
      <SourcesTree
        sources={[ready, { ...ready, id: 5, viewName: "file_other", columns: [{ name: "x", dataType: "INTEGER" }] }]}
        onRename={vi.fn()}
        onRemove={vi.fn()}
        onInsert={vi.fn()}
        filter="order date"
      />,
    );
    expect(screen.getByText("file_sales")).toBeInTheDocument();
    expect(screen.queryByText("file_other")).toBeNull();
  });
});
