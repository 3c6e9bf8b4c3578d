// A result whose rows are still streaming in: the run returned with its first rows, and the
// rest are kept behind them. The count is asked for a few times a second until DuckDB's
// stream has ended, and the result is shown with the rows kept so far.
import { useEffect, useMemo, useState } from "react";

import { backend, type ResultEndDto, type ResultInfoDto } from "../../lib/backend";

export const STREAM_POLL_MS = 250;

export interface StreamedResult {
  result: ResultInfoDto;
  /** How the stream ended; null while rows still arrive (and for results kept whole). */
  end: ResultEndDto | null;
}

export function useStreamedResult(result: ResultInfoDto | null): StreamedResult | null {
  const [status, setStatus] = useState<{ id: number; rowCount: number; end: ResultEndDto | null } | null>(null);
  const id = result?.id;
  const streaming = result !== null && !result.complete;
  useEffect(() => {
    if (!streaming || id === undefined) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = () =>
      void backend
        .resultStatus(id)
        .then((s) => {
          if (!live) return;
          setStatus({ id, rowCount: s.rowCount, end: s.end ?? null });
          if (!s.end) timer = setTimeout(ask, STREAM_POLL_MS);
        })
        .catch(() => undefined); // the result was closed
    ask();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id, streaming]);
  return useMemo(() => {
    if (!result) return null;
    if (!streaming || status?.id !== result.id) return { result, end: null };
    const end = status.end;
    return {
      result: { ...result, rowCount: Math.max(result.rowCount, status.rowCount), capped: end?.kind === "capped", complete: end !== null },
      end,
    };
  }, [result, streaming, status]);
}

/** What the status line says of a streamed result's end, or null when there is nothing to say. */
export function streamEndNote(end: ResultEndDto | null): string | null {
  switch (end?.kind) {
    case "stopped":
      return "stopped: the rows that had arrived are kept";
    case "failed":
      return `DuckDB failed part way (${end.message}); the rows before it are kept`;
    default:
      return null;
  }
}
