// A column's menu, opened from its header (menu button or right-click) or from "+ Filter": sort
// it, or keep only the rows whose value contains a text, equals a value, lies between bounds,
// or is (not) NULL. Radix's popover gives focus, Escape and closing on a click outside.
import * as Popover from "@radix-ui/react-popover";
import { useState, type FormEvent } from "react";

import type { ColumnDto, FilterConditionDto, ViewDto } from "../../lib/backend";
import { filterOn, isOrdered, setFilter } from "./resultView";

type Kind = FilterConditionDto["kind"];

const KINDS: { kind: Kind; label: string }[] = [
  { kind: "contains", label: "contains" },
  { kind: "equals", label: "equals" },
  { kind: "range", label: "between" },
  { kind: "isNull", label: "is NULL" },
  { kind: "notNull", label: "is not NULL" },
];

export interface ColumnMenuRequest {
  /** The column, or null to choose one in the menu ("+ Filter"). */
  column: number | null;
  /** Where to open it, in the window's coordinates. */
  at: { x: number; y: number; width: number; height: number };
}

interface Props {
  request: ColumnMenuRequest;
  columns: ColumnDto[];
  view: ViewDto;
  onChange: (view: ViewDto) => void;
  onClose: () => void;
  /** Opens the column's profile. */
  onProfile?: (column: number) => void;
}

function defaultKind(column: ColumnDto | undefined): Kind {
  return column && isOrdered(column.dataType) ? "range" : "contains";
}

export function ColumnMenu({ request, columns, view, onChange, onClose, onProfile }: Props) {
  const [column, setColumn] = useState(request.column ?? 0);
  const existing = filterOn(view, column);
  const [kind, setKind] = useState<Kind>(existing?.kind ?? defaultKind(columns[column]));
  const [text, setText] = useState(existing?.kind === "contains" ? existing.text : existing?.kind === "equals" ? existing.value : "");
  const [min, setMin] = useState(existing?.kind === "range" ? (existing.min ?? "") : "");
  const [max, setMax] = useState(existing?.kind === "range" ? (existing.max ?? "") : "");
  const col = columns[column];

  const chooseColumn = (i: number) => {
    setColumn(i);
    const f = filterOn(view, i);
    setKind(f?.kind ?? defaultKind(columns[i]));
  };

  const condition = (): FilterConditionDto | null => {
    switch (kind) {
      case "contains":
        return text === "" ? null : { kind, text };
      case "equals":
        return { kind, value: text };
      case "range":
        return min.trim() === "" && max.trim() === "" ? null : { kind, min: min.trim() || null, max: max.trim() || null };
      case "isNull":
      case "notNull":
        return { kind };
    }
  };

  const apply = (e: FormEvent) => {
    e.preventDefault();
    onChange(setFilter(view, column, condition()));
    onClose();
  };

  const sortBy = (descending: boolean) => {
    onChange({ ...view, sort: [{ column, descending }] });
    onClose();
  };

  return (
    <Popover.Root open onOpenChange={(open) => !open && onClose()}>
      <Popover.Anchor
        style={{ position: "fixed", left: request.at.x, top: request.at.y, width: request.at.width, height: request.at.height, pointerEvents: "none" }}
      />
      <Popover.Portal>
        <Popover.Content className="column-menu" side="bottom" align="start" sideOffset={2} data-testid="column-menu">
          <form onSubmit={apply}>
            {request.column === null ? (
              <label>
                Column
                <select value={column} onChange={(e) => chooseColumn(Number(e.target.value))} data-testid="filter-column">
                  {columns.map((c, i) => (
                    <option key={i} value={i}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <>
                <div className="column-menu-head">
                  <strong>{col?.name}</strong> <span className="muted">{col?.dataType}</span>
                </div>
                <div className="column-menu-sort">
                  <button type="button" onClick={() => sortBy(false)}>
                    Sort ascending
                  </button>
                  <button type="button" onClick={() => sortBy(true)}>
                    Sort descending
                  </button>
                </div>
                {onProfile && (
                  <button
                    type="button"
                    onClick={() => {
                      onClose();
                      onProfile(column);
                    }}
                    data-testid="profile-column"
                  >
                    Profile column…
                  </button>
                )}
              </>
            )}
            <label>
              Keep rows where the value
              <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="filter-kind">
                {KINDS.map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {k.label}
                  </option>
                ))}
              </select>
            </label>
            {(kind === "contains" || kind === "equals") && (
              <input
                autoFocus
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder={kind === "contains" ? "text (any case)" : `a ${col?.dataType ?? ""} value`}
                aria-label="Filter value"
                data-testid="filter-value"
              />
            )}
            {kind === "range" && (
              <div className="column-menu-range">
                <input autoFocus value={min} onChange={(e) => setMin(e.target.value)} placeholder="from" aria-label="From" data-testid="filter-min" />
                <span>and</span>
                <input value={max} onChange={(e) => setMax(e.target.value)} placeholder="to" aria-label="To" data-testid="filter-max" />
              </div>
            )}
            <div className="column-menu-actions">
              {existing && (
                <button
                  type="button"
                  onClick={() => {
                    onChange(setFilter(view, column, null));
                    onClose();
                  }}
                >
                  Remove filter
                </button>
              )}
              <button type="submit" className="primary" data-testid="filter-apply">
                Filter
              </button>
            </div>
          </form>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
