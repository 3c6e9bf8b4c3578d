// The editor's run flow: what to run (the selection, the statement under the cursor, or all),
// saving a history version first, and marking an SQL error where it happened in the text.
import { useCallback, useEffect, useRef } from "react";

import { backend } from "../../lib/backend";
import type { Autosaver } from "../../state/autosave";
import { useQueries } from "../../state/queries";
import { useRuns } from "../../state/runs";
import { errorOffset, explainTarget, runTarget, type ExplainMode, type RunTarget } from "./runTarget";
import { editors } from "./editors";

/**
 * `run()` runs the target of the open query's editor; `run(true)` its whole script;
 * `run(false, mode)` shows the plan of the statement under the cursor (or selected).
 */
export function useRunFlow(autosave: Autosaver) {
  const lastTarget = useRef(new Map<number, RunTarget>());
  const start = useRuns((s) => s.start);
  const runs = useRuns((s) => s.runs);

  const run = useCallback(
    async (all = false, explain?: ExplainMode) => {
      const id = useQueries.getState().currentId;
      const snap = id !== null ? editors.get(id)?.snapshot() : undefined;
      if (id === null || !snap) return;
      let spans: Awaited<ReturnType<typeof backend.statementSpans>> = [];
      if (!all) {
        try {
          spans = await backend.statementSpans(snap.doc);
        } catch {
          // A script DuckDB cannot parse runs whole, so the error comes back with its position.
        }
      }
      const chosen = all ? { sql: snap.doc, from: 0 } : runTarget(snap.doc, snap, spans);
      const target = explain ? explainTarget(chosen, spans, explain) : chosen;
      if (target.sql.trim() === "") return;
      lastTarget.current.set(id, target);
      editors.get(id)?.markError(null, null);
      autosave.flush();
      await start(id, target.sql, target.from);
    },
    [start, autosave],
  );

  // Mark a SQL error in the editor of the query that ran.
  useEffect(() => {
    for (const [id, r] of Object.entries(runs)) {
      const target = lastTarget.current.get(Number(id));
      if (r.status !== "failed" || r.error.kind !== "Sql" || !target) continue;
      const editor = editors.get(Number(id));
      const snap = editor?.snapshot();
      if (!editor || !snap) continue;
      const offset = errorOffset(snap.doc, target, r.error.data.line, r.error.data.column);
      editor.markError(offset ?? target.from, r.error.data.message);
      lastTarget.current.delete(Number(id));
    }
  }, [runs]);

  return run;
}
