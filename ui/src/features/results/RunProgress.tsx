// A running script's progress as its run tells it: which statement, and DuckDB's own
// progress counter for it as a bar with its rows per second.
import type { RunFeed } from "../../state/runs";
import { formatRate } from "./throughput";

export function RunProgress({ feed }: { feed: RunFeed }) {
  const { statement, progress } = feed;
  const fraction = progress?.progress.fraction;
  const percent = fraction === null || fraction === undefined ? null : Math.round(fraction * 100);
  const rate = progress?.rowsPerSecond ?? null;
  if (!statement && !progress) return null;
  return (
    <span className="run-progress" data-testid="run-progress">
      {statement && statement.statements > 1 && (
        <span>
          statement {statement.statement} of {statement.statements}
        </span>
      )}
      {percent !== null && (
        <>
          <progress max={100} value={percent} aria-label="Progress of the running statement" />
          <span>{percent}%</span>
        </>
      )}
      {rate !== null && <span data-testid="run-rate">{formatRate(rate)}</span>}
    </span>
  );
}
