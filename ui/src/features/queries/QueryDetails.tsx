// The open query's side panel: its Tables (selections, with columns, copy and remove) and its
// Run log (each run's SQL, time, duration, rows or error, with "Open this SQL").
import { ChevronDown, ChevronRight, Copy, X } from "lucide-react";
import { useState } from "react";

import { backend, type SelectionDto, type TableDto, errorMessage } from "../../lib/backend";
import { useRunLog, useSelectionsOf } from "../../lib/reads";
import { formatMs } from "../results/ResultsPanel";
import { relativeTime } from "./relativeTime";

interface Props {
  queryId: number;
  catalog: TableDto[];
  onOpenSql: (sql: string) => void;
  onError: (message: string) => void;
  onClose: () => void;
}

export function QueryDetails({ queryId, catalog, onOpenSql, onError, onClose }: Props) {
  const [tab, setTab] = useState<"tables" | "runs">("tables");
  return (
    <aside className="details" data-testid="query-details">
      <div className="details-head" role="tablist">
        <button role="tab" aria-selected={tab === "tables"} onClick={() => setTab("tables")} data-testid="details-tables">
          Tables
        </button>
        <button role="tab" aria-selected={tab === "runs"} onClick={() => setTab("runs")} data-testid="details-runs">
          Run log
        </button>
        <span className="spacer" />
        <button aria-label="Close panel" title="Close" onClick={onClose}>
          <X size={14} aria-hidden />
        </button>
      </div>
      {tab === "tables" ? (
        <TablesPanel queryId={queryId} catalog={catalog} onError={onError} />
      ) : (
        <RunLog queryId={queryId} onOpenSql={onOpenSql} />
      )}
    </aside>
  );
}

function TablesPanel({ queryId, catalog, onError }: { queryId: number; catalog: TableDto[]; onError: (m: string) => void }) {
  const { data: selections, error } = useSelectionsOf(queryId);
  if (error) return <div className="node-error">{errorMessage(error)}</div>;
  if (!selections) return <div className="empty-state">Loading…</div>;
  if (selections.length === 0) {
    return (
      <div className="empty-state" data-testid="tables-empty">
        No tables yet. Tick tables in Data sources to add them to this query.
      </div>
    );
  }
  return (
    <ul className="tree" data-testid="tables-panel">
      {selections.map((s) => (
        <SelectionItem
          key={s.id}
          selection={s}
          table={catalog.find(
            (t) =>
              t.name === s.qualifiedName ||
              `${t.schema}.${t.name}` === s.qualifiedName ||
              `${t.database}.${t.schema}.${t.name}` === s.qualifiedName,
          )}
          onRemove={() => backend.unselectTable(s.id).catch((e: unknown) => onError(errorMessage(e)))}
        />
      ))}
    </ul>
  );
}

function SelectionItem({ selection, table, onRemove }: { selection: SelectionDto; table: TableDto | undefined; onRemove: () => void }) {
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  return (
    <li className={selection.broken ? "node broken" : "node"} data-testid="selection" data-name={selection.qualifiedName}>
      <div className="node-row">
        <button className="twisty" aria-label={open ? "Collapse" : "Expand"} onClick={() => setOpen(!open)} disabled={!table}>
          {open ? <ChevronDown size={14} aria-hidden /> : <ChevronRight size={14} aria-hidden />}
        </button>
        <span className="node-name">{selection.qualifiedName}</span>
        {confirming ? (
          <span className="confirm-inline">
            Remove from this query?
            <button className="danger" onClick={onRemove}>
              Remove
            </button>
            <button onClick={() => setConfirming(false)}>Keep</button>
          </span>
        ) : (
          <span className="node-actions">
            <button
              title="Copy the qualified name"
              aria-label={`Copy ${selection.qualifiedName}`}
              onClick={() => void navigator.clipboard?.writeText(selection.qualifiedName)}
            >
              <Copy size={14} aria-hidden />
            </button>
            <button title="Remove from this query" aria-label={`Remove ${selection.qualifiedName} from this query`} onClick={() => setConfirming(true)}>
              <X size={14} aria-hidden />
            </button>
          </span>
        )}
      </div>
      {selection.broken && <div className="node-error">Its source was removed or the table no longer exists.</div>}
      {open && table && (
        <ul className="columns">
          {table.columns.map((c, i) => (
            <li key={`${c.name}-${i}`} className="column">
              <span>{c.name}</span>
              <span className="type">{c.dataType}</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function RunLog({ queryId, onOpenSql }: { queryId: number; onOpenSql: (sql: string) => void }) {
  const { data: runs, error } = useRunLog(queryId);
  if (error) return <div className="node-error">{errorMessage(error)}</div>;
  if (!runs) return <div className="empty-state">Loading…</div>;
  if (runs.length === 0) return <div className="empty-state">This query has not run yet.</div>;
  return (
    <ul className="run-log" data-testid="run-log">
      {runs.map((r) => (
        <li key={r.id} className={r.error ? "run failed" : "run"} data-testid="run-entry">
          <div className="run-meta">
            <span title={r.startedAt}>{relativeTime(r.startedAt)}</span>
            {r.durationMs !== null && <span>{formatMs(r.durationMs)}</span>}
            {r.error ? <span className="status-error">error</span> : r.rowCount !== null ? <span>{new Intl.NumberFormat().format(r.rowCount)} rows</span> : <span>done</span>}
            <span className="spacer" />
            <button onClick={() => onOpenSql(r.sql)} title="Put this SQL in the editor (Ctrl/Cmd+Z undoes it)">
              Open this SQL
            </button>
          </div>
          <pre className="run-sql">{r.sql}</pre>
          {r.error && <div className="node-error">{r.error}</div>}
        </li>
      ))}
    </ul>
  );
}
