// The lower pane: what the run did (row count, time, cap, statements), one tab per statement
// that returned rows, and for the chosen one its filters and its grid.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";

import { backend, describeError, type CellSelectionDto, type ResultEndDto, type ResultInfoDto, type ViewDto, errorMessage } from "../../lib/backend";
import { columnsKey, defaultConfig, type ChartConfig } from "../charts/chartConfig";
import { ExportButton } from "../export/ExportButton";
import { shownOutput, type RunState } from "../../state/runs";
import { ColumnMenu, type ColumnMenuRequest } from "./ColumnMenu";
import { ColumnProfile } from "./ColumnProfile";
import { copiedMessage, insertTableName, type CopyChoice } from "./copyFormats";
import { PlanView } from "./PlanView";
import { walk } from "./planTree";
import { RecordView } from "./RecordView";
import { RunProgress } from "./RunProgress";
import { ValueViewer } from "./ValueViewer";
import { FilterBar } from "./FilterBar";
import { ResultsGrid } from "./ResultsGrid";
import { EMPTY_VIEW, isIdentity } from "./resultView";
import { statementResults, type StatementResult } from "./runResults";
import { statementLabel } from "./statementKind";
import { streamEndNote, streamedResult } from "./streamedRows";

const fmt = new Intl.NumberFormat();
// ECharts is loaded with the first chart, not with the app.
const ChartView = lazy(() => import("../charts/ChartView").then((m) => ({ default: m.ChartView })));

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
  queryId: number | null;
  queryName: string;
  onNotify: (tone: "info" | "error", text: string) => void;
  /** Asks the assistant to fix the failed SQL (absent when it is not set up). */
  onFix?: (sql: string, error: string) => void;
}

/** A result's view and how many rows it shows (null while DuckDB computes it). */
interface Shown {
  view: ViewDto;
  rows: number | null;
}

export function ResultsPanel({ run, dark, queryId, queryName, onNotify, onFix }: Props) {
  const output = shownOutput(run);
  const results = output ? statementResults(output) : [];
  const [chosen, setChosen] = useState<number | null>(null);
  const [shown, setShown] = useState<Record<number, Shown>>({});
  const [menu, setMenu] = useState<ColumnMenuRequest | null>(null);
  const [valueAt, setValueAt] = useState<{ row: number; column: number } | null>(null);
  const [recordRow, setRecordRow] = useState<number | null>(null);
  const [profiled, setProfiled] = useState<number | null>(null);
  const [rowsOfPlan, setRowsOfPlan] = useState(false);
  const [charting, setCharting] = useState(false);
  // Chart choices by the result's columns: running the query again keeps its chart.
  const [charts, setCharts] = useState<Record<string, ChartConfig>>({});
  // A new run shows its last result, with no filters; what the run tells after its answer (rows
  // streaming in) keeps the user's view.
  const runIdentity = run.status === "running" || run.status === "done" ? `${run.status}:${run.runId}` : run;
  useEffect(() => {
    setChosen(null);
    setShown({});
    setMenu(null);
    setValueAt(null);
    setRecordRow(null);
    setProfiled(null);
    setRowsOfPlan(false);
  }, [runIdentity]);
  const current: StatementResult | undefined = results.find((r) => r.result.id === chosen) ?? results[results.length - 1];
  // A result still streaming in shows the rows kept so far, its count growing.
  const feed = run.status === "done" ? run.feed : null;
  const streamed = useMemo(() => streamedResult(current?.result ?? null, feed), [current?.result, feed]);
  const result = streamed?.result ?? null;
  const kept: Shown = (result && shown[result.id]) || { view: EMPTY_VIEW, rows: result?.rowCount ?? 0 };
  const state: Shown = result && !result.complete && isIdentity(kept.view) ? { ...kept, rows: result.rowCount } : kept;

  const asked = useRef(0);
  const changeView = useCallback(
    (target: ResultInfoDto, view: ViewDto) => {
      const previous = shown[target.id] ?? { view: EMPTY_VIEW, rows: target.rowCount };
      // Sorting keeps the count; only a new filter or search needs DuckDB to count again.
      const unsorted = (v: ViewDto) => JSON.stringify({ ...v, sort: [] });
      const known = isIdentity({ ...view, sort: [] }) ? target.rowCount : unsorted(view) === unsorted(previous.view) ? previous.rows : null;
      setShown((s) => ({ ...s, [target.id]: { view, rows: known } }));
      if (known !== null) return;
      const ticket = ++asked.current;
      backend
        .resultViewRows(target.id, view)
        .then((rows) => {
          if (ticket === asked.current) setShown((s) => ({ ...s, [target.id]: { view, rows } }));
        })
        .catch((e: unknown) => {
          if (ticket !== asked.current) return;
          onNotify("error", errorMessage(e));
          setShown((s) => ({ ...s, [target.id]: previous }));
        });
    },
    [shown, onNotify],
  );

  const copy = useCallback(
    (target: ResultInfoDto, view: ViewDto, cells: CellSelectionDto, choice: CopyChoice) => {
      backend
        .copyResultCells(target.id, view, cells, choice.format, choice.header, insertTableName(queryName))
        .then((s) => onNotify("info", copiedMessage(s.cells, choice.format)))
        .catch((e: unknown) => onNotify("error", errorMessage(e)));
    },
    [queryName, onNotify],
  );
  const plan = current?.plan ?? null;

  return (
    <div
      className="results-pane"
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "f" && result) {
          e.preventDefault();
          e.currentTarget.querySelector<HTMLInputElement>("[data-testid=grid-search]")?.focus();
        }
      }}
    >
      <div className="status" data-testid="run-status" data-status={run.status}>
        <StatusLine run={run} current={current} result={result} end={streamed?.end ?? null} shownRows={state.rows} />
        <span className="spacer" />
        {result && (
          <ExportButton resultId={result.id} view={state.view} queryName={queryName} rowCount={state.rows ?? result.rowCount} onNotify={onNotify} />
        )}
      </div>
      {results.length > 1 && (
        <div className="result-tabs" role="tablist" aria-label="Results of the script's statements">
          {results.map((r, i) => (
            <button
              key={r.result.id}
              role="tab"
              aria-selected={r === current}
              className={r === current ? "result-tab active" : "result-tab"}
              title={`${r.preview}\nline ${r.line} · ${fmt.format(r.result.rowCount)} rows · ${formatMs(r.elapsedMs ?? 0)}`}
              onClick={() => setChosen(r.result.id)}
              data-testid="result-tab"
            >
              <span className="result-tab-name">
                {i + 1}. {r.preview}
              </span>
              <span className="muted"> {fmt.format(r.result.rowCount)}</span>
            </button>
          ))}
        </div>
      )}
      {plan && (
        <div className="segmented plan-toggle" role="group" aria-label="Show the plan or its rows">
          <button aria-pressed={!rowsOfPlan} onClick={() => setRowsOfPlan(false)} data-testid="show-plan">
            Plan
          </button>
          <button aria-pressed={rowsOfPlan} onClick={() => setRowsOfPlan(true)}>
            Rows
          </button>
        </div>
      )}
      {result && (!plan || rowsOfPlan) && (
        <div className="results-toolbar">
          <div className="segmented results-mode" role="group" aria-label="Show the rows or a chart">
            <button aria-pressed={!charting} onClick={() => setCharting(false)} data-testid="show-grid" title="The rows in a grid">
              Grid
            </button>
            <button aria-pressed={charting} onClick={() => setCharting(true)} data-testid="show-chart" title="A chart of every row, aggregated by DuckDB">
              Chart
            </button>
          </div>
          <FilterBar
            columns={result.columns}
            view={state.view}
            shown={state.rows}
            total={result.rowCount}
            onChange={(v) => changeView(result, v)}
            onAddFilter={(at) => setMenu({ column: null, at: { x: at.x, y: at.y, width: at.width, height: at.height } })}
          />
        </div>
      )}
      {run.status === "failed" && result && (
        <div className="run-failed-above">
          <RunError run={run} onFix={onFix} />
          <p className="muted" data-testid="earlier-results">
            The results below are from the previous run.
          </p>
        </div>
      )}
      <div className="results-body">
        {plan && !rowsOfPlan ? (
          <PlanView plan={plan} />
        ) : result && charting ? (
          <Suspense fallback={<div className="empty-state">Loading charts…</div>}>
            <ChartView
              resultId={result.id}
              view={state.view}
              columns={result.columns}
              config={charts[columnsKey(result.columns)] ?? defaultConfig(result.columns)}
              onConfigChange={(c) => setCharts((all) => ({ ...all, [columnsKey(result.columns)]: c }))}
              dark={dark}
              baseName={queryName}
              onNotify={onNotify}
            />
          </Suspense>
        ) : result ? (
          <ResultsGrid
            key={result.id}
            result={result}
            dark={dark}
            queryId={queryId}
            view={state.view}
            rowCount={state.rows ?? 0}
            onViewChange={(v) => changeView(result, v)}
            onColumnMenu={(column, at) => setMenu({ column, at })}
            onError={(m) => onNotify("error", m)}
            onCopy={(cells, choice) => copy(result, state.view, cells, choice)}
            onOpenValue={(row, column) => setValueAt({ row, column })}
            onOpenRecord={setRecordRow}
          />
        ) : run.status === "failed" ? (
          <RunError run={run} onFix={onFix} />
        ) : (
          <div className="empty-state">
            {run.status === "running" ? "Running…" : run.status === "done" ? "The statement returned no rows to show." : "Run a query to see its results here."}
          </div>
        )}
      </div>
      {menu && result && (
        <ColumnMenu
          request={menu}
          columns={result.columns}
          view={state.view}
          onChange={(v) => changeView(result, v)}
          onClose={() => setMenu(null)}
          onProfile={setProfiled}
        />
      )}
      {result && recordRow !== null && (
        <RecordView
          result={result}
          view={state.view}
          rowCount={state.rows ?? result.rowCount}
          row={recordRow}
          onRowChange={setRecordRow}
          onOpenValue={(column) => setValueAt({ row: recordRow, column })}
          onClose={() => setRecordRow(null)}
        />
      )}
      {result && valueAt !== null && result.columns[valueAt.column] && (
        <ValueViewer
          resultId={result.id}
          view={state.view}
          row={valueAt.row}
          column={valueAt.column}
          info={result.columns[valueAt.column] as ResultInfoDto["columns"][number]}
          onCopy={() =>
            copy(result, state.view, { rows: [{ start: valueAt.row, end: valueAt.row + 1 }], columns: [valueAt.column] }, { key: "tsv", label: "", format: "tsv", header: false })
          }
          onClose={() => setValueAt(null)}
        />
      )}
      {result && profiled !== null && result.columns[profiled] && (
        <ColumnProfile
          resultId={result.id}
          view={state.view}
          column={profiled}
          info={result.columns[profiled] as ResultInfoDto["columns"][number]}
          onClose={() => setProfiled(null)}
        />
      )}
    </div>
  );
}

function RunError({ run, onFix }: { run: Extract<RunState, { status: "failed" }>; onFix: Props["onFix"] }) {
  return (
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
  );
}

interface StatusProps {
  run: RunState;
  current: StatementResult | undefined;
  /** The shown result as it stands (its rows so far while they stream in). */
  result: ResultInfoDto | null;
  end: ResultEndDto | null;
  shownRows: number | null;
}

function StatusLine({ run, current, result, end, shownRows }: StatusProps) {
  switch (run.status) {
    case "idle":
      return <span>Ready</span>;
    case "running":
      return (
        <span>
          Running… <Elapsed since={run.startedAt} /> <RunProgress feed={run.feed} /> — press Cancel or Esc to stop
        </span>
      );
    case "cancelled":
      return <span>Cancelled</span>;
    case "failed":
      return <span className="status-error">Error</span>;
    case "done": {
      const { statements, elapsedMs, droppedResults } = run.output;
      const last = statements[statements.length - 1];
      const endNote = streamEndNote(end);
      const changed = last?.rowsChanged;
      const others = statements.length - 1;
      return (
        <span>
          {current?.plan ? (
            <span data-testid="plan-status">
              {current.plan.analyzed ? "Plan measured by EXPLAIN ANALYZE" : "Plan estimated by EXPLAIN"} · {[...walk(current.plan.roots)].length} operators
            </span>
          ) : result && !result.complete ? (
            <span data-testid="row-count" data-streaming="true">
              {fmt.format(result.rowCount)} rows so far, more arriving…{" "}
              <button type="button" className="link-button" data-testid="stop-rows" onClick={() => void backend.cancelQuery(run.runId)}>
                Stop
              </button>
            </span>
          ) : result ? (
            <span data-testid="row-count">{fmt.format(result.rowCount)} rows</span>
          ) : changed !== null && changed !== undefined ? (
            <span>
              {statementLabel(last?.kind)} · {fmt.format(changed)} rows changed
            </span>
          ) : (
            <span>{statementLabel(last?.kind)} done</span>
          )}
          {result && !current?.plan && shownRows !== null && shownRows !== result.rowCount && ` (${fmt.format(shownRows)} shown)`}
          {" · "}
          <span data-testid="elapsed">{formatMs(elapsedMs ?? 0)}</span>
          {others > 0 && ` · ${others + 1} statements ran`}
          {droppedResults > 0 && (
            <span className="status-warn"> · the first {droppedResults} results were not kept (a run keeps the last 20)</span>
          )}
          {endNote && (
            <span className="status-warn" data-testid="stream-end">
              {" "}
              · {endNote}
            </span>
          )}
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
