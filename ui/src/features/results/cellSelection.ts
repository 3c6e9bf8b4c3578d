// What the grid's selection covers, as the engine's copy asks for it: row ranges of the view
// and result columns in the order they are shown (columns can be dragged into another order).
import type { GridSelection } from "@glideapps/glide-data-grid";

import type { CellSelectionDto } from "../../lib/backend";

/** Consecutive indices as half-open ranges. */
export function toRanges(indices: Iterable<number>): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  for (const i of indices) {
    const last = ranges[ranges.length - 1];
    if (last && last.end === i) last.end = i + 1;
    else ranges.push({ start: i, end: i + 1 });
  }
  return ranges;
}

/**
 * The cells a selection covers: a cell range, whole rows (all columns), or whole columns (all
 * rows). `order` maps display positions to result columns. Null when nothing is selected.
 */
export function selectedCells(selection: GridSelection, order: number[], rowCount: number): CellSelectionDto | null {
  const shown = (positions: Iterable<number>) => [...positions].map((p) => order[p] ?? p);
  if (selection.rows.length > 0) {
    return { rows: toRanges(selection.rows), columns: shown(order.keys()) };
  }
  if (selection.columns.length > 0) {
    return { rows: [{ start: 0, end: rowCount }], columns: shown(selection.columns) };
  }
  const range = selection.current?.range;
  if (!range || range.width === 0 || range.height === 0) return null;
  const positions = Array.from({ length: range.width }, (_, i) => range.x + i);
  return { rows: [{ start: range.y, end: range.y + range.height }], columns: shown(positions) };
}

/** How many cells a selection covers. */
export function cellCount(cells: CellSelectionDto): number {
  return cells.rows.reduce((n, r) => n + (r.end - r.start), 0) * cells.columns.length;
}
