// A running script's progress: which statement, and DuckDB's own progress counter for it as a
// bar, asked for five times a second while the run lasts.
import { useEffect, useState } from "react";

import { backend, type RunProgressDto } from "../../lib/backend";

export const PROGRESS_EVERY_MS = 200;

export function RunProgress({ runId }: { runId: string }) {
  const [progress, setProgress] = useState<RunProgressDto | null>(null);
  useEffect(() => {
    let live = true;
    const ask = () =>
      void backend
        .runProgress(runId)
        .then((p) => live && setProgress(p))
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
    </span>
  );
}
