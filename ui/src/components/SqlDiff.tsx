// A side-by-side diff of two SQL texts (read-only), for History and for applying a suggestion.
import { sql } from "@codemirror/lang-sql";
import { MergeView } from "@codemirror/merge";
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { useEffect, useRef } from "react";

export function SqlDiff({ a, b, testId }: { a: string; b: string; testId?: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const readOnly = [sql(), EditorState.readOnly.of(true), EditorView.editable.of(false), EditorView.lineWrapping];
    const view = new MergeView({
      a: { doc: a, extensions: readOnly },
      b: { doc: b, extensions: readOnly },
      parent: host.current,
      highlightChanges: true,
      gutter: true,
    });
    return () => view.destroy();
  }, [a, b]);
  return <div className="merge" ref={host} data-testid={testId} />;
}
