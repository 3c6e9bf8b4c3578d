// The saved-query list: search, New, open, inline rename, delete with a clear confirmation.
import { Pencil, Plus, X } from "lucide-react";
import { useMemo, useState } from "react";

import { RenameInput, useInlineRename } from "../../components/InlineRename";
import { Dialog } from "../../components/ui/Dialog";

import type { QueryDto } from "../../lib/backend";
import { withKeys } from "../../lib/shortcuts";

interface Props {
  queries: QueryDto[];
  currentId: number | null;
  search: string;
  onSearch: (s: string) => void;
  onNew: () => void;
  onOpen: (id: number) => void;
  onRename: (id: number, name: string) => Promise<void>;
  onDelete: (id: number) => Promise<void>;
  /** A query just created: its name starts in rename mode, selected. */
  renameId?: number | null;
}

export function QueryList({ queries, currentId, search, onSearch, onNew, onOpen, onRename, onDelete, renameId }: Props) {
  const [confirming, setConfirming] = useState<QueryDto | null>(null);
  const shown = useMemo(() => {
    const needle = search.trim().toLocaleLowerCase();
    return needle === "" ? queries : queries.filter((q) => q.name.toLocaleLowerCase().includes(needle));
  }, [queries, search]);
  return (
    <div className="query-list" data-testid="query-list">
      <div className="sidebar-head">
        <h2>Queries</h2>
        <button onClick={onNew} title={withKeys("New query", "newQuery")} aria-label="New query">
          <Plus size={14} aria-hidden />
        </button>
      </div>
      <input
        className="search"
        type="search"
        placeholder="Search queries"
        aria-label="Search queries"
        value={search}
        onChange={(e) => onSearch(e.target.value)}
      />
      {shown.length === 0 ? (
        <div className="empty-state">{search ? "No query matches." : "No queries yet."}</div>
      ) : (
        <ul className="tree">
          {shown.map((q) => (
            <QueryItem
              key={q.id}
              query={q}
              current={q.id === currentId}
              renaming={q.id === renameId}
              onOpen={() => onOpen(q.id)}
              onRename={(name) => onRename(q.id, name)}
              onDelete={() => setConfirming(q)}
            />
          ))}
        </ul>
      )}
      {confirming && (
        <Dialog title="Delete query" showTitle={false} onClose={() => setConfirming(null)}>
          <h2>Delete “{confirming.name}”?</h2>
          <p>
            This deletes the query’s SQL, its version history, its table selections, its chat and its run log.
            Data sources and files stay as they are.
          </p>
          <div className="modal-actions">
            <button onClick={() => setConfirming(null)} autoFocus>
              Cancel
            </button>
            <button
              className="danger"
              onClick={() => {
                const id = confirming.id;
                setConfirming(null);
                void onDelete(id);
              }}
            >
              Delete
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

function QueryItem({
  query,
  current,
  renaming,
  onOpen,
  onRename,
  onDelete,
}: {
  query: QueryDto;
  current: boolean;
  renaming: boolean;
  onOpen: () => void;
  onRename: (name: string) => Promise<void>;
  onDelete: () => void;
}) {
  const rename = useInlineRename(
    query.name,
    (name) =>
      onRename(name).then(
        () => true,
        () => false,
      ),
    renaming,
  );
  return (
    <li className={current ? "node current" : "node"} data-testid="query-item" data-name={query.name}>
      <div className="node-row">
        {rename.editing ? (
          <RenameInput label="Query name" rename={rename} />
        ) : (
          <button className="query-name" onClick={onOpen} onDoubleClick={rename.start} title={query.name}>
            {query.name}
          </button>
        )}
        <span className="node-actions">
          <button aria-label={`Rename ${query.name}`} title="Rename" onClick={rename.start}>
            <Pencil size={14} aria-hidden />
          </button>
          <button aria-label={`Delete ${query.name}`} title="Delete" onClick={onDelete}>
            <X size={14} aria-hidden />
          </button>
        </span>
      </div>
    </li>
  );
}
