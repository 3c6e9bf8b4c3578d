import { tableFromArrays, type Table } from "apache-arrow";
import { describe, expect, it, vi } from "vitest";

import type { ViewDto } from "../../lib/backend";
import { formatValue, ResultPager, WINDOW_ROWS } from "./resultPager";
import { EMPTY_VIEW } from "./resultView";

const descending: ViewDto = { sort: [{ column: 0, descending: true }], filters: [], search: null };

/** A fake result of `rows` rows where column 0 is the row number (or its reverse when sorted). */
function fetcher(rows: number) {
  return vi.fn(async (offset: number, limit: number, view: ViewDto): Promise<Table> => {
    const n = Math.max(0, Math.min(limit, rows - offset));
    const values = Array.from({ length: n }, (_, i) => (view.sort[0]?.descending ? rows - 1 - (offset + i) : offset + i));
    return tableFromArrays({ i: Float64Array.from(values), s: values.map((v) => `row ${v}`) });
  });
}

describe("ResultPager (Arrow → grid adapter)", () => {
  it("answers loading first, then values from the fetched window", async () => {
    const fetch = fetcher(10_000_000);
    const loaded = vi.fn();
    const pager = new ResultPager(10_000_000, fetch, loaded);
    expect(pager.cell(1, 5_000_123)).toEqual({ kind: "loading" });
    await pager.ensure(5_000_123, 1);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith(Math.floor(5_000_123 / WINDOW_ROWS) * WINDOW_ROWS, WINDOW_ROWS, EMPTY_VIEW);
    expect(pager.cell(1, 5_000_123)).toMatchObject({ kind: "value", text: "row 5000123", numeric: false });
    expect(pager.cell(0, 5_000_123)).toMatchObject({ kind: "value", text: "5000123", numeric: true });
    expect(loaded).toHaveBeenCalled();
  });

  it("fetches a window once even when asked many times", async () => {
    const fetch = fetcher(1000);
    const pager = new ResultPager(1000, fetch, () => undefined);
    await Promise.all([pager.ensure(0, 10), pager.ensure(5, 10), pager.ensure(0, 1)]);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("keeps a bounded number of windows while scrolling far", async () => {
    const pager = new ResultPager(10_000_000, fetcher(10_000_000), () => undefined);
    for (let row = 0; row < 100 * WINDOW_ROWS; row += WINDOW_ROWS) await pager.ensure(row, 1);
    expect(pager.cachedWindows).toBeLessThanOrEqual(24);
  });

  it("drops cached windows when the view changes and refetches in the new order", async () => {
    const fetch = fetcher(100);
    const pager = new ResultPager(100, fetch, () => undefined);
    await pager.ensure(0, 10);
    expect(pager.cell(0, 0)).toMatchObject({ text: "0" });
    pager.setView(descending, 100);
    expect(pager.cell(0, 0)).toEqual({ kind: "loading" });
    await pager.ensure(0, 10);
    expect(pager.cell(0, 0)).toMatchObject({ text: "99" });
    expect(fetch).toHaveBeenLastCalledWith(0, WINDOW_ROWS, descending);
  });

  it("ignores a window that arrives after the view changed", async () => {
    let release: (t: Table) => void = () => undefined;
    const slow = vi.fn(() => new Promise<Table>((r) => (release = r)));
    const pager = new ResultPager(10, slow, () => undefined);
    const first = pager.ensure(0, 1);
    pager.setView({ ...EMPTY_VIEW, search: "x" }, 3);
    release(tableFromArrays({ i: Float64Array.from([42]) }));
    await first;
    expect(pager.cell(0, 0)).toEqual({ kind: "loading" });
  });

  it("formats values without losing precision", () => {
    expect(formatValue(9007199254740993n)).toEqual({ text: "9007199254740993", numeric: true });
    expect(formatValue(0.1)).toEqual({ text: "0.1", numeric: true });
    expect(formatValue(Number.NaN).text).toBe("nan");
    expect(formatValue(true)).toEqual({ text: "true", numeric: false });
    expect(formatValue("{'k': v}").text).toBe("{'k': v}");
  });
});
