// What the grid shows of a result: sort keys (a header click sorts by one column, Shift+click
// adds one), filters per column and a quick search. DuckDB evaluates them over the whole
// result; this module only builds and describes the view the backend is asked for.
import type { ColumnDto, FilterConditionDto, FilterDto, SortDto, ViewDto } from "../../lib/backend";

export const EMPTY_VIEW: ViewDto = { sort: [], filters: [], search: null };

export function isIdentity(view: ViewDto): boolean {
  return view.sort.length === 0 && view.filters.length === 0 && !view.search?.trim();
}

/** A header click: ascending, then descending, then unsorted. With `add` (Shift), the column
 * joins or leaves the keys after the others; without it, it becomes the only key. */
export function clickSort(sort: SortDto[], column: number, add: boolean): SortDto[] {
  const current = sort.find((k) => k.column === column);
  const next: SortDto | null = !current
    ? { column, descending: false }
    : !current.descending
      ? { column, descending: true }
      : null;
  if (!add) return next ? [next] : [];
  const others = sort.filter((k) => k.column !== column);
  if (!next) return others;
  return current ? sort.map((k) => (k.column === column ? next : k)) : [...others, next];
}

/** The header's sort mark: an arrow, with the key's rank when several columns sort. */
export function sortMark(sort: SortDto[], column: number): string {
  const i = sort.findIndex((k) => k.column === column);
  if (i < 0) return "";
  const arrow = sort[i]?.descending ? "↓" : "↑";
  return sort.length > 1 ? ` ${arrow}${i + 1}` : ` ${arrow}`;
}

/** The view with `condition` on `column` (replacing its filter), or with none when `null`. */
export function setFilter(view: ViewDto, column: number, condition: FilterConditionDto | null): ViewDto {
  const others = view.filters.filter((f) => f.column !== column);
  return { ...view, filters: condition ? [...others, { column, condition }] : others };
}

export function filterOn(view: ViewDto, column: number): FilterConditionDto | null {
  return view.filters.find((f) => f.column === column)?.condition ?? null;
}

/** A filter in words, for its chip: `name contains "x"`, `n between 1 and 5`, `s is empty`. */
export function describeFilter(filter: FilterDto, columns: ColumnDto[]): string {
  const name = columns[filter.column]?.name ?? `column ${filter.column + 1}`;
  const c = filter.condition;
  switch (c.kind) {
    case "contains":
      return `${name} contains “${c.text}”`;
    case "equals":
      return `${name} = ${c.value}`;
    case "range":
      if (c.min && c.max) return `${name} between ${c.min} and ${c.max}`;
      if (c.min) return `${name} ≥ ${c.min}`;
      return `${name} ≤ ${c.max ?? ""}`;
    case "isNull":
      return `${name} is NULL`;
    case "notNull":
      return `${name} is not NULL`;
  }
}

/** Types whose filters read bounds (numbers, dates, times): they get "between" by default. */
export function isOrdered(dataType: string): boolean {
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL|DATE|TIME|TIMESTAMP)/.test(
    dataType,
  );
}
