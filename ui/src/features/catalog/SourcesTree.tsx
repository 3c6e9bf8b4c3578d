// The data-sources tree: each registered file as its table, with columns and DuckDB types,
// rename and remove; broken sources stay listed with the reason.
import { Eye, Pencil, Sigma, X } from "lucide-react";

import { RenameInput, useInlineRename } from "../../components/InlineRename";
import { keepKeys, Leaf, Node, Tree } from "../../components/ui/Tree";
import { type SourceDto, type TextEncodingDto } from "../../lib/backend";
import { useTableDetails } from "../../lib/reads";
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
    <Tree label="Data sources" testId="sources-tree">
      {sources
        .filter((s) => needle === "" || s.viewName.toLowerCase().includes(needle) || s.columns.some((c) => c.name.toLowerCase().includes(needle)))
        .map((s) => sourceNode({ source: s, ...rest }))}
    </Tree>
  );
}

/** A source's row and what opening it shows (a function, not a component: the tree reads its
 *  items as they are written). */
function sourceNode({ source, onRename, onSetEncoding, onRemove, onInsert, selected, onToggleSelect, onPreview }: { source: SourceDto } & Omit<Props, "sources">) {
  const broken = source.status.state === "broken" ? source.status.message : null;
  const id = `source-${source.id}`;
  return (
    <Node
      key={id}
      id={id}
      text={source.viewName}
      className={broken ? "node broken" : "node"}
      data={{ "data-testid": "source-node", "data-view": source.viewName }}
      row={
        <SourceRow
          source={source}
          broken={broken}
          onRename={onRename}
          onRemove={onRemove}
          onInsert={onInsert}
          selected={selected}
          onToggleSelect={onToggleSelect}
          onPreview={onPreview}
        />
      }
      below={broken && <div className="node-error">{broken}</div>}
    >
      <Leaf id={`${id}-path`} text={source.path} className="leaf path">
        <span title={source.path}>
          {source.path}
          {source.sheet ? ` · sheet ${source.sheet}` : ""}
        </span>
      </Leaf>
      {onSetEncoding && (source.format === "csv" || source.format === "tsv") && (
        <Leaf id={`${id}-encoding`} text="Text encoding" className="leaf path">
          <label>
            Text encoding{" "}
            <select
              value={source.encoding ?? "utf-8"}
              onChange={(e) => onSetEncoding(source.id, e.target.value as TextEncodingDto)}
              onKeyDown={keepKeys}
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
        </Leaf>
      )}
      {source.format === "parquet" && !broken && (
        <Leaf id={`${id}-rows`} text="rows" className="leaf path">
          <RowEstimate table={source.viewName} />
        </Leaf>
      )}
      {columnLeaves(id, source.columns, onInsert)}
    </Node>
  );
}

function SourceRow({
  source,
  broken,
  onRename,
  onRemove,
  onInsert,
  selected,
  onToggleSelect,
  onPreview,
}: { source: SourceDto; broken: string | null } & Omit<Props, "sources" | "onSetEncoding">) {
  const rename = useInlineRename(source.viewName, (name) => onRename(source.id, name));
  return (
    <>
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
        <span className="node-name" title={broken ?? source.path} onDoubleClick={() => onInsert(sqlName(source.viewName))}>
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
              <Eye size={14} aria-hidden />
            </button>
            <button
              title="Column statistics (SUMMARIZE)"
              aria-label={`Statistics of ${source.viewName}`}
              onClick={() => onPreview({ title: `${source.viewName}: column statistics`, sql: `SUMMARIZE ${sqlName(source.viewName)}` })}
            >
              <Sigma size={14} aria-hidden />
            </button>
          </>
        )}
        <button title="Rename" aria-label={`Rename ${source.viewName}`} onClick={rename.start}>
          <Pencil size={14} aria-hidden />
        </button>
        <button title="Remove (the file stays on disk)" aria-label={`Remove ${source.viewName}`} onClick={() => onRemove(source.id)}>
          <X size={14} aria-hidden />
        </button>
      </span>
    </>
  );
}

/** A table's columns as rows under it: name and DuckDB type; a double-click inserts the name. */
export function columnLeaves(parent: string, columns: { name: string; dataType: string }[], onInsert: (text: string) => void) {
  return columns.map((c, i) => (
    <Leaf key={`${c.name}-${i}`} id={`${parent}-column-${i}`} text={c.name} className="leaf column">
      <span className="column-row" onDoubleClick={() => onInsert(sqlName(c.name))}>
        <span>{c.name}</span>
        <span className="type">{c.dataType}</span>
      </span>
    </Leaf>
  ));
}

/** A Parquet source's row count from its files' footers (no data read), once opened. */
function RowEstimate({ table }: { table: string }) {
  const rows = useTableDetails("qbox", "main", table).data?.estimatedRows ?? null;
  return rows === null ? <span /> : <span>{new Intl.NumberFormat().format(rows)} rows (from the Parquet footers)</span>;
}
