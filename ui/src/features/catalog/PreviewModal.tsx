// A quick look at a table without touching the open query: its first 100 rows, or DuckDB's
// SUMMARIZE statistics per column, in a grid; the result is freed when the window closes.
import { X } from "lucide-react";
import { useEffect, useState } from "react";

import { backend, type ResultInfoDto, type ViewDto, errorMessage } from "../../lib/backend";
import { ResultsGrid } from "../results/ResultsGrid";
import { EMPTY_VIEW } from "../results/resultView";
import { lastResult } from "../results/runResults";
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
  const [result, setResult] = useState<ResultInfoDto | null>(null);
  // Sorting only: the row count stays the result's.
  const [view, setView] = useState<ViewDto>(EMPTY_VIEW);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let resultId: number | null = null;
    const runId = `preview-${globalThis.crypto?.randomUUID?.() ?? Date.now()}`;
    backend
      .runQuery(runId, request.sql)
      .then((out) => {
        resultId = lastResult(out)?.id ?? null;
        if (live) setResult(lastResult(out));
        else if (resultId !== null) void backend.closeResult(resultId);
      })
      .catch((e: unknown) => live && setError(errorMessage(e)));
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
          <X size={14} aria-hidden />
        </button>
      </div>
      <div className="preview-body">
        {error ? (
          <pre className="error-box">{error}</pre>
        ) : result ? (
          <ResultsGrid result={result} dark={dark} onError={setError} view={view} onViewChange={(v) => setView({ ...EMPTY_VIEW, sort: v.sort })} />
        ) : (
          <div className="empty-state">Loading…</div>
        )}
      </div>
    </Dialog>
  );
}
