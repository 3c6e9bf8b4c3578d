// Above the grid: a quick search across every column, the active filters as chips (each
// removable), and how many of the result's rows the view shows.
import { useEffect, useRef, useState } from "react";

import type { ColumnDto, ViewDto } from "../../lib/backend";
import { describeFilter, setFilter } from "./resultView";

const SEARCH_PAUSE_MS = 250;
const fmt = new Intl.NumberFormat();

interface Props {
  columns: ColumnDto[];
  view: ViewDto;
  /** Rows the view shows (null while DuckDB computes it) and rows in the result. */
  shown: number | null;
  total: number;
  onChange: (view: ViewDto) => void;
  onAddFilter: (at: DOMRect) => void;
}

export function FilterBar({ columns, view, shown, total, onChange, onAddFilter }: Props) {
  const [search, setSearch] = useState(view.search ?? "");
  const latest = useRef({ view, onChange });
  latest.current = { view, onChange };
  useEffect(() => setSearch(view.search ?? ""), [view.search]);
  // Search once typing pauses, not on every key.
  useEffect(() => {
    const { view: v, onChange: change } = latest.current;
    if ((v.search ?? "") === search) return;
    const t = setTimeout(() => change({ ...v, search: search === "" ? null : search }), SEARCH_PAUSE_MS);
    return () => clearTimeout(t);
  }, [search]);

  const narrowed = view.filters.length > 0 || (view.search ?? "").trim() !== "";
  return (
    <div className="filter-bar" data-testid="filter-bar">
      <input
        type="search"
        className="grid-search"
        placeholder="Search all columns"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape" && search !== "") {
            e.stopPropagation();
            setSearch("");
          }
        }}
        aria-label="Search all columns"
        data-testid="grid-search"
      />
      {view.filters.map((f) => (
        <span key={f.column} className="filter-chip" data-testid="filter-chip">
          {describeFilter(f, columns)}
          <button aria-label={`Remove the filter on ${columns[f.column]?.name ?? "the column"}`} onClick={() => onChange(setFilter(view, f.column, null))}>
            ✕
          </button>
        </span>
      ))}
      <button className="link" onClick={(e) => onAddFilter(e.currentTarget.getBoundingClientRect())} data-testid="add-filter">
        + Filter
      </button>
      {narrowed && (
        <>
          <button className="link" onClick={() => onChange({ ...view, filters: [], search: null })}>
            Clear
          </button>
          <span className="spacer" />
          <span data-testid="filtered-count">
            {shown === null ? "Filtering…" : `${fmt.format(shown)} of ${fmt.format(total)} rows`}
          </span>
        </>
      )}
    </div>
  );
}
