// A running script's progress: which statement, and DuckDB's own progress counter for it as a
// bar with its rows per second, asked for five times a second while the run lasts.
import { useEffect, useState } from "react";

import { backend, type RunProgressDto } from "../../lib/backend";
import { addSample, formatRate, rowsPerSecond, type Sample } from "./throughput";

export const PROGRESS_EVERY_MS = 200;

export function RunProgress({ runId }: { runId: string }) {
  const [progress, setProgress] = useState<RunProgressDto | null>(null);
  const [rate, setRate] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    let samples: Sample[] = [];
    const ask = () =>
      void backend
        .runProgress(runId)
        .then((p) => {
          if (!live) return;
          setProgress(p);
          if (p === null) return;
          samples = addSample(samples, { statement: p.statement, rows: p.rowsProcessed, at: Date.now() });
          setRate(rowsPerSecond(samples));
        })
        .catch(() => undefined);
    ask();
    const timer = setInterval(ask, PROGRESS_EVERY_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [runId]);
  if (!progress) return null;
  const percent = progress.fraction === null || progress.fraction === undefined ? null : Math.round(progress.fraction * 100);
  return (
    <span className="run-progress" data-testid="run-progress">
      {progress.statements > 1 && (
        <span>
          statement {progress.statement} of {progress.statements}
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
