// Clear all data: says exactly what goes and what stays before anything goes. Cancel has the
// focus, so Enter or Escape keeps everything.
import { useEffect, useState } from "react";

import { Dialog, DialogClose } from "../../components/ui/Dialog";
import { backend, BackendError, type DataSummaryDto } from "../../lib/backend";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function ClearDataDialog({ onClose }: { onClose: () => void }) {
  const [summary, setSummary] = useState<DataSummaryDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [clearing, setClearing] = useState(false);

  useEffect(() => {
    backend.dataSummary().then(setSummary, (e: unknown) => setError(String(e)));
  }, []);

  const clear = async () => {
    setClearing(true);
    try {
      // The app starts afresh when this answers.
      await backend.clearAllData();
    } catch (e) {
      setClearing(false);
      setError(e instanceof BackendError ? e.message : String(e));
    }
  };

  return (
    <Dialog title="Clear all data?" onClose={onClose} className="clear-data" testId="clear-data">
      {summary === null && !error && <p>Counting…</p>}
      {summary && (
        <>
          <p>QBox starts again as on its first launch. This removes:</p>
          <ul data-testid="clear-goes">
            <li>
              {plural(summary.queries, "saved query", "saved queries")} with {plural(summary.versions, "history version")}{" "}
              and {plural(summary.runs, "logged run")}
            </li>
            <li>{plural(summary.sources, "registered file or folder", "registered files and folders")} (the registrations only)</li>
            <li>{plural(summary.connections, "connection")} with their passwords and keys in the system keychain, and S3 views</li>
            <li>the DuckDB database (tables you created in it), settings, pane sizes and logs</li>
          </ul>
          <p>
            Stays: your own files, wherever they are (also any in <span className="path">{summary.dataDir}</span>),
            and the databases and buckets the connections pointed at.
          </p>
        </>
      )}
      {error && (
        <p className="status-error" role="alert">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <DialogClose asChild>
          <button autoFocus>Cancel</button>
        </DialogClose>
        <button className="danger" disabled={summary === null || clearing} onClick={() => void clear()}>
          {clearing ? "Clearing…" : "Clear all data"}
        </button>
      </div>
    </Dialog>
  );
}
