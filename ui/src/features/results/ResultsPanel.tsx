// The lower pane: what the run did (row count, time, cap, statements) and the grid.
import { useEffect, useState } from "react";

import { describeError, type SortDto } from "../../lib/backend";
import { ExportButton } from "../export/ExportButton";
import type { RunState } from "../../state/query";
import { ResultsGrid } from "./ResultsGrid";
import { statementLabel } from "./statementKind";

const fmt = new Intl.NumberFormat();

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(performance.now());
  useEffect(() => {
    const t = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(t);
  }, []);
  return <>{formatMs(now - since)}</>;
}

interface Props {
  run: RunState;
  dark: boolean;
  queryName: string;
  onNotify: (tone: "info" | "error", text: string) => void;
  /** Asks the assistant to fix the failed SQL (absent when it is not set up). */
  onFix?: (sql: string, error: string) => void;
}

export function ResultsPanel({ run, dark, queryName, onNotify, onFix }: Props) {
  const result = run.status === "done" ? run.output.result : null;
  const [sort, setSort] = useState<SortDto | null>(null);
  useEffect(() => setSort(null), [result]);
  return (
    <div className="results-pane">
      <div className="status" data-testid="run-status" data-status={run.status}>
        <StatusLine run={run} />
        <span className="spacer" />
        {result && (
          <ExportButton resultId={result.id} sort={sort} queryName={queryName} rowCount={result.rowCount} onNotify={onNotify} />
        )}
      </div>
      <div className="results-body">
        {result ? (
          <ResultsGrid result={result} dark={dark} onError={(m) => onNotify("error", m)} onSortChange={setSort} />
        ) : run.status === "failed" ? (
          <div className="run-failed">
            <pre className="error-box" data-testid="run-error">
              {describeError(run.error)}
              {run.error.kind === "Sql" && run.error.data.line !== null ? `\n(line ${run.error.data.line}${run.error.data.column !== null ? `, column ${run.error.data.column}` : ""})` : ""}
            </pre>
            {onFix && run.error.kind !== "Cancelled" && (
              <button onClick={() => onFix(run.sql, describeError(run.error))} data-testid="fix-with-ai">
                Fix with AI
              </button>
            )}
          </div>
        ) : (
          <div className="empty-state">
            {run.status === "running" ? "Running…" : run.status === "done" ? "The statement returned no rows to show." : "Run a query to see its results here."}
          </div>
        )}
      </div>
    </div>
  );
}

function StatusLine({ run }: { run: RunState }) {
  switch (run.status) {
    case "idle":
      return <span>Ready</span>;
    case "running":
      return (
        <span>
          Running… <Elapsed since={run.startedAt} /> — press Cancel or Esc to stop
        </span>
      );
    case "cancelled":
      return <span>Cancelled</span>;
    case "failed":
      return <span className="status-error">Error</span>;
    case "done": {
      const { result, statements, elapsedMs } = run.output;
      const others = statements.slice(0, -1);
      const last = statements[statements.length - 1];
      const changed = last?.rowsChanged;
      return (
        <span>
          {result ? (
            <span data-testid="row-count">{fmt.format(result.rowCount)} rows</span>
          ) : changed !== null && changed !== undefined ? (
            <span>
              {statementLabel(last?.kind)} · {fmt.format(changed)} rows changed
            </span>
          ) : (
            <span>{statementLabel(last?.kind)} done</span>
          )}
          {" · "}
          <span data-testid="elapsed">{formatMs(elapsedMs ?? 0)}</span>
          {others.length > 0 && ` · ${others.length} earlier statement${others.length > 1 ? "s" : ""} ran`}
          {result?.capped && (
            <span className="status-warn" data-testid="capped">
              {" "}
              · only the first {fmt.format(result.rowCount)} rows were kept (row cap); export writes these rows
            </span>
          )}
        </span>
      );
    }
  }
}
