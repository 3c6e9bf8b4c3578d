// Browse an S3 connection's bucket by prefix (folders, then objects, 100 per page) or search
// every key below the prefix, then add objects as tables, or a whole folder as one table.
import { X } from "lucide-react";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useState } from "react";

import { backend, type ConnectionDto, type S3ListingDto, errorMessage } from "../../lib/backend";
import { Dialog } from "../../components/ui/Dialog";
import { useDebounced } from "../../lib/useDebounced";

const PAGE = 100;
const FOLDER_FORMATS = ["csv", "tsv", "parquet", "json", "ndjson"] as const;

interface Props {
  connection: ConnectionDto;
  onAdded: (names: string[]) => void;
  onClose: () => void;
}


export function S3Browser({ connection, onAdded, onClose }: Props) {
  const [prefix, setPrefix] = useState("");
  const [search, setSearch] = useState("");
  const [offset, setOffset] = useState(0);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [folderFormat, setFolderFormat] = useState<(typeof FOLDER_FORMATS)[number]>("parquet");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [glob, setGlob] = useState("");

  // The bucket is asked once typing in the search stops.
  const wanted = JSON.stringify([prefix, search.trim() === "" ? null : search, offset]);
  const asked = useDebounced(wanted, 150);
  const read = useQuery({
    queryKey: ["s3", connection.id, asked],
    queryFn: () => {
      const [p, q, o] = JSON.parse(asked) as [string, string | null, number];
      return backend.browseS3(connection.id, p, q, o, PAGE);
    },
  });
  const listing: S3ListingDto | null = asked === wanted ? (read.data ?? null) : null;
  const shownError = error ?? (read.error ? errorMessage(read.error) : null);

  const go = (p: string) => {
    setPrefix(p);
    setOffset(0);
    setSearch("");
    setPicked(new Set());
  };

  const add = useCallback(
    async (keys: string[], many: boolean, format: string | null) => {
      setBusy(true);
      setError(null);
      try {
        const views = await backend.addS3Objects(connection.id, keys, many, format);
        onAdded(views.map((v) => v.name));
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setBusy(false);
      }
    },
    [connection.id, onAdded],
  );

  const crumbs = prefix.split("/").filter((p) => p !== "");
  return (
    <Dialog title="Browse bucket" showTitle={false} onClose={onClose} className="s3-browser" testId="s3-browser">
      <div className="history-head">
        <h2>
          Add tables from <code>s3://{connection.settings.kind === "s3" ? connection.settings.bucket : ""}</code>
        </h2>
        <button onClick={onClose} aria-label="Close">
          <X size={14} aria-hidden />
        </button>
      </div>
      <nav className="crumbs" aria-label="Prefix">
        <button onClick={() => go("")}>{connection.identifier}</button>
        {crumbs.map((c, i) => (
          <span key={`${c}-${i}`}>
            {" / "}
            <button onClick={() => go(`${crumbs.slice(0, i + 1).join("/")}/`)}>{c}</button>
          </span>
        ))}
      </nav>
      <input
        className="search"
        type="search"
        placeholder="Search every key below this folder"
        aria-label="Search keys"
        value={search}
        onChange={(e) => {
          setSearch(e.target.value);
          setOffset(0);
        }}
      />
      <ul className="s3-list" data-testid="s3-list">
        {listing === null && <li className="empty-state">Listing…</li>}
        {listing?.total === 0 && <li className="empty-state">{search ? "No key matches." : "This folder is empty."}</li>}
        {listing?.entries.map((e) =>
          e.type === "folder" ? (
            <li key={e.key} className="s3-folder">
              <button onClick={() => go(e.key)}>📁 {e.key.slice(prefix.length)}</button>
            </li>
          ) : (
            <li key={e.key} className="s3-object">
              <label>
                <input
                  type="checkbox"
                  checked={picked.has(e.key)}
                  onChange={() => {
                    const next = new Set(picked);
                    if (next.has(e.key)) next.delete(e.key);
                    else next.add(e.key);
                    setPicked(next);
                  }}
                  aria-label={`Pick ${e.key}`}
                />
                {search ? e.key : e.key.slice(prefix.length)}
              </label>
            </li>
          ),
        )}
      </ul>
      {listing && listing.total > PAGE && (
        <div className="pager">
          <button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            ‹ Previous
          </button>
          <span>
            {offset + 1}–{Math.min(offset + PAGE, listing.total)} of {listing.total}
          </span>
          <button disabled={offset + PAGE >= listing.total} onClick={() => setOffset(offset + PAGE)}>
            Next ›
          </button>
        </div>
      )}
      <div className="glob-row">
        <input
          className="search"
          placeholder="or a glob, as one table: logs/2024/*.parquet"
          aria-label="Glob"
          value={glob}
          onChange={(e) => setGlob(e.target.value)}
        />
        <button disabled={busy || !glob.includes("*")} onClick={() => void add([glob.trim()], true, null)} data-testid="add-glob">
          Add glob as one table
        </button>
      </div>
      {shownError && (
        <div className="status-error" role="alert">
          {shownError}
        </div>
      )}
      <div className="modal-actions">
        {prefix !== "" && (
          <span className="confirm-inline">
            <select value={folderFormat} onChange={(e) => setFolderFormat(e.target.value as typeof folderFormat)} aria-label="Folder format">
              {FOLDER_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
            <button disabled={busy} onClick={() => void add([prefix], true, folderFormat)} data-testid="add-folder">
              Add this folder as one table
            </button>
          </span>
        )}
        <span className="spacer" />
        <button
          className="primary"
          disabled={busy || picked.size === 0}
          onClick={() => void add([...picked], false, null)}
          data-testid="add-objects"
        >
          {busy ? "Adding…" : `Add ${picked.size || ""} as table${picked.size === 1 ? "" : "s"}`}
        </button>
      </div>
    </Dialog>
  );
}
