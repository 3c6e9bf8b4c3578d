// SQL shown read-only with the editor's colours: CodeMirror's SQL parser and Lezer's class
// highlighter make spans as React elements, so no markup from the text ever reaches the DOM.
import { sql } from "@codemirror/lang-sql";
import { classHighlighter, highlightCode } from "@lezer/highlight";
import { useMemo, type ReactNode } from "react";

const parser = sql().language.parser;

export function SqlCode({ code, testId }: { code: string; testId?: string }) {
  const nodes = useMemo(() => {
    const out: ReactNode[] = [];
    highlightCode(
      code,
      parser.parse(code),
      classHighlighter,
      (text, classes) => out.push(classes ? <span key={out.length} className={classes}>{text}</span> : text),
      () => out.push("\n"),
    );
    return out;
  }, [code]);
  return (
    <pre className="sql-code" data-testid={testId}>
      <code>{nodes}</code>
    </pre>
  );
}
