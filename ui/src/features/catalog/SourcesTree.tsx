// The data-sources tree: each registered file as its table, with columns and DuckDB types,
// rename and remove; broken sources stay listed with the reason.
import { useEffect, useState } from "react";

import { RenameInput, useInlineRename } from "../../components/InlineRename";

import { backend, type SourceDto, type TextEncodingDto } from "../../lib/backend";
import { ENCODINGS } from "../../lib/encodings";
import sqlKeywords from "../../lib/sql-keywords.json";

/** DuckDB's keywords that cannot stand unquoted as a name (shared with the engine's rule). */
const KEYWORDS: ReadonlySet<string> = new Set(sqlKeywords);

/** A name as it can be pasted into SQL: quoted unless it is a plain lower-case identifier that is no keyword. */
export function sqlName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !KEYWORDS.has(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

interface Props {
  sources: SourceDto[];
  onRename: (id: number, name: string) => Promise<boolean>;
  /** Reads a CSV or TSV source with another text encoding. */
  onSetEncoding?: (id: number, encoding: TextEncodingDto) => void;
  onRemove: (id: number) => void;
  onInsert: (text: string) => void;
  /** Tables the open query works on; ticking a table adds it to the query. */
  selected?: ReadonlySet<string>;
  onToggleSelect?: (viewName: string) => void;
  /** Opens a table's first rows or its column statistics in a window. */
  onPreview?: (request: { title: string; sql: string }) => void;
  /** The sidebar's filter: sources whose name or a column's name contains it. */
  filter?: string;
}

export function SourcesTree({ sources, filter = "", ...rest }: Props) {
  const needle = filter.trim().toLowerCase();
  if (sources.length === 0) {
    return (
      <div className="empty-state" data-testid="sources-empty">
        <p>No data yet.</p>
        <p>Drop CSV, TSV, Parquet, JSON or Excel files here, or use <kbd>Open files…</kbd>.</p>
      </div>
    );
  }
  return (
    <ul className="tree" data-testid="sources-tree" aria-label="Data sources">
      {sources
        .filter((s) => needle === "" || s.viewName.toLowerCase().includes(needle) || s.columns.some((c) => c.name.toLowerCase().includes(needle)))
        .map((s) => (
          <SourceNode key={s.id} source={s} {...rest} />
        ))}
    </ul>
  );
}

function SourceNode({ source, onRename, onSetEncoding, onRemove, onInsert, selected, onToggleSelect, onPreview }: { source: SourceDto } & Omit<Props, "sources">) {
  const [open, setOpen] = useState(false);
  const rename = useInlineRename(source.viewName, (name) => onRename(source.id, name));
  const broken = source.status.state === "broken" ? source.status.message : null;

  return (
    <li className={broken ? "node broken" : "node"} data-testid="source-node" data-view={source.viewName}>
      <div className="node-row" title={broken ?? source.path}>
        <button className="twisty" aria-label={open ? "Collapse" : "Expand"} onClick={() => setOpen(!open)}>
          {open ? "▾" : "▸"}
        </button>
        {onToggleSelect && (
          <input
            type="checkbox"
            className="pick"
            checked={selected?.has(source.viewName) ?? false}
            onChange={() => onToggleSelect(source.viewName)}
            aria-label={`Use ${source.viewName} in this query`}
            title="Use in this query (listed in its Tables panel)"
          />
        )}
        {rename.editing ? (
          <RenameInput label="New table name" rename={rename} />
        ) : (
          <span className="node-name" onDoubleClick={() => onInsert(sqlName(source.viewName))}>
            {source.viewName}
          </span>
        )}
        <span className="badge">{source.isFolder ? `${source.format} folder` : source.format}</span>
        <span className="node-actions">
          {onPreview && !broken && (
            <>
              <button
                title="First 100 rows"
                aria-label={`Preview ${source.viewName}`}
                onClick={() => onPreview({ title: `${source.viewName}: first 100 rows`, sql: `SELECT * FROM ${sqlName(source.viewName)} LIMIT 100` })}
              >
                👁
              </button>
              <button
                title="Column statistics (SUMMARIZE)"
                aria-label={`Statistics of ${source.viewName}`}
                onClick={() => onPreview({ title: `${source.viewName}: column statistics`, sql: `SUMMARIZE ${sqlName(source.viewName)}` })}
              >
                Σ
              </button>
            </>
          )}
          <button title="Rename" aria-label={`Rename ${source.viewName}`} onClick={rename.start}>
            ✎
          </button>
          <button title="Remove (the file stays on disk)" aria-label={`Remove ${source.viewName}`} onClick={() => onRemove(source.id)}>
            ✕
          </button>
        </span>
      </div>
      {broken && <div className="node-error">{broken}</div>}
      {open && (
        <ul className="columns">
          <li className="path" title={source.path}>
            {source.path}
            {source.sheet ? ` · sheet ${source.sheet}` : ""}
          </li>
          {onSetEncoding && (source.format === "csv" || source.format === "tsv") && (
            <li className="path">
              <label>
                Text encoding{" "}
                <select
                  value={source.encoding ?? "utf-8"}
                  onChange={(e) => onSetEncoding(source.id, e.target.value as TextEncodingDto)}
                  aria-label={`Text encoding of ${source.viewName}`}
                  data-testid="source-encoding"
                >
                  {ENCODINGS.map((e) => (
                    <option key={e.encoding} value={e.encoding}>
                      {e.label}
                    </option>
                  ))}
                </select>
              </label>
            </li>
          )}
          {source.format === "parquet" && !broken && <RowEstimate table={source.viewName} />}
          {source.columns.map((c, i) => (
            <li key={`${c.name}-${i}`} className="column" onDoubleClick={() => onInsert(sqlName(c.name))}>
              <span>{c.name}</span>
              <span className="type">{c.dataType}</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** A Parquet source's row count from its files' footers (no data read), once expanded. */
function RowEstimate({ table }: { table: string }) {
  const [rows, setRows] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    backend
      .tableDetails("qbox", "main", table)
      .then((d) => live && setRows(d.estimatedRows))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [table]);
  return rows === null ? null : <li className="path">{new Intl.NumberFormat().format(rows)} rows (from the Parquet footers)</li>;
}
