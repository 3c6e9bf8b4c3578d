// One value in full: long text with wrapping, JSON (and LIST/STRUCT/MAP values, which DuckDB
// gives as JSON) as a folding tree or as indented text. The value is asked of DuckDB whole.
import { useMemo, useState } from "react";

import { Dialog, DialogClose } from "../../components/ui/Dialog";
import { type ColumnDto, type ViewDto, errorMessage } from "../../lib/backend";
import { useCellValue } from "../../lib/reads";
import { JsonTree, parseJson } from "./JsonTree";

interface Props {
  resultId: number;
  view: ViewDto;
  row: number;
  column: number;
  info: ColumnDto;
  onCopy: () => void;
  onClose: () => void;
}

type Mode = "tree" | "text";

export function ValueViewer({ resultId, view, row, column, info, onCopy, onClose }: Props) {
  const read = useCellValue(resultId, view, row, column);
  const value = read.data ?? null;
  const error = read.error ? errorMessage(read.error) : null;
  const [mode, setMode] = useState<Mode>("tree");
  const [wrap, setWrap] = useState(true);

  // Nested values come as DuckDB's JSON; text that holds JSON is shown as a tree as well.
  const json = useMemo(() => {
    if (!value || value.text === null) return undefined;
    const source = value.json ?? value.text;
    const trimmed = source.trimStart();
    return value.json !== null || trimmed.startsWith("{") || trimmed.startsWith("[") ? parseJson(source) : undefined;
  }, [value]);
  const text = value?.text ?? null;
  const shown = json !== undefined && mode === "text" ? JSON.stringify(json, null, 2) : text;

  return (
    <Dialog title={`${info.name}, row ${row + 1}`} onClose={onClose} className="value-viewer" testId="value-viewer">
      <div className="value-viewer-bar">
        <span className="muted">{info.dataType}</span>
        {text !== null && <span className="muted">{new Intl.NumberFormat().format(text.length)} characters</span>}
        <span className="spacer" />
        {json !== undefined && (
          <div className="segmented" role="group" aria-label="Show as">
            <button aria-pressed={mode === "tree"} onClick={() => setMode("tree")} data-testid="value-tree">
              Tree
            </button>
            <button aria-pressed={mode === "text"} onClick={() => setMode("text")} data-testid="value-text">
              Text
            </button>
          </div>
        )}
        {(json === undefined || mode === "text") && (
          <label className="checkbox">
            <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} /> Wrap lines
          </label>
        )}
        <button onClick={onCopy} disabled={value === null}>
          Copy value
        </button>
      </div>
      <div className="value-viewer-body">
        {error !== null ? (
          <pre className="error-box">{error}</pre>
        ) : value === null ? (
          <div className="muted">Loading…</div>
        ) : text === null ? (
          <div className="null-value">NULL</div>
        ) : json !== undefined && mode === "tree" ? (
          <JsonTree value={json} />
        ) : (
          <pre className={wrap ? "value-text wrap" : "value-text"} data-testid="value-text-body">
            {shown}
          </pre>
        )}
      </div>
      <div className="modal-actions">
        <DialogClose asChild>
          <button>Close</button>
        </DialogClose>
      </div>
    </Dialog>
  );
}
