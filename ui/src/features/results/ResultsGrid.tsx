// The results grid: Glide Data Grid (canvas) fed from Arrow windows of a result kept in DuckDB.
// Only the visible rows' windows are fetched; sorting asks DuckDB to order the whole result.
import "@glideapps/glide-data-grid/dist/index.css";

import {
  DataEditor,
  GridCellKind,
  type GridCell,
  type GridColumn,
  type Item,
  type Rectangle,
  type Theme,
  type DataEditorRef,
  CompactSelection,
  type GridSelection,
} from "@glideapps/glide-data-grid";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { backend, type ResultInfoDto, type SortDto } from "../../lib/backend";
import { ResultPager } from "./resultPager";

interface Props {
  result: ResultInfoDto;
  dark: boolean;
  onError: (message: string) => void;
  /** The order the grid shows (export writes rows in this order). */
  onSortChange?: (sort: SortDto | null) => void;
}

const lightTheme: Partial<Theme> = {
  accentColor: "#2563eb",
  bgCell: "#ffffff",
  bgHeader: "#f3f4f6",
  textDark: "#111827",
  textHeader: "#374151",
  borderColor: "#e5e7eb",
  fontFamily: "var(--mono)",
};

const darkTheme: Partial<Theme> = {
  accentColor: "#60a5fa",
  accentLight: "rgba(96, 165, 250, 0.2)",
  bgCell: "#111827",
  bgCellMedium: "#1f2937",
  bgHeader: "#1f2937",
  bgHeaderHasFocus: "#374151",
  bgHeaderHovered: "#374151",
  textDark: "#e5e7eb",
  textMedium: "#9ca3af",
  textLight: "#6b7280",
  textHeader: "#d1d5db",
  textBubble: "#e5e7eb",
  bgBubble: "#1f2937",
  borderColor: "#374151",
  horizontalBorderColor: "#1f2937",
  linkColor: "#93c5fd",
  fontFamily: "var(--mono)",
};

function nextSort(current: SortDto | null, column: number): SortDto | null {
  if (!current || current.column !== column) return { column, descending: false };
  if (!current.descending) return { column, descending: true };
  return null;
}

export function ResultsGrid({ result, dark, onError, onSortChange }: Props) {
  const grid = useRef<DataEditorRef>(null);
  const [sort, setSort] = useState<SortDto | null>(null);
  const [selection, setSelection] = useState<GridSelection>({
    columns: CompactSelection.empty(),
    rows: CompactSelection.empty(),
  });
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  const pager = useMemo(
    () =>
      new ResultPager(
        result.rowCount,
        (offset, limit, s) => backend.resultWindow(result.id, offset, limit, s),
        (first, rows) => {
          const cells: { cell: Item }[] = [];
          const region = visible.current;
          const from = Math.max(first, region.y);
          const to = Math.min(first + rows, region.y + region.height);
          for (let r = from; r < to; r++) {
            for (let c = 0; c < result.columns.length; c++) cells.push({ cell: [c, r] });
          }
          grid.current?.updateCells(cells);
        },
      ),
    [result],
  );
  const visible = useRef<Rectangle>({ x: 0, y: 0, width: 0, height: 60 });

  useEffect(() => {
    setSort(null);
  }, [result]);

  const columns: GridColumn[] = useMemo(
    () =>
      result.columns.map((c, i) => {
        const arrow = sort?.column === i ? (sort.descending ? " ↓" : " ↑") : "";
        return { title: `${c.name}${arrow}`, id: `${i}`, width: Math.min(320, Math.max(90, c.name.length * 9 + 40)) };
      }),
    [result, sort],
  );

  const getCellContent = useCallback(
    ([col, row]: Item): GridCell => {
      const v = pager.cell(col, row);
      if (v.kind === "loading") return { kind: GridCellKind.Loading, allowOverlay: false };
      if (v.kind === "null") {
        return {
          kind: GridCellKind.Text,
          data: "",
          displayData: "NULL",
          allowOverlay: false,
          themeOverride: { textDark: dark ? "#6b7280" : "#9ca3af" },
          copyData: "",
        };
      }
      if (v.numeric) {
        return {
          kind: GridCellKind.Text,
          data: v.text,
          displayData: v.text,
          allowOverlay: true,
          readonly: true,
          contentAlign: "right",
          copyData: v.text,
        };
      }
      return { kind: GridCellKind.Text, data: v.text, displayData: v.text, allowOverlay: true, readonly: true, copyData: v.text };
    },
    [pager, dark],
  );

  const onVisibleRegionChanged = useCallback(
    (r: Rectangle) => {
      visible.current = r;
      pager.ensure(r.y, r.height + 20).catch((e: unknown) => onErrorRef.current(e instanceof Error ? e.message : String(e)));
    },
    [pager],
  );

  const onHeaderClicked = useCallback(
    (col: number) => {
      const s = nextSort(pager.currentSort, col);
      pager.setSort(s);
      setSort(s);
      onSortChange?.(s);
      const r = visible.current;
      pager
        .ensure(r.y, r.height + 20)
        .then(() => grid.current?.updateCells(cellsIn(r, result.columns.length)))
        .catch((e: unknown) => onErrorRef.current(e instanceof Error ? e.message : String(e)));
    },
    [pager, result.columns.length, onSortChange],
  );

  return (
    <div className="grid-host" data-testid="results-grid" data-row-count={result.rowCount}>
      <DataEditor
        ref={grid}
        columns={columns}
        rows={result.rowCount}
        getCellContent={getCellContent}
        onVisibleRegionChanged={onVisibleRegionChanged}
        onHeaderClicked={onHeaderClicked}
        getCellsForSelection={true}
        gridSelection={selection}
        onGridSelectionChange={setSelection}
        rowMarkers="number"
        smoothScrollX
        smoothScrollY
        theme={dark ? darkTheme : lightTheme}
        width="100%"
        height="100%"
        keybindings={{ copy: true, selectAll: true, search: false }}
      />
    </div>
  );
}

function cellsIn(r: Rectangle, columnCount: number): { cell: Item }[] {
  const cells: { cell: Item }[] = [];
  for (let row = r.y; row < r.y + r.height; row++) {
    for (let c = 0; c < columnCount; c++) cells.push({ cell: [c, row] });
  }
  return cells;
}
