// Applying a suggestion: a diff of the editor's text now against the text after the change (the
// selection, the statement under the cursor in a script of several, or everything), then one
// undoable change.
// A statement that does more than read the catalog, or that was not checked, runs only once the
// user has ticked that it may.
import { useState } from "react";

import { SqlDiff } from "../../components/SqlDiff";
import { Dialog, DialogClose } from "../../components/ui/Dialog";
import type { SuggestionDto } from "../../lib/backend";
import { asksFirst, effectsOf } from "./suggestionCheck";

export interface EditorSnapshot {
  doc: string;
  from: number;
  to: number;
}

/** What applying does to the text: the range it replaces and the text after. */
export function applyTarget(snapshot: EditorSnapshot, sql: string): { from: number; to: number; after: string } {
  const { doc, from, to } = snapshot;
  const [start, end] = from === to ? [0, doc.length] : [Math.min(from, to), Math.max(from, to)];
  return { from: start, to: end, after: doc.slice(0, start) + sql + doc.slice(end) };
}

/** What the suggestion replaces: `from`/`to` of the snapshot mark it, except for `all`. */
export type ApplyScope = "selection" | "statement" | "all";

const SCOPE_TEXT: Record<ApplyScope, string> = {
  selection: "Replaces the selected text",
  statement: "Replaces the statement under the cursor",
  all: "Replaces the whole text",
};

interface Props {
  suggestion: SuggestionDto;
  run: boolean;
  snapshot: EditorSnapshot;
  scope: ApplyScope;
  onApply: (from: number, to: number, run: boolean) => void;
  onClose: () => void;
}

export function ApplyDialog({ suggestion, run, snapshot, scope, onApply, onClose }: Props) {
  const target = applyTarget(scope === "all" ? { ...snapshot, from: 0, to: 0 } : snapshot, suggestion.sql);
  const changesData = asksFirst(suggestion.check);
  const effects = effectsOf(suggestion.check);
  const [allowed, setAllowed] = useState(false);
  return (
    <Dialog title="Apply the suggestion" onClose={onClose} className="apply" testId="apply-dialog">
      <p className="hint">
        {SCOPE_TEXT[scope]}; Ctrl/Cmd+Z undoes it, and History keeps the version before.
      </p>
      <div className="diff-legend">
        <span>Now</span>
        <span>After</span>
      </div>
      <SqlDiff a={snapshot.doc} b={target.after} testId="apply-diff" />
      {run && changesData && (
        <label className="check warn">
          <input type="checkbox" checked={allowed} onChange={(e) => setAllowed(e.target.checked)} data-testid="apply-allow" />
          {suggestion.check.status === "outside" ? "DuckDB did not check this statement: it " : "This statement "}
          {effects.join("; ") || "changes data or schema"}. Run it anyway.
        </label>
      )}
      <div className="modal-actions">
        <span className="spacer" />
        <DialogClose asChild>
          <button>Cancel</button>
        </DialogClose>
        <button className={run ? "" : "primary"} onClick={() => onApply(target.from, target.to, false)} data-testid="apply-confirm">
          Apply
        </button>
        {run && (
          <button className="primary" onClick={() => onApply(target.from, target.to, true)} disabled={changesData && !allowed} data-testid="apply-run">
            Apply and run
          </button>
        )}
      </div>
    </Dialog>
  );
}
