// The saved-query list: search, New, open, inline rename, delete with a clear confirmation.
import { useState, type KeyboardEvent } from "react";

import type { QueryDto } from "../../lib/backend";

interface Props {
  queries: QueryDto[];
  currentId: number | null;
  search: string;
  onSearch: (s: string) => void;
  onNew: () => void;
  onOpen: (id: number) => void;
  onRename: (id: number, name: string) => Promise<void>;
  onDelete: (id: number) => Promise<void>;
}

export function QueryList({ queries, currentId, search, onSearch, onNew, onOpen, onRename, onDelete }: Props) {
  const [confirming, setConfirming] = useState<QueryDto | null>(null);
  return (
    <div className="query-list" data-testid="query-list">
      <div className="sidebar-head">
        <h2>Queries</h2>
        <button onClick={onNew} title="New query (Ctrl/Cmd+N)" aria-label="New query">
          ＋
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
      {queries.length === 0 ? (
        <div className="empty-state">{search ? "No query matches." : "No queries yet."}</div>
      ) : (
        <ul className="tree">
          {queries.map((q) => (
            <QueryItem
              key={q.id}
              query={q}
              current={q.id === currentId}
              onOpen={() => onOpen(q.id)}
              onRename={(name) => onRename(q.id, name)}
              onDelete={() => setConfirming(q)}
            />
          ))}
        </ul>
      )}
      {confirming && (
        <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Delete query">
          <div className="modal">
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
          </div>
        </div>
      )}
    </div>
  );
}

function QueryItem({
  query,
  current,
  onOpen,
  onRename,
  onDelete,
}: {
  query: QueryDto;
  current: boolean;
  onOpen: () => void;
  onRename: (name: string) => Promise<void>;
  onDelete: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(query.name);
  const stop = () => {
    setEditing(false);
    setDraft(query.name);
  };
  const commit = async () => {
    const name = draft.trim();
    if (name === "" || name === query.name) return stop();
    await onRename(name).catch(() => undefined);
    setEditing(false);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") void commit();
    if (e.key === "Escape") stop();
  };
  return (
    <li className={current ? "node current" : "node"} data-testid="query-item" data-name={query.name}>
      <div className="node-row">
        {editing ? (
          <input
            className="rename"
            aria-label="Query name"
            autoFocus
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKey}
            onBlur={() => void commit()}
          />
        ) : (
          <button className="query-name" onClick={onOpen} onDoubleClick={() => setEditing(true)} title={query.name}>
            {query.name}
          </button>
        )}
        <span className="node-actions">
          <button aria-label={`Rename ${query.name}`} title="Rename" onClick={() => setEditing(true)}>
            ✎
          </button>
          <button aria-label={`Delete ${query.name}`} title="Delete" onClick={onDelete}>
            ✕
          </button>
        </span>
      </div>
    </li>
  );
}
