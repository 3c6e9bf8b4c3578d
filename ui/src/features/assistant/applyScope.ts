// Where a suggestion goes: the selection when there is one; in a script of several statements,
// the statement under the cursor (found by DuckDB's parser, as Run finds it); else everything.
import type { SpanDto } from "../../lib/backend";
import { runTarget } from "../editor/runTarget";
import type { ApplyScope, EditorSnapshot } from "./ApplyDialog";

export function applyScope(snapshot: EditorSnapshot, spans: SpanDto[]): { scope: ApplyScope; snapshot: EditorSnapshot } {
  const from = Math.min(snapshot.from, snapshot.to);
  const to = Math.max(snapshot.from, snapshot.to);
  if (to > from) return { scope: "selection", snapshot: { doc: snapshot.doc, from, to } };
  if (spans.length > 1) {
    const target = runTarget(snapshot.doc, { from, to }, spans);
    return { scope: "statement", snapshot: { doc: snapshot.doc, from: target.from, to: target.from + target.sql.length } };
  }
  return { scope: "all", snapshot };
}

/** The SQL a question is about: the selection, else the statement under the cursor, else the text. */
export function scopedSql(snapshot: EditorSnapshot, spans: SpanDto[]): string {
  const { scope, snapshot: target } = applyScope(snapshot, spans);
  return scope === "all" ? snapshot.doc : snapshot.doc.slice(target.from, target.to);
}
