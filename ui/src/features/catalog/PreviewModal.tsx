// A quick look at a table without touching the open query: its first 100 rows, or DuckDB's
// SUMMARIZE statistics per column, in a grid; the result is freed when the window closes.
import { useEffect, useState } from "react";

import { backend, type RunOutputDto } from "../../lib/backend";
import { ResultsGrid } from "../results/ResultsGrid";
import { Dialog } from "../../components/ui/Dialog";

export interface PreviewRequest {
  title: string;
  sql: string;
}

interface Props {
  request: PreviewRequest;
  dark: boolean;
  onClose: () => void;
}

export function PreviewModal({ request, dark, onClose }: Props) {
  const [output, setOutput] = useState<RunOutputDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let resultId: number | null = null;
    const runId = `preview-${globalThis.crypto?.randomUUID?.() ?? Date.now()}`;
    backend
      .runQuery(runId, request.sql)
      .then((out) => {
        resultId = out.result?.id ?? null;
        if (live) setOutput(out);
        else if (resultId !== null) void backend.closeResult(resultId);
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
      void backend.cancelQuery(runId);
      if (resultId !== null) void backend.closeResult(resultId).catch(() => undefined);
    };
  }, [request.sql]);

  return (
    <Dialog title={request.title} showTitle={false} onClose={onClose} className="preview" testId="preview">
      <div className="history-head">
        <h2>{request.title}</h2>
        <button onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      <div className="preview-body">
        {error ? (
          <pre className="error-box">{error}</pre>
        ) : output?.result ? (
          <ResultsGrid result={output.result} dark={dark} onError={setError} />
        ) : (
          <div className="empty-state">Loading…</div>
        )}
      </div>
    </Dialog>
  );
}
