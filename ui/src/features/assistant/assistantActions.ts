// What the app asks the assistant to do with the editor's SQL: explain it, fix a failed run,
// and bring a suggestion into the editor through the apply dialog. Each is asked in the chat.
import { backend } from "../../lib/backend";
import { useUi } from "../../state/ui";
import { editors } from "../editor/editors";
import { applyScope, scopedSql } from "./applyScope";
import type { SuggestionDto } from "../../lib/backend";

/** Asks to explain the selection, or the whole text; false when there is nothing to explain. */
export function explainSql(): boolean {
  const snap = editors.current()?.snapshot();
  if (!snap || !snap.doc.trim()) return false;
  const picked = snap.from === snap.to ? snap.doc : snap.doc.slice(Math.min(snap.from, snap.to), Math.max(snap.from, snap.to));
  useUi.getState().ask(`Explain what this SQL does, step by step:\n\n\`\`\`sql\n${picked.trim()}\n\`\`\``);
  return true;
}

/** Asks to fix SQL that failed with DuckDB's `error`. */
export function fixWithAi(sql: string, error: string): void {
  useUi.getState().ask(`This SQL fails. DuckDB's error:\n${error}\n\nFix it:\n\n\`\`\`sql\n${sql.trim()}\n\`\`\``);
}

/** The SQL a question is about: the statement under the cursor or the selection, not the whole script. */
export async function editorSql(): Promise<string | null> {
  const snap = editors.current()?.snapshot();
  if (!snap) return null;
  const spans = await backend.statementSpans(snap.doc).catch(() => []);
  return scopedSql(snap, spans);
}

/** Opens the apply dialog for a suggestion, over what it would replace in query `queryId`'s editor. */
export async function offerSuggestion(queryId: number, suggestion: SuggestionDto, run: boolean): Promise<void> {
  const snap = editors.get(queryId)?.snapshot();
  if (!snap) return;
  // A text that does not parse has no statements to pick from: then the whole text.
  const spans = await backend.statementSpans(snap.doc).catch(() => []);
  useUi.getState().show({ kind: "apply", applying: { queryId, suggestion, run, ...applyScope(snap, spans) } });
}
