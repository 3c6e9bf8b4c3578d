// Decides what Run executes: the selection when there is one, else the statement under the
// cursor (statement spans come from DuckDB's parser), else the whole script; and what
// EXPLAIN is given.
import type { SpanDto } from "../../lib/backend";

export interface RunTarget {
  sql: string;
  /** Offset of `sql` in the document, to map error positions back. */
  from: number;
}

export function runTarget(doc: string, selection: { from: number; to: number }, spans: SpanDto[]): RunTarget {
  if (selection.to > selection.from) {
    return { sql: doc.slice(selection.from, selection.to), from: selection.from };
  }
  const cursor = selection.from;
  // The statement containing the cursor, or the last one that ends before it (a cursor just
  // after "select 1;" still means that statement).
  let chosen: SpanDto | undefined;
  for (const span of spans) {
    if (cursor >= span.start && cursor <= span.end) {
      chosen = span;
      break;
    }
    if (span.end <= cursor) chosen = span;
  }
  chosen ??= spans[0];
  if (!chosen) return { sql: doc, from: 0 };
  return { sql: doc.slice(chosen.start, chosen.end), from: chosen.start };
}

/** Maps a 1-based line/column inside `target` to an absolute document offset. */
export function errorOffset(doc: string, target: RunTarget, line: number | null, column: number | null): number | null {
  if (line === null) return null;
  const text = target.sql;
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return null;
    offset = next + 1;
  }
  const lineEnd = text.indexOf("\n", offset);
  const col = column === null ? 0 : column - 1;
  const within = Math.min(offset + col, lineEnd < 0 ? text.length : lineEnd);
  return Math.min(doc.length, target.from + within);
}

/** What EXPLAIN asks of DuckDB: the plan it would use, or the plan measured by running it. */
export type ExplainMode = "plan" | "analyze";

const EXPLAIN_PREFIX: Record<ExplainMode, string> = {
  plan: "EXPLAIN (FORMAT json) ",
  analyze: "EXPLAIN (ANALYZE, FORMAT json) ",
};

/**
 * The statement to explain: the target's first statement (EXPLAIN takes one), prefixed on its
 * first line so that an error's position still maps into the editor.
 */
export function explainTarget(target: RunTarget, spans: SpanDto[], mode: ExplainMode): RunTarget {
  const end = target.from + target.sql.length;
  const first = spans.find((s) => s.end > target.from && s.start < end && target.sql.slice(s.start - target.from, s.end - target.from).trim() !== "");
  const sql = first ? target.sql.slice(Math.max(0, first.start - target.from), first.end - target.from) : target.sql;
  const from = first ? Math.max(target.from, first.start) : target.from;
  const prefix = EXPLAIN_PREFIX[mode];
  return { sql: prefix + sql.trimStart(), from: from + (sql.length - sql.trimStart().length) - prefix.length };
}
