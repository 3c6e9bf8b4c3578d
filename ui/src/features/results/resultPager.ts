// The Arrow → grid adapter: keeps a few windows of a result (as Arrow tables) and answers
// cell lookups from them, fetching missing windows on demand. Pure logic, no React.
import type { Table } from "apache-arrow";

import type { ViewDto } from "../../lib/backend";
import { EMPTY_VIEW } from "./resultView";

export const WINDOW_ROWS = 500;
const MAX_WINDOWS = 24;

export type CellValue =
  | { kind: "loading" }
  | { kind: "null" }
  | { kind: "value"; text: string; numeric: boolean; raw: unknown };

export type FetchWindow = (offset: number, limit: number, view: ViewDto) => Promise<Table>;

/** Renders one Arrow value the way DuckDB would print it (exotic types arrive as text already). */
export function formatValue(value: unknown): { text: string; numeric: boolean } {
  if (typeof value === "bigint") return { text: value.toString(), numeric: true };
  if (typeof value === "number") {
    if (Number.isNaN(value)) return { text: "nan", numeric: true };
    if (!Number.isFinite(value)) return { text: value > 0 ? "inf" : "-inf", numeric: true };
    return { text: String(value), numeric: true };
  }
  if (typeof value === "boolean") return { text: value ? "true" : "false", numeric: false };
  if (typeof value === "string") return { text: value, numeric: false };
  return { text: String(value), numeric: false };
}

export class ResultPager {
  private windows = new Map<number, Table>();
  private pending = new Map<number, Promise<void>>();
  private generation = 0;

  constructor(
    private rows: number,
    private readonly fetchWindow: FetchWindow,
    private readonly onLoaded: (firstRow: number, rows: number) => void,
    private view: ViewDto = EMPTY_VIEW,
  ) {}

  get rowCount(): number {
    return this.rows;
  }

  get currentView(): ViewDto {
    return this.view;
  }

  /** Shows another view (`rowCount` rows); cached windows belong to the old one and are dropped. */
  setView(view: ViewDto, rowCount: number): void {
    this.view = view;
    this.rows = rowCount;
    this.generation += 1;
    this.windows.clear();
    this.pending.clear();
  }

  cell(col: number, row: number): CellValue {
    const index = Math.floor(row / WINDOW_ROWS);
    const table = this.windows.get(index);
    if (!table) {
      void this.load(index);
      return { kind: "loading" };
    }
    // Refresh recency so the least recently used window is evicted first.
    this.windows.delete(index);
    this.windows.set(index, table);
    const value: unknown = table.getChildAt(col)?.get(row - index * WINDOW_ROWS);
    if (value === null || value === undefined) return { kind: "null" };
    return { kind: "value", raw: value, ...formatValue(value) };
  }

  /** Loads the windows covering rows [first, first + count). */
  async ensure(first: number, count: number): Promise<void> {
    const from = Math.floor(Math.max(0, first) / WINDOW_ROWS);
    const to = Math.floor(Math.max(0, Math.min(this.rowCount - 1, first + count - 1)) / WINDOW_ROWS);
    const loads: Promise<void>[] = [];
    for (let i = from; i <= to; i++) loads.push(this.load(i));
    await Promise.all(loads);
  }

  private load(index: number): Promise<void> {
    if (this.windows.has(index)) return Promise.resolve();
    const existing = this.pending.get(index);
    if (existing) return existing;
    const generation = this.generation;
    const offset = index * WINDOW_ROWS;
    const promise = this.fetchWindow(offset, WINDOW_ROWS, this.view)
      .then((table) => {
        if (generation !== this.generation) return;
        this.windows.set(index, table);
        while (this.windows.size > MAX_WINDOWS) {
          const oldest = this.windows.keys().next().value;
          if (oldest === undefined) break;
          this.windows.delete(oldest);
        }
        this.onLoaded(offset, table.numRows);
      })
      .finally(() => {
        if (this.pending.get(index) === promise) this.pending.delete(index);
      });
    this.pending.set(index, promise);
    return promise;
  }

  /** Number of windows held in memory (bounded, whatever the result's size). */
  get cachedWindows(): number {
    return this.windows.size;
  }
}
