// The sidebar's connections: each with its SQL name and status (a failure stays listed with
// its reason), expanding into schemas, tables and columns from the live catalog. Tables can be
// ticked into the open query, and double-clicked into the editor.
import { Eye, Pencil, Plus, Sigma } from "lucide-react";

import { Leaf, Node, Tree } from "../../components/ui/Tree";
import type { ConnectionDto, ConnectionFailureDto, TableDto } from "../../lib/backend";
import type { PreviewRequest } from "../catalog/PreviewModal";
import { sqlName } from "../catalog/SourcesTree";
import { TableColumns } from "../catalog/TableColumns";

/** What a table row can do besides expanding: insert its name, preview it, summarize it. */
interface TableActions {
  onInsert: (text: string) => void;
  onPreview: (request: PreviewRequest) => void;
  selected?: ReadonlySet<string>;
  onToggleSelect?: (qualifiedName: string) => void;
}

/** Tables whose name or a column's name contains the filter (lower-case). */
export function matches(t: { name: string; columns: { name: string }[] }, filter: string): boolean {
  return filter === "" || t.name.toLowerCase().includes(filter) || t.columns.some((c) => c.name.toLowerCase().includes(filter));
}

interface Props {
  connections: ConnectionDto[];
  catalog: TableDto[];
  keychain: boolean;
  onNew: () => void;
  onEdit: (c: ConnectionDto) => void;
  /** Opens the bucket browser of an S3 connection. */
  onBrowse: (c: ConnectionDto) => void;
  onInsert: (text: string) => void;
  onPreview: (request: PreviewRequest) => void;
  selected?: ReadonlySet<string>;
  onToggleSelect?: (qualifiedName: string) => void;
  /** The sidebar's filter: tables whose name or a column's name contains it. */
  filter: string;
}

/** A connection's tables: an attached database's, or the views in an S3 connection's schema. */
function tablesOf(c: ConnectionDto, catalog: TableDto[]): TableDto[] {
  return c.settings.kind === "s3"
    ? catalog.filter((t) => t.database === "qbox" && t.schema === c.identifier)
    : catalog.filter((t) => t.database === c.identifier);
}

export function ConnectionsPanel({ connections, catalog, keychain, onNew, onEdit, onBrowse, filter, ...actions }: Props) {
  const needle = filter.trim().toLowerCase();
  const shown = connections.map((c) => ({ connection: c, tables: tablesOf(c, catalog).filter((t) => matches(t, needle)) }));
  // While the filter finds tables, their connections and schemas stay open.
  const held = needle === "" ? [] : shown.flatMap(({ connection, tables }) => (tables.length > 0 ? [connectionId(connection), ...tables.map((t) => schemaId(connection, t.schema))] : []));
  // A database's public schema opens with it.
  const publicSchemas = connections.filter((c) => c.settings.kind !== "s3").map((c) => schemaId(c, "public"));
  return (
    <div className="connections" data-testid="connections">
      <div className="sidebar-head">
        <h2>Connections</h2>
        <button onClick={onNew} title="New PostgreSQL or S3 connection" aria-label="New connection">
          <Plus size={14} aria-hidden />
        </button>
      </div>
      {!keychain && (
        <div className="hint warn">No keychain found: passwords are kept only until QBox quits, never on disk.</div>
      )}
      {connections.length === 0 ? (
        <div className="empty-state">No connections. Add a PostgreSQL database or an S3 bucket with ＋.</div>
      ) : (
        <Tree label="Connections" defaultOpen={publicSchemas} held={held}>
          {shown.map(({ connection, tables }) => connectionNode({ connection, tables, onEdit: () => onEdit(connection), onBrowse: () => onBrowse(connection), ...actions }))}
        </Tree>
      )}
    </div>
  );
}

const connectionId = (c: ConnectionDto) => `connection-${c.id}`;
const schemaId = (c: ConnectionDto, schema: string) => `connection-${c.id}-schema-${schema}`;

/** A connection's row and what opening it shows (functions, not components: the tree reads its
 *  items as they are written). */
function connectionNode({
  connection,
  tables,
  onEdit,
  onBrowse,
  ...actions
}: {
  connection: ConnectionDto;
  tables: TableDto[];
  onEdit: () => void;
  onBrowse: () => void;
} & TableActions) {
  const id = connectionId(connection);
  const status = connection.status;
  const isS3 = connection.settings.kind === "s3";
  const schemas = new Map<string, TableDto[]>();
  for (const t of tables) schemas.set(t.schema, [...(schemas.get(t.schema) ?? []), t]);
  return (
    <Node
      key={id}
      id={id}
      text={connection.name}
      className={status.state === "failed" ? "node broken" : "node"}
      data={{ "data-testid": "connection-node", "data-identifier": connection.identifier }}
      row={
        <>
          <span className={`dot ${status.state}`} aria-label={status.state} />
          <span className="node-name conn-name" title={status.state === "failed" ? status.message : connection.name}>
            {connection.name}
          </span>
          <span className="badge" title={`${isS3 ? "S3 bucket" : "PostgreSQL"}; SQL name ${connection.identifier}`}>
            {isS3 ? "s3" : "pg"} · {connection.identifier}
          </span>
          <span className="node-actions">
            {isS3 && (
              <button title="Add tables from the bucket" aria-label={`Browse ${connection.name}`} onClick={onBrowse}>
                <Plus size={14} aria-hidden />
              </button>
            )}
            <button title="Edit" aria-label={`Edit ${connection.name}`} onClick={onEdit}>
              <Pencil size={14} aria-hidden />
            </button>
          </span>
        </>
      }
      below={
        status.state === "failed" && (
          <div className="node-error" data-reason={status.reason}>
            {status.message}
            <button className="link" onClick={onEdit}>
              {FIX[status.reason]}
            </button>
          </div>
        )
      }
    >
      {status.state === "connecting" && (
        <Leaf id={`${id}-connecting`} text="Connecting" className="leaf path">
          Connecting…
        </Leaf>
      )}
      {status.state === "attached" && schemas.size === 0 && (
        <Leaf id={`${id}-empty`} text="No tables" className="leaf path">
          {isS3 ? (
            <button className="link" onClick={onBrowse}>
              No tables yet: add objects from the bucket…
            </button>
          ) : (
            "No tables."
          )}
        </Leaf>
      )}
      {isS3 && tables.map((t) => tableNode({ sql: `${connection.identifier}.${sqlName(t.name)}`, qualified: `${connection.identifier}.${t.name}`, table: t, ...actions }))}
      {!isS3 &&
        [...schemas.entries()].map(([schema, list]) => (
          <Node key={schema} id={schemaId(connection, schema)} text={schema} className="schema" row={<span className="node-name">{schema}</span>}>
            {list.map((t) =>
              tableNode({ sql: `${connection.identifier}.${sqlName(schema)}.${sqlName(t.name)}`, qualified: `${connection.identifier}.${schema}.${t.name}`, table: t, ...actions }),
            )}
          </Node>
        ))}
    </Node>
  );
}

function tableNode({ sql, qualified, table, onInsert, onPreview, selected, onToggleSelect }: { sql: string; qualified: string; table: TableDto } & TableActions) {
  return (
    <Node
      key={qualified}
      id={`table-${qualified}`}
      text={table.name}
      className="table"
      data={{ "data-testid": "pg-table", "data-qualified": qualified }}
      row={
        <>
          {onToggleSelect && (
            <input
              type="checkbox"
              className="pick"
              checked={selected?.has(qualified) ?? false}
              onChange={() => onToggleSelect(qualified)}
              aria-label={`Use ${qualified} in this query`}
            />
          )}
          <span className="node-name" onDoubleClick={() => onInsert(sql)} title={`${sql} (double-click to insert)`}>
            {table.name}
          </span>
          <span className="node-actions">
            <button title="First 100 rows" aria-label={`Preview ${qualified}`} onClick={() => onPreview({ title: `${qualified}: first 100 rows`, sql: `SELECT * FROM ${sql} LIMIT 100` })}>
              <Eye size={14} aria-hidden />
            </button>
            <button title="Column statistics (SUMMARIZE)" aria-label={`Statistics of ${qualified}`} onClick={() => onPreview({ title: `${qualified}: column statistics`, sql: `SUMMARIZE ${sql}` })}>
              <Sigma size={14} aria-hidden />
            </button>
          </span>
        </>
      }
    >
      <TableColumns database={table.database} schema={table.schema} table={table.name} onInsert={onInsert} />
    </Node>
  );
}

/** What to change for each kind of failure; the form opens on the connection's settings. */
const FIX: Record<ConnectionFailureDto, string> = {
  hostUnreachable: "Check host and port…",
  authFailed: "Change the user or password…",
  databaseMissing: "Change the database…",
  tlsRequired: "Change the SSL mode…",
  other: "Edit the connection…",
};
