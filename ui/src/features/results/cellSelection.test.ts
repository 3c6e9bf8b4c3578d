import { CompactSelection, type GridSelection } from "@glideapps/glide-data-grid";
import { describe, expect, it } from "vitest";

import { cellCount, selectedCells, toRanges } from "./cellSelection";
import { copiedMessage, insertTableName } from "./copyFormats";

const none = CompactSelection.empty();
const order = [2, 0, 1]; // the first result column was dragged to the end

describe("selectedCells", () => {
  it("maps a cell range to view rows and the result's columns in the order shown", () => {
    const sel: GridSelection = { current: { cell: [0, 5], range: { x: 0, y: 5, width: 2, height: 3 }, rangeStack: [] }, rows: none, columns: none };
    expect(selectedCells(sel, order, 100)).toEqual({ rows: [{ start: 5, end: 8 }], columns: [2, 0] });
  });

  it("takes whole rows with every column, and whole columns with every row", () => {
    const rows: GridSelection = { rows: CompactSelection.fromSingleSelection([3, 6]).add(9), columns: none };
    expect(selectedCells(rows, order, 100)).toEqual({
      rows: [
        { start: 3, end: 6 },
        { start: 9, end: 10 },
      ],
      columns: [2, 0, 1],
    });
    const columns: GridSelection = { rows: none, columns: CompactSelection.fromSingleSelection(2) };
    const cells = selectedCells(columns, order, 100);
    expect(cells).toEqual({ rows: [{ start: 0, end: 100 }], columns: [1] });
    expect(cells && cellCount(cells)).toBe(100);
  });

  it("is nothing when nothing is selected", () => {
    expect(selectedCells({ rows: none, columns: none }, order, 100)).toBeNull();
  });

  it("folds consecutive rows into ranges", () => {
    expect(toRanges([1, 2, 3, 7, 8, 10])).toEqual([
      { start: 1, end: 4 },
      { start: 7, end: 9 },
      { start: 10, end: 11 },
    ]);
  });
});

describe("copy formats", () => {
  it("names the INSERT table after the query", () => {
    expect(insertTableName("Sales by Région 2024")).toBe("sales_by_region_2024");
    expect(insertTableName("2024 totals")).toBe("t_2024_totals");
    expect(insertTableName("!!!")).toBe("result");
  });

  it("says what was copied", () => {
    expect(copiedMessage(1, "tsv")).toBe("Copied 1 cell");
    expect(copiedMessage(12000, "markdown")).toBe("Copied 12,000 cells as Markdown");
  });
});
