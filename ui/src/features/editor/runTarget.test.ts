import { describe, expect, it } from "vitest";

import { errorOffset, explainTarget, runTarget } from "./runTarget";

const doc = "select 1;\nselect 2;\n\nselect 3";
// Spans as DuckDB's parser reports them (UTF-16 offsets, without the `;`).
const spans = [
  { start: 0, end: 8 },
  { start: 10, end: 18 },
  { start: 21, end: 29 },
];

describe("runTarget", () => {
  it("runs the selection when there is one", () => {
    expect(runTarget(doc, { from: 10, to: 18 }, spans)).toEqual({ sql: "select 2", from: 10 });
  });

  it("runs the statement under the cursor", () => {
    expect(runTarget(doc, { from: 12, to: 12 }, spans).sql).toBe("select 2");
    expect(runTarget(doc, { from: 25, to: 25 }, spans).sql).toBe("select 3");
  });

  it("treats a cursor just after a statement's semicolon as that statement", () => {
    expect(runTarget(doc, { from: 9, to: 9 }, spans).sql).toBe("select 1");
    expect(runTarget(doc, { from: 20, to: 20 }, spans).sql).toBe("select 2");
  });

  it("runs the whole text when the parser found no statements", () => {
    expect(runTarget("selec x", { from: 2, to: 2 }, [])).toEqual({ sql: "selec x", from: 0 });
  });

  it("maps an error's line and column back into the document", () => {
    const target = runTarget(doc, { from: 21, to: 21 }, spans);
    expect(errorOffset(doc, target, 1, 3)).toBe(23);
    const whole = { sql: doc, from: 0 };
    expect(errorOffset(doc, whole, 2, 1)).toBe(10);
    expect(errorOffset(doc, whole, 9, 1)).toBeNull();
    expect(errorOffset(doc, whole, null, null)).toBeNull();
  });
});

describe("explainTarget", () => {
  it("explains the statement under the cursor, and errors still map into the editor", () => {
    const target = runTarget(doc, { from: 12, to: 12 }, spans);
    const plan = explainTarget(target, spans, "plan");
    expect(plan.sql).toBe("EXPLAIN (FORMAT json) select 2");
    // DuckDB's column 23 of line 1 is the "s" of "select 2", at offset 10 in the editor.
    expect(errorOffset(doc, plan, 1, 23)).toBe(10);
  });

  it("takes only the first statement of a selection, since EXPLAIN ANALYZE runs what it is given", () => {
    const target = runTarget(doc, { from: 0, to: doc.length }, spans);
    const analyze = explainTarget(target, spans, "analyze");
    expect(analyze.sql).toBe("EXPLAIN (ANALYZE, FORMAT json) select 1");
    expect(errorOffset(doc, analyze, 1, 32)).toBe(0);
  });

  it("skips the space before a selected statement", () => {
    const target = runTarget(doc, { from: 9, to: 18 }, spans);
    const plan = explainTarget(target, spans, "plan");
    expect(plan.sql).toBe("EXPLAIN (FORMAT json) select 2");
    expect(errorOffset(doc, plan, 1, 23)).toBe(10);
  });
});
