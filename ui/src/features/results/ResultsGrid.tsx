// The results grid: Glide Data Grid (canvas) fed from Arrow windows of a result kept in DuckDB.
// Only the visible rows' windows are fetched; sorting and filtering ask DuckDB for a view of the
// whole result. Headers show the DuckDB type; columns can be resized (remembered per query) and
// moved; the first column stays in place while scrolling sideways.
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

import { ContextMenu, type ContextMenuItem } from "../../components/ui/ContextMenu";
import { backend, type CellSelectionDto, type ResultInfoDto, type ViewDto, errorMessage } from "../../lib/backend";
import { selectedCells } from "./cellSelection";
import { loadWidths, saveWidth } from "./columnWidths";
import { COPY_CHOICES, type CopyChoice } from "./copyFormats";
import { defaultWidth, header } from "./gridColumns";
import { ResultPager } from "./resultPager";
import { clickSort, EMPTY_VIEW } from "./resultView";

interface Props {
  result: ResultInfoDto;
  dark: boolean;
  onError: (message: string) => void;
  /** What the grid shows of the result, and how many rows that is. */
  view?: ViewDto;
  rowCount?: number;
  /** A header click asks for another order (Shift+click adds a key). */
  onViewChange?: (view: ViewDto) => void;
  /** The header's menu button (or a right-click on a header): where to open the column's menu. */
  onColumnMenu?: (column: number, at: Rectangle) => void;
  /** The query whose column widths are remembered (none for previews). */
  queryId?: number | null;
  /** Copy the selected cells (Ctrl/Cmd+C, the cells' right-click menu). */
  onCopy?: (cells: CellSelectionDto, choice: CopyChoice) => void;
  /** Show a whole value (Enter or a double click on a cell), by view row and result column. */
  onOpenValue?: (row: number, column: number) => void;
  /** Show a row on its side (Shift+Enter). */
  onOpenRecord?: (row: number) => void;
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

const HEADER_HEIGHT = 38;

export function ResultsGrid({
  result,
  dark,
  onError,
  view = EMPTY_VIEW,
  rowCount,
  onViewChange,
  onColumnMenu,
  queryId = null,
  onCopy,
  onOpenValue,
  onOpenRecord,
}: Props) {
  const grid = useRef<DataEditorRef>(null);
  const rows = rowCount ?? result.rowCount;
  const [selection, setSelection] = useState<GridSelection>({
    columns: CompactSelection.empty(),
    rows: CompactSelection.empty(),
  });
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;
  const visible = useRef<Rectangle>({ x: 0, y: 0, width: 0, height: 60 });

  const pager = useMemo(
    () =>
      new ResultPager(
        result.rowCount,
        (offset, limit, v) => backend.resultWindow(result.id, offset, limit, v),
        (first, count) => {
          const region = visible.current;
          const from = Math.max(first, region.y);
          const to = Math.min(first + count, region.y + region.height);
          grid.current?.updateCells(cellsIn({ ...region, y: from, height: Math.max(0, to - from) }, result.columns.length));
        },
      ),
    [result],
  );

  // A new view: drop the old windows and load the visible ones in the new order. Counting the
  // loads gives getCellContent a new identity, so Glide also redraws the accessible table it
  // keeps behind the canvas (updateCells repaints the canvas only).
  const [viewLoads, setViewLoads] = useState(0);
  useEffect(() => {
    if (pager.currentView === view && pager.rowCount === rows) return;
    pager.setView(view, rows);
    const r = visible.current;
    pager
      .ensure(r.y, r.height + 20)
      .then(() => {
        grid.current?.updateCells(cellsIn(r, result.columns.length));
        setViewLoads((n) => n + 1);
      })
      .catch((e: unknown) => onErrorRef.current(errorMessage(e)));
  }, [pager, view, rows, result.columns.length]);

  // Display position → result column (columns can be dragged into another order).
  const [order, setOrder] = useState<number[]>(() => result.columns.map((_, i) => i));
  const [widths, setWidths] = useState<Record<string, number>>(() => loadWidths(queryId));
  useEffect(() => {
    setOrder(result.columns.map((_, i) => i));
    setWidths(loadWidths(queryId));
  }, [result, queryId]);

  const columns: GridColumn[] = useMemo(
    () =>
      order.map((i) => {
        const c = result.columns[i] as ResultInfoDto["columns"][number];
        const h = header(c, i, view.sort);
        return {
          title: h.title,
          id: `${i}`,
          icon: h.icon,
          hasMenu: onColumnMenu !== undefined,
          width: widths[c.name] ?? defaultWidth(c),
        };
      }),
    [result, order, view.sort, widths, onColumnMenu],
  );

  const getCellContent = useCallback(
    ([col, row]: Item): GridCell => {
      void viewLoads;
      const v = pager.cell(order[col] ?? col, row);
      if (v.kind === "loading") return { kind: GridCellKind.Loading, allowOverlay: false };
      if (v.kind === "null") {
        // Greyed and italic, so that NULL never reads as the text "NULL".
        return {
          kind: GridCellKind.Text,
          data: "",
          displayData: "NULL",
          allowOverlay: false,
          themeOverride: { textDark: dark ? "#6b7280" : "#9ca3af", baseFontStyle: "italic 13px" },
          copyData: "",
        };
      }
      return {
        kind: GridCellKind.Text,
        data: v.text,
        displayData: v.text,
        // Enter and double click open QBox's value viewer, which reads the value whole.
        allowOverlay: false,
        readonly: true,
        contentAlign: v.numeric ? "right" : undefined,
        copyData: v.text,
      };
    },
    [pager, dark, order, viewLoads],
  );

  const onVisibleRegionChanged = useCallback(
    (r: Rectangle) => {
      visible.current = r;
      pager.ensure(r.y, r.height + 20).catch((e: unknown) => onErrorRef.current(errorMessage(e)));
    },
    [pager],
  );

  const onHeaderClicked = useCallback(
    (col: number, event: { shiftKey: boolean; button: number }) => {
      // Only the main button sorts; a right-click opens the column's menu.
      if (!onViewChange || event.button !== 0) return;
      const column = order[col] ?? col;
      onViewChange({ ...view, sort: clickSort(view.sort, column, event.shiftKey) });
    },
    [onViewChange, view, order],
  );

  const drawHeader = useCallback(
    (args: Parameters<NonNullable<React.ComponentProps<typeof DataEditor>["drawHeader"]>>[0], drawContent: () => void) => {
      drawContent();
      const c = result.columns[order[args.columnIndex] ?? args.columnIndex];
      if (!c) return;
      const { ctx, rect, theme } = args;
      ctx.save();
      ctx.font = `10px ${theme.fontFamily}`;
      ctx.fillStyle = theme.textLight;
      ctx.textAlign = "right";
      ctx.fillText(header(c, 0, []).type, rect.x + rect.width - 8, rect.y + rect.height - 4);
      ctx.restore();
    },
    [result, order],
  );

  const cells = useCallback(() => selectedCells(selection, order, rows), [selection, order, rows]);
  const focusedRow = selection.current?.cell[1] ?? selection.rows.first() ?? null;
  const focusedColumn = selection.current ? (order[selection.current.cell[0]] ?? selection.current.cell[0]) : null;

  // `cancel` keeps Glide from handling the key too (Enter would also open the value viewer).
  const onKeyDown = useCallback(
    (e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; preventDefault: () => void; cancel: () => void }) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "c" && onCopy) {
        const picked = cells();
        if (!picked) return;
        e.preventDefault();
        e.cancel();
        const choice = COPY_CHOICES.find((c) => c.key === (e.shiftKey ? "tsv-header" : "tsv"));
        if (choice) onCopy(picked, choice);
      } else if (e.key === "Enter" && e.shiftKey && focusedRow !== null && onOpenRecord) {
        e.preventDefault();
        e.cancel();
        onOpenRecord(focusedRow);
      }
    },
    [cells, onCopy, onOpenRecord, focusedRow],
  );

  const picked = cells();
  const menu: ContextMenuItem[] = [
    ...COPY_CHOICES.map((choice) => ({
      key: choice.key,
      label: choice.label,
      disabled: picked === null || !onCopy,
      onSelect: () => picked && onCopy?.(picked, choice),
      data: { "data-testid": `copy-${choice.key}` } as Record<`data-${string}`, string>,
    })),
    {
      key: "column-name",
      label: "Copy column name",
      separatorBefore: true,
      disabled: focusedColumn === null,
      onSelect: () => {
        const c = focusedColumn !== null ? result.columns[focusedColumn] : undefined;
        if (c) void navigator.clipboard?.writeText(c.name);
      },
    },
    {
      key: "value",
      label: "Show value (Enter)",
      separatorBefore: true,
      disabled: focusedRow === null || focusedColumn === null || !onOpenValue,
      onSelect: () => focusedRow !== null && focusedColumn !== null && onOpenValue?.(focusedRow, focusedColumn),
      data: { "data-testid": "menu-show-value" },
    },
    {
      key: "record",
      label: "Show row as record (Shift+Enter)",
      disabled: focusedRow === null || !onOpenRecord,
      onSelect: () => focusedRow !== null && onOpenRecord?.(focusedRow),
      data: { "data-testid": "menu-show-record" },
    },
  ];

  return (
    <ContextMenu items={menu}>
      <div className="grid-host" data-testid="results-grid" data-row-count={rows}>
        <DataEditor
          ref={grid}
          columns={columns}
          rows={rows}
          headerHeight={HEADER_HEIGHT}
          getCellContent={getCellContent}
          onVisibleRegionChanged={onVisibleRegionChanged}
          onHeaderClicked={onHeaderClicked}
          onHeaderMenuClick={(col, at) => onColumnMenu?.(order[col] ?? col, at)}
          onHeaderContextMenu={(col, e) => {
            e.preventDefault();
            onColumnMenu?.(order[col] ?? col, { x: e.bounds.x, y: e.bounds.y, width: e.bounds.width, height: e.bounds.height });
          }}
          drawHeader={drawHeader}
          onColumnResize={(column, size) => {
            const c = result.columns[Number(column.id)];
            if (!c) return;
            setWidths((w) => ({ ...w, [c.name]: size }));
            saveWidth(queryId, c.name, size);
          }}
          onColumnMoved={(from, to) =>
            setOrder((o) => {
              const next = [...o];
              const [moved] = next.splice(from, 1);
              if (moved !== undefined) next.splice(to, 0, moved);
              return next;
            })
          }
          freezeColumns={result.columns.length > 2 ? 1 : 0}
          getCellsForSelection={true}
          gridSelection={selection}
          onGridSelectionChange={setSelection}
          rowMarkers="number"
          smoothScrollX
          smoothScrollY
          theme={dark ? darkTheme : lightTheme}
          width="100%"
          height="100%"
          // Copy goes through DuckDB (every selected row, loaded or not), so Glide's is off.
          keybindings={{ copy: false, selectAll: true, search: false }}
          onKeyDown={onKeyDown}
          // Glide's default also opens it on a second click of the selected cell, which a click
          // back into the grid (after a menu, say) would do unasked.
          cellActivationBehavior="double-click"
          onCellActivated={([col, row]) => onOpenValue?.(row, order[col] ?? col)}
          onCellContextMenu={([col, row]) => {
            // A right-click outside the selection selects that cell first, as spreadsheets do.
            const inside = picked !== null && picked.columns.includes(order[col] ?? col) && picked.rows.some((r) => row >= r.start && row < r.end);
            if (!inside) {
              setSelection({
                current: { cell: [col, row], range: { x: col, y: row, width: 1, height: 1 }, rangeStack: [] },
                columns: CompactSelection.empty(),
                rows: CompactSelection.empty(),
              });
            }
          }}
        />
      </div>
    </ContextMenu>
  );
}

function cellsIn(r: Rectangle, columnCount: number): { cell: Item }[] {
  const cells: { cell: Item }[] = [];
  for (let row = r.y; row < r.y + r.height; row++) {
    for (let c = 0; c < columnCount; c++) cells.push({ cell: [c, row] });
  }
  return cells;
}
