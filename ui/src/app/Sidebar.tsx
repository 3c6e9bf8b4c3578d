// The sidebar: saved queries, then every table a query can use (connections, files, local
// tables), filtered by one search and ticked into the open query.
import { RefreshCw } from "lucide-react";
import { useCallback, useMemo, useState } from "react";
import { useShallow } from "zustand/react/shallow";

import { LocalTables, localRelations } from "../features/catalog/LocalTables";
import { SourcesTree } from "../features/catalog/SourcesTree";
import { ConnectionsPanel } from "../features/connections/ConnectionsPanel";
import { editors } from "../features/editor/editors";
import { QueryList } from "../features/queries/QueryList";
import { backend, errorMessage } from "../lib/backend";
import { toggleSelection, useSelectionsOf } from "../lib/reads";
import { useConnections } from "../state/connections";
import { useQueries } from "../state/queries";
import { useUi } from "../state/ui";
import { useWorkspace } from "../state/workspace";
import { useAppActions, useCurrent } from "./actions";

const insert = (text: string) => editors.insert(text);

export function Sidebar() {
  const { tabs, notify } = useAppActions();
  const { id: currentId, query: currentQuery } = useCurrent();
  const queries = useQueries(useShallow((q) => ({ queries: q.queries, search: q.search, rename: q.rename, setSearch: q.setSearch })));
  const { sources, catalog, refresh, rename, setEncoding, remove } = useWorkspace(
    useShallow((w) => ({ sources: w.sources, catalog: w.catalog, refresh: w.refresh, rename: w.rename, setEncoding: w.setEncoding, remove: w.remove })),
  );
  const connections = useConnections(useShallow((c) => ({ connections: c.connections, keychain: c.keychain })));
  const show = useUi((u) => u.show);
  const [filter, setFilter] = useState("");
  const { data: selections } = useSelectionsOf(currentId);
  const selected = useMemo(() => new Set((selections ?? []).map((s) => s.qualifiedName)), [selections]);
  const localTables = useMemo(
    () => localRelations(catalog, new Set(sources.map((s) => s.viewName)), new Set(connections.connections.map((c) => c.identifier))),
    [catalog, sources, connections.connections],
  );
  const toggle = useCallback(
    (name: string) => {
      if (currentId !== null) toggleSelection(currentId, name).catch((e: unknown) => notify("error", errorMessage(e)));
    },
    [currentId, notify],
  );
  const onToggleSelect = currentQuery ? toggle : undefined;
  const preview = (request: { title: string; sql: string }) => show({ kind: "preview", request });
  return (
    <>
      <QueryList
        queries={queries.queries}
        currentId={currentId}
        search={queries.search}
        onSearch={(s) => void queries.setSearch(s)}
        onNew={tabs.create}
        onOpen={tabs.open}
        onRename={(id, name) => queries.rename(id, name).catch((e: unknown) => notify("error", errorMessage(e)))}
        renameId={tabs.createdId}
        onDelete={tabs.remove}
      />
      <input
        className="search"
        type="search"
        placeholder="Filter tables and columns"
        aria-label="Filter tables and columns"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <ConnectionsPanel
        filter={filter}
        connections={connections.connections}
        catalog={catalog}
        keychain={connections.keychain}
        onNew={() => show({ kind: "connection", connection: "new" })}
        onEdit={(connection) => show({ kind: "connection", connection })}
        onBrowse={(connection) => show({ kind: "s3", connection })}
        onInsert={insert}
        onPreview={preview}
        selected={selected}
        onToggleSelect={onToggleSelect}
      />
      <div className="sidebar-head">
        <h2>Data sources</h2>
        <button title="Check files again" aria-label="Refresh sources" onClick={() => void refresh(true)}>
          <RefreshCw size={14} aria-hidden />
        </button>
      </div>
      <SourcesTree
        sources={sources}
        onRename={rename}
        onSetEncoding={(id, encoding) => void setEncoding(id, encoding)}
        onRemove={(id) => void remove(id)}
        onInsert={insert}
        selected={selected}
        onToggleSelect={onToggleSelect}
        onPreview={preview}
        filter={filter}
      />
      {localTables.length > 0 && (
        <div className="sidebar-head">
          <h2>Local tables</h2>
        </div>
      )}
      <LocalTables
        tables={localTables}
        onInsert={insert}
        onPreview={preview}
        filter={filter}
        onDrop={(schema, name) =>
          backend
            .dropLocalRelation(schema, name)
            .then((kind) => notify("info", `Dropped the ${kind === "view" ? "view" : "table"} ${name}`))
            .catch((e: unknown) => notify("error", errorMessage(e)))
        }
      />
    </>
  );
}
