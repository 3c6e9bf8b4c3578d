// Tables and views made with SQL in the local database (CREATE TABLE ... in the editor): listed
// with their columns, previewed, named into the editor, and dropped after a confirmation. The
// list follows the catalog, which the workspace refreshes when a statement changes it.
import { useState } from "react";

import { Dialog } from "../../components/ui/Dialog";
import type { TableDto } from "../../lib/backend";
import { sqlName } from "./SourcesTree";

/** The local database's own relations: not a data source's view, not a connection's S3 view. */
export function localRelations(catalog: TableDto[], sourceViews: ReadonlySet<string>, connectionSchemas: ReadonlySet<string>): TableDto[] {
  return catalog.filter(
    (t) => t.database === "qbox" && !(t.schema === "main" && sourceViews.has(t.name)) && !connectionSchemas.has(t.schema),
  );
}

function qualified(t: TableDto): string {
  return t.schema === "main" ? sqlName(t.name) : `${sqlName(t.schema)}.${sqlName(t.name)}`;
}

interface Props {
  tables: TableDto[];
  onInsert: (text: string) => void;
  onPreview?: (request: { title: string; sql: string }) => void;
  /** Drops it; resolves once it is gone (or rejects with why not). */
  onDrop: (schema: string, name: string) => Promise<void>;
  filter?: string;
}

export function LocalTables({ tables, onInsert, onPreview, onDrop, filter = "" }: Props) {
  const [dropping, setDropping] = useState<TableDto | null>(null);
  const needle = filter.trim().toLowerCase();
  const shown = tables.filter((t) => needle === "" || t.name.toLowerCase().includes(needle) || t.columns.some((c) => c.name.toLowerCase().includes(needle)));
  if (tables.length === 0) return null;
  return (
    <>
      <ul className="tree" data-testid="local-tables" aria-label="Tables in the local database">
        {shown.map((t) => (
          <LocalNode key={`${t.schema}.${t.name}`} table={t} onInsert={onInsert} onPreview={onPreview} onAskDrop={() => setDropping(t)} />
        ))}
      </ul>
      {dropping && (
        <Dialog title={`Drop ${qualified(dropping)}?`} onClose={() => setDropping(null)} testId="drop-local">
          <p>It is removed from the local database with its rows; this cannot be undone.</p>
          <div className="modal-actions">
            <button onClick={() => setDropping(null)} autoFocus>
              Keep
            </button>
            <button
              className="danger"
              data-testid="drop-local-confirm"
              onClick={() => {
                const t = dropping;
                setDropping(null);
                void onDrop(t.schema, t.name);
              }}
            >
              Drop
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}

function LocalNode({ table, onInsert, onPreview, onAskDrop }: { table: TableDto; onInsert: Props["onInsert"]; onPreview: Props["onPreview"]; onAskDrop: () => void }) {
  const [open, setOpen] = useState(false);
  const name = qualified(table);
  return (
    <li className="node" data-testid="local-node" data-name={name}>
      <div className="node-row">
        <button className="twisty" aria-label={open ? "Collapse" : "Expand"} onClick={() => setOpen(!open)}>
          {open ? "▾" : "▸"}
        </button>
        <span className="node-name" onDoubleClick={() => onInsert(name)} title="Double-click to insert its name">
          {name}
        </span>
        <span className="badge">local</span>
        <span className="node-actions">
          {onPreview && (
            <button title="First 100 rows" aria-label={`Preview ${name}`} onClick={() => onPreview({ title: `${name}: first 100 rows`, sql: `SELECT * FROM ${name} LIMIT 100` })}>
              👁
            </button>
          )}
          <button title="Drop from the local database" aria-label={`Drop ${name}`} onClick={onAskDrop} data-testid="drop-local-ask">
            ✕
          </button>
        </span>
      </div>
      {open && (
        <ul className="columns">
          {table.columns.map((c, i) => (
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
