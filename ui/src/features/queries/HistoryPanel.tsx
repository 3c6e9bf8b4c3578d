// A query's SQL history: versions newest first with relative times, a side-by-side diff of the
// chosen version against the current SQL, and Restore (itself a new version, so undoable).
import { X } from "lucide-react";
import { useState } from "react";

import { SqlDiff } from "../../components/SqlDiff";
import { Dialog, DialogClose } from "../../components/ui/Dialog";
import { backend, type QueryDto, type SqlVersionDto, errorMessage } from "../../lib/backend";
import { useVersions } from "../../lib/reads";
import { relativeTime } from "./relativeTime";

interface Props {
  query: QueryDto;
  currentSql: string;
  onRestored: (q: QueryDto) => void;
  onClose: () => void;
  onError: (message: string) => void;
}

export function HistoryPanel({ query, currentSql, onRestored, onClose, onError }: Props) {
  const { data: read, error } = useVersions(query.id);
  const versions = read ?? null;
  const [picked, setPicked] = useState<number | null>(null);
  // The version picked, else the newest that differs from the editor's SQL.
  const chosen = versions?.find((v) => v.id === picked) ?? versions?.find((x) => x.sql !== currentSql) ?? versions?.[0] ?? null;

  const restore = async (v: SqlVersionDto) => {
    try {
      onRestored(await backend.restoreVersion(query.id, v.id));
      setPicked(null);
    } catch (e) {
      onError(errorMessage(e));
    }
  };

  return (
    <Dialog title={`History of ${query.name}`} showTitle={false} onClose={onClose} className="history" testId="history-panel">
      <div className="history-head">
        <h2 aria-hidden="true">History of {query.name}</h2>
        <DialogClose aria-label="Close history"><X size={14} aria-hidden /></DialogClose>
      </div>
      <div className="history-body">
        <ul className="versions" aria-label="Versions">
          {error && <li className="node-error">{errorMessage(error)}</li>}
          {versions === null && !error && <li className="empty-state">Loading…</li>}
          {versions?.length === 0 && <li className="empty-state">No versions yet: they appear as you edit.</li>}
          {versions?.map((v, i) => (
            <li key={v.id}>
              <button
                className={chosen?.id === v.id ? "version chosen" : "version"}
                onClick={() => setPicked(v.id)}
                title={new Date(v.createdAt).toLocaleString()}
              >
                {i === 0 ? "Latest · " : ""}
                {relativeTime(v.createdAt)}
              </button>
            </li>
          ))}
        </ul>
        <div className="diff">
          {chosen ? (
            <>
              <div className="diff-legend">
                <span>Version ({relativeTime(chosen.createdAt)})</span>
                <span>Current</span>
                <button className="primary" onClick={() => void restore(chosen)} disabled={chosen.sql === currentSql}>
                  Restore this version
                </button>
              </div>
              <SqlDiff a={chosen.sql} b={currentSql} testId="history-diff" />
            </>
          ) : (
            <div className="empty-state">Choose a version to compare it with the current SQL.</div>
          )}
        </div>
      </div>
    </Dialog>
  );
}
