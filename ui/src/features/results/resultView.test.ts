import { describe, expect, it } from "vitest";

import { clickSort, describeFilter, EMPTY_VIEW, isIdentity, setFilter, sortMark } from "./resultView";
import { header, typeKind } from "./gridColumns";

const columns = [
  { name: "name", dataType: "VARCHAR" },
  { name: "n", dataType: "BIGINT" },
];

describe("result views", () => {
  it("a click sorts by one column: ascending, descending, then unsorted", () => {
    let sort = clickSort([], 1, false);
    expect(sort).toEqual([{ column: 1, descending: false }]);
    sort = clickSort(sort, 1, false);
    expect(sort).toEqual([{ column: 1, descending: true }]);
    expect(clickSort(sort, 1, false)).toEqual([]);
    expect(clickSort(sort, 0, false)).toEqual([{ column: 0, descending: false }]);
  });

  it("Shift+click adds a key after the others and keeps its rank when flipped", () => {
    let sort = clickSort([], 1, false);
    sort = clickSort(sort, 0, true);
    expect(sort).toEqual([
      { column: 1, descending: false },
      { column: 0, descending: false },
    ]);
    sort = clickSort(sort, 1, true);
    expect(sort).toEqual([
      { column: 1, descending: true },
      { column: 0, descending: false },
    ]);
    expect(sortMark(sort, 1)).toBe(" ↓1");
    expect(sortMark(sort, 0)).toBe(" ↑2");
    expect(clickSort(sort, 1, true)).toEqual([{ column: 0, descending: false }]);
  });

  it("one filter per column, described in words", () => {
    let view = setFilter(EMPTY_VIEW, 0, { kind: "contains", text: "a|b" });
    view = setFilter(view, 1, { kind: "range", min: "3", max: null });
    view = setFilter(view, 0, { kind: "isNull" });
    expect(view.filters.map((f) => describeFilter(f, columns))).toEqual(["n ≥ 3", "name is NULL"]);
    expect(isIdentity(view)).toBe(false);
    expect(isIdentity(setFilter(setFilter(view, 0, null), 1, null))).toBe(true);
    expect(isIdentity({ ...EMPTY_VIEW, search: "  " })).toBe(true);
  });

  it("headers carry the DuckDB type and an icon for its kind", () => {
    expect(typeKind("DECIMAL(18,3)")).toBe("number");
    expect(typeKind("TIMESTAMP WITH TIME ZONE")).toBe("date");
    expect(typeKind("INTEGER[]")).toBe("list");
    expect(typeKind("STRUCT(a INTEGER)")).toBe("struct");
    expect(typeKind("INTERVAL")).toBe("time");
    const h = header({ name: "n", dataType: "BIGINT" }, 1, [{ column: 1, descending: false }]);
    expect(h).toMatchObject({ title: "n ↑", kind: "number", type: "BIGINT" });
    const long = header({ name: "s", dataType: "STRUCT(a INTEGER, b VARCHAR, c DOUBLE)" }, 0, []);
    expect(long.type).toBe("STRUCT(a INTEGER, b VAR…");
    expect(long.type.length).toBe(24);
    expect(header({ name: "n", dataType: "BIGINT" }, 1, []).icon).not.toBe(header({ name: "s", dataType: "VARCHAR" }, 0, []).icon);
  });
});
