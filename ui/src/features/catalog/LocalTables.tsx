// Tables and views made with SQL in the local database (CREATE TABLE ... in the editor): listed
// with their columns, previewed, named into the editor, and dropped after a confirmation. The
// list follows the catalog, which the workspace refreshes when a statement changes it.
import { useState } from "react";

import { Eye, X } from "lucide-react";

import { Dialog } from "../../components/ui/Dialog";
import { Node, Tree } from "../../components/ui/Tree";
import type { TableDto } from "../../lib/backend";
import { columnLeaves, sqlName } from "./SourcesTree";

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
      <Tree label="Tables in the local database" testId="local-tables">
        {shown.map((t) => localNode({ table: t, onInsert, onPreview, onAskDrop: () => setDropping(t) }))}
      </Tree>
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

/** A table's row and its columns (a function, not a component: the tree reads its items as they
 *  are written). */
function localNode({ table, onInsert, onPreview, onAskDrop }: { table: TableDto; onInsert: Props["onInsert"]; onPreview: Props["onPreview"]; onAskDrop: () => void }) {
  const name = qualified(table);
  const id = `local-${table.schema}.${table.name}`;
  return (
    <Node
      key={id}
      id={id}
      text={table.name}
      data={{ "data-testid": "local-node", "data-name": name }}
      row={
        <>
          <span className="node-name" onDoubleClick={() => onInsert(name)} title="Double-click to insert its name">
            {name}
          </span>
          <span className="badge">local</span>
          <span className="node-actions">
            {onPreview && (
              <button title="First 100 rows" aria-label={`Preview ${name}`} onClick={() => onPreview({ title: `${name}: first 100 rows`, sql: `SELECT * FROM ${name} LIMIT 100` })}>
                <Eye size={14} aria-hidden />
              </button>
            )}
            <button title="Drop from the local database" aria-label={`Drop ${name}`} onClick={onAskDrop} data-testid="drop-local-ask">
              <X size={14} aria-hidden />
            </button>
          </span>
        </>
      }
    >
      {columnLeaves(id, table.columns, onInsert)}
    </Node>
  );
}
