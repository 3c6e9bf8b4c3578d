// A result whose rows are still streaming in: the run returned with its first rows, and the
// rest are kept behind them. The run's channel tells the rows kept so far and how the stream
// ended; the result is shown with what it told.
import type { ResultEndDto, ResultInfoDto } from "../../lib/backend";
import type { RunFeed } from "../../state/runs";

export interface StreamedResult {
  result: ResultInfoDto;
  /** How the stream ended; null while rows still arrive (and for results kept whole). */
  end: ResultEndDto | null;
}

/** `result` as its run's feed last told of it. */
export function streamedResult(result: ResultInfoDto | null, feed: RunFeed | null): StreamedResult | null {
  if (!result) return null;
  const told = result.complete ? undefined : feed?.streams[result.id];
  if (!told) return { result, end: null };
  const end = told.end;
  return {
    result: { ...result, rowCount: Math.max(result.rowCount, told.rowCount), capped: end?.kind === "capped", complete: end !== null },
    end,
  };
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
