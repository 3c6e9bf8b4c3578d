// The sidebar's connections: each with its SQL name and status (a failure stays listed with
// its reason), expanding into schemas, tables and columns from the live catalog. Tables can be
// ticked into the open query, and double-clicked into the editor.
import { useMemo, useState } from "react";

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
  return (
    <div className="connections" data-testid="connections">
      <div className="sidebar-head">
        <h2>Connections</h2>
        <button onClick={onNew} title="New PostgreSQL or S3 connection" aria-label="New connection">
          ＋
        </button>
      </div>
      {!keychain && (
        <div className="hint warn">No keychain found: passwords are kept only until QBox quits, never on disk.</div>
      )}
      {connections.length === 0 ? (
        <div className="empty-state">No connections. Add a PostgreSQL database or an S3 bucket with ＋.</div>
      ) : (
        <ul className="tree">
          {connections.map((c) => (
            <ConnectionNode
              key={c.id}
              connection={c}
              tables={tablesOf(c, catalog).filter((t) => matches(t, needle))}
              filtering={needle !== ""}
              onEdit={() => onEdit(c)}
              onBrowse={() => onBrowse(c)}
              {...actions}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function ConnectionNode({
  connection,
  tables,
  filtering,
  onEdit,
  onBrowse,
  ...actions
}: {
  connection: ConnectionDto;
  tables: TableDto[];
  filtering: boolean;
  onEdit: () => void;
  onBrowse: () => void;
} & TableActions) {
  const [expanded, setOpen] = useState(false);
  const open = expanded || (filtering && tables.length > 0);
  const schemas = useMemo(() => {
    const by = new Map<string, TableDto[]>();
    for (const t of tables) by.set(t.schema, [...(by.get(t.schema) ?? []), t]);
    return [...by.entries()];
  }, [tables]);
  const status = connection.status;
  const isS3 = connection.settings.kind === "s3";
  return (
    <li className={status.state === "failed" ? "node broken" : "node"} data-testid="connection-node" data-identifier={connection.identifier}>
      <div className="node-row" title={status.state === "failed" ? status.message : connection.name}>
        <button className="twisty" aria-label={open ? "Collapse" : "Expand"} onClick={() => setOpen(!open)}>
          {open ? "▾" : "▸"}
        </button>
        <span className={`dot ${status.state}`} aria-label={status.state} />
        <span className="node-name conn-name">{connection.name}</span>
        <span className="badge" title={`${isS3 ? "S3 bucket" : "PostgreSQL"}; SQL name ${connection.identifier}`}>
          {isS3 ? "s3" : "pg"} · {connection.identifier}
        </span>
        <span className="node-actions">
          {isS3 && (
            <button title="Add tables from the bucket" aria-label={`Browse ${connection.name}`} onClick={onBrowse}>
              ＋
            </button>
          )}
          <button title="Edit" aria-label={`Edit ${connection.name}`} onClick={onEdit}>
            ✎
          </button>
        </span>
      </div>
      {status.state === "failed" && (
        <div className="node-error" data-reason={status.reason}>
          {status.message}
          <button className="link" onClick={onEdit}>
            {FIX[status.reason]}
          </button>
        </div>
      )}
      {open && (
        <ul className="columns">
          {status.state === "connecting" && <li className="path">Connecting…</li>}
          {status.state === "attached" && schemas.length === 0 && (
            <li className="path">
              {isS3 ? (
                <button className="link" onClick={onBrowse}>
                  No tables yet: add objects from the bucket…
                </button>
              ) : (
                "No tables."
              )}
            </li>
          )}
          {isS3 &&
            tables.map((t) => (
              <TableNode
                key={t.name}
                sql={`${connection.identifier}.${sqlName(t.name)}`}
                qualified={`${connection.identifier}.${t.name}`}
                table={t}
                {...actions}
              />
            ))}
          {!isS3 &&
            schemas.map(([schema, list]) => (
              <SchemaNode
                key={schema}
                prefix={`${connection.identifier}.${sqlName(schema)}`}
                qualifiedPrefix={`${connection.identifier}.${schema}`}
                schema={schema}
                tables={list}
                forceOpen={filtering}
                {...actions}
              />
            ))}
        </ul>
      )}
    </li>
  );
}

function SchemaNode({
  prefix,
  qualifiedPrefix,
  schema,
  tables,
  forceOpen,
  ...actions
}: {
  /** `identifier.schema` as SQL (quoted where needed). */
  prefix: string;
  /** `identifier.schema` as stored in selections. */
  qualifiedPrefix: string;
  schema: string;
  tables: TableDto[];
  forceOpen: boolean;
} & TableActions) {
  const [expanded, setOpen] = useState(schema === "public");
  const open = expanded || forceOpen;
  return (
    <li className="schema">
      <div className="node-row">
        <button className="twisty" aria-label={open ? "Collapse" : "Expand"} onClick={() => setOpen(!open)}>
          {open ? "▾" : "▸"}
        </button>
        <span className="node-name">{schema}</span>
      </div>
      {open && (
        <ul className="columns">
          {tables.map((t) => (
            <TableNode key={t.name} sql={`${prefix}.${sqlName(t.name)}`} qualified={`${qualifiedPrefix}.${t.name}`} table={t} {...actions} />
          ))}
        </ul>
      )}
    </li>
  );
}

function TableNode({
  sql,
  qualified,
  table,
  onInsert,
  onPreview,
  selected,
  onToggleSelect,
}: {
  sql: string;
  qualified: string;
  table: TableDto;
} & TableActions) {
  const [open, setOpen] = useState(false);
  return (
    <li className="table" data-testid="pg-table" data-qualified={qualified}>
      <div className="node-row">
        <button className="twisty" aria-label={open ? "Collapse" : "Expand"} onClick={() => setOpen(!open)}>
          {open ? "▾" : "▸"}
        </button>
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
            👁
          </button>
          <button title="Column statistics (SUMMARIZE)" aria-label={`Statistics of ${qualified}`} onClick={() => onPreview({ title: `${qualified}: column statistics`, sql: `SUMMARIZE ${sql}` })}>
            Σ
          </button>
        </span>
      </div>
      {open && <TableColumns database={table.database} schema={table.schema} table={table.name} onInsert={onInsert} />}
    </li>
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
