import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { ColumnProfileDto } from "../../lib/backend";
import { fakeBackend as backend } from "../../test/fakeBackend";
import { renderWithReads as render } from "../../test/render";

vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  backend: (await import("../../test/fakeBackend")).fakeBackend,
}));
const { ValueViewer } = await import("./ValueViewer");
const { ColumnProfile } = await import("./ColumnProfile");

const view = { sort: [], filters: [], search: null };

describe("ValueViewer", () => {
  it("shows a nested value as a folding tree and as indented JSON", async () => {
    backend.resultCellValue.mockResolvedValueOnce({ dataType: "STRUCT(a INTEGER[], b VARCHAR)", text: "{'a': [1, 2], 'b': <b>}", json: '{"a":[1,2],"b":"<b>"}' });
    render(<ValueViewer resultId={3} view={view} row={4} column={1} info={{ name: "st", dataType: "STRUCT" }} onCopy={vi.fn()} onClose={vi.fn()} />);
    const tree = await screen.findByTestId("json-tree");
    expect(backend.resultCellValue).toHaveBeenCalledWith(3, view, 4, 1);
    expect(tree).toHaveTextContent('"a": [ 2 items ]');
    expect(tree).toHaveTextContent('"b": "<b>"');
    // Values are text, never markup.
    expect(tree.querySelector("b")).toBeNull();
    await userEvent.click(screen.getByTestId("value-text"));
    expect(screen.getByTestId("value-text-body").textContent).toBe('{\n  "a": [\n    1,\n    2\n  ],\n  "b": "<b>"\n}');
  });

  it("shows long text as it is, and NULL as NULL", async () => {
    backend.resultCellValue.mockResolvedValueOnce({ dataType: "VARCHAR", text: "not { json", json: null });
    const { unmount } = render(<ValueViewer resultId={1} view={view} row={0} column={0} info={{ name: "t", dataType: "VARCHAR" }} onCopy={vi.fn()} onClose={vi.fn()} />);
    expect(await screen.findByTestId("value-text-body")).toHaveTextContent("not { json");
    expect(screen.queryByTestId("value-tree")).toBeNull();
    unmount();
    backend.resultCellValue.mockResolvedValueOnce({ dataType: "INTEGER", text: null, json: null });
    render(<ValueViewer resultId={1} view={view} row={0} column={0} info={{ name: "n", dataType: "INTEGER" }} onCopy={vi.fn()} onClose={vi.fn()} />);
    await waitFor(() => expect(screen.getByTestId("value-viewer")).toHaveTextContent("NULL"));
  });
});

describe("ColumnProfile", () => {
  it("shows DuckDB's figures and the most frequent values", async () => {
    const profile: ColumnProfileDto = {
      rows: 1000,
      nulls: 250,
      distinct: 12,
      min: "group_0",
      max: "group_9",
      mean: null,
      distribution: { kind: "topValues", values: [{ value: null, count: 250 }, { value: "group_1", count: 70 }], others: 680 },
    };
    backend.profileResultColumn.mockResolvedValueOnce(profile);
    render(<ColumnProfile resultId={2} view={view} column={3} info={{ name: "grp", dataType: "VARCHAR" }} onClose={vi.fn()} />);
    const stats = await screen.findByTestId("profile-stats");
    expect(stats).toHaveTextContent("250 (25%)");
    expect(screen.getByTestId("profile-distinct")).toHaveTextContent("12");
    const top = screen.getByTestId("profile-top");
    expect(top).toHaveTextContent("NULL");
    expect(top).toHaveTextContent("group_170");
    expect(top).toHaveTextContent("other values680");
  });
});
