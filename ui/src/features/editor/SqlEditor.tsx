// The SQL editor: CodeMirror 6 with SQL highlighting, completion of tables and columns from
// the live catalog, Mod-Enter to run, and the last error marked in the text.
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { sql, StandardSQL, type SQLNamespace } from "@codemirror/lang-sql";
import { bracketMatching, indentOnInput, syntaxHighlighting, defaultHighlightStyle } from "@codemirror/language";
import { linter, lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { Compartment, EditorState, Prec } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
  placeholder,
} from "@codemirror/view";
import { forwardRef, useEffect, useImperativeHandle, useRef } from "react";

import type { TableDto } from "../../lib/backend";
import { editorKey } from "../../lib/shortcuts";
import { formatSql } from "./formatSql";

/** Formats the selection (or the whole text) in one undoable change. */
function formatIn(v: EditorView, onError: (message: string) => void) {
  const sel = v.state.selection.main;
  const [from, to] = sel.empty ? [0, v.state.doc.length] : [sel.from, sel.to];
  try {
    const formatted = formatSql(v.state.sliceDoc(from, to));
    v.dispatch({ changes: { from, to, insert: formatted } });
  } catch (e) {
    onError(`Cannot format this SQL: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
  }
}

export interface EditorHandle {
  /** The document and selection at this moment. */
  snapshot: () => { doc: string; from: number; to: number };
  focus: () => void;
  /** Inserts text at the cursor (replacing the selection) and focuses the editor. */
  insert: (text: string) => void;
  markError: (offset: number | null, message: string | null) => void;
  /** Replaces the whole text as one undoable change. */
  setDoc: (text: string) => void;
  /** Replaces `[from, to)` as one undoable change and selects the new text. */
  replaceRange: (from: number, to: number, text: string) => void;
  /** Formats the selection, or everything when nothing is selected; throws what the formatter says. */
  format: () => void;
}

interface Props {
  initialDoc: string;
  catalog: TableDto[];
  onChange: (doc: string) => void;
  onRun: () => void;
  /** Runs the whole script, whatever is selected. */
  onRunAll: () => void;
  onCancel: () => void;
  /** The formatter failed (unbalanced quotes, ...). */
  onFormatError: (message: string) => void;
}

/** Completion namespace: `table -> columns` for local files, `schema.table` for other local
 * schemas, and `database.schema.table` for attached connections. */
export function completionSchema(catalog: TableDto[]): SQLNamespace {
  type Tables = Record<string, string[]>;
  const ns: Record<string, string[] | Tables | Record<string, Tables>> = {};
  for (const t of catalog) {
    const columns = t.columns.map((c) => c.name);
    if (t.database === "qbox" && t.schema === "main") {
      ns[t.name] = columns;
    } else if (t.database === "qbox") {
      const schema = (ns[t.schema] as Tables | undefined) ?? {};
      schema[t.name] = columns;
      ns[t.schema] = schema;
    } else {
      const database = (ns[t.database] as Record<string, Tables> | undefined) ?? {};
      const schema = database[t.schema] ?? {};
      schema[t.name] = columns;
      database[t.schema] = schema;
      ns[t.database] = database;
    }
  }
  return ns;
}

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "13px", backgroundColor: "var(--panel)", color: "var(--text)" },
  ".cm-content": { fontFamily: "var(--mono)", caretColor: "var(--accent)" },
  ".cm-gutters": { backgroundColor: "var(--panel-2)", color: "var(--muted)", border: "none" },
  ".cm-activeLine": { backgroundColor: "var(--active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--active-line)" },
  "&.cm-focused .cm-selectionBackground, ::selection": { backgroundColor: "var(--selection)" },
  ".cm-selectionBackground": { backgroundColor: "var(--selection)" },
  ".cm-tooltip": { backgroundColor: "var(--panel)", border: "1px solid var(--border)" },
  ".cm-cursor": { borderLeftColor: "var(--accent)" },
});

export const SqlEditor = forwardRef<EditorHandle, Props>(function SqlEditor(
  { initialDoc, catalog, onChange, onRun, onRunAll, onCancel, onFormatError },
  ref,
) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  const callbacks = useRef({ onChange, onRun, onRunAll, onCancel, onFormatError });
  callbacks.current = { onChange, onRun, onRunAll, onCancel, onFormatError };

  useEffect(() => {
    if (!host.current) return;
    const runKeys = Prec.highest(
      keymap.of([
        { key: editorKey("run"), run: () => (callbacks.current.onRun(), true) },
        { key: editorKey("runAll"), run: () => (callbacks.current.onRunAll(), true) },
        { key: editorKey("cancel"), run: () => (callbacks.current.onCancel(), true) },
        { key: editorKey("format"), run: (v) => (formatIn(v, callbacks.current.onFormatError), true) },
      ]),
    );
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: initialDoc,
        extensions: [
          runKeys,
          lineNumbers(),
          highlightActiveLineGutter(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          highlightActiveLine(),
          highlightSelectionMatches(),
          autocompletion(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          language.current.of(sql({ dialect: StandardSQL, upperCaseKeywords: true })),
          linter(null),
          lintGutter(),
          placeholder("Write SQL here: Ctrl/Cmd+Enter runs the statement under the cursor"),
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
          theme,
          EditorView.updateListener.of((u) => {
            if (u.docChanged) callbacks.current.onChange(u.state.doc.toString());
          }),
          EditorView.contentAttributes.of({ "aria-label": "SQL editor", "data-testid": "sql-editor" }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The document is owned by CodeMirror after mount; initialDoc only seeds it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    view.current?.dispatch({
      effects: language.current.reconfigure(
        sql({ dialect: StandardSQL, upperCaseKeywords: true, schema: completionSchema(catalog) }),
      ),
    });
  }, [catalog]);

  useImperativeHandle(ref, () => ({
    snapshot: () => {
      const v = view.current;
      if (!v) return { doc: "", from: 0, to: 0 };
      const sel = v.state.selection.main;
      return { doc: v.state.doc.toString(), from: sel.from, to: sel.to };
    },
    focus: () => view.current?.focus(),
    insert: (text) => {
      const v = view.current;
      if (!v) return;
      v.dispatch(v.state.replaceSelection(text));
      v.focus();
    },
    setDoc: (text) => {
      const v = view.current;
      if (!v) return;
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
      v.focus();
    },
    replaceRange: (from, to, text) => {
      const v = view.current;
      if (!v) return;
      const end = Math.min(to, v.state.doc.length);
      const start = Math.min(from, end);
      v.dispatch({ changes: { from: start, to: end, insert: text }, selection: { anchor: start, head: start + text.length } });
      v.focus();
    },
    format: () => {
      if (view.current) formatIn(view.current, callbacks.current.onFormatError);
    },
    markError: (offset, message) => {
      const v = view.current;
      if (!v) return;
      const diagnostics: Diagnostic[] = [];
      if (offset !== null && message) {
        const line = v.state.doc.lineAt(Math.min(offset, v.state.doc.length));
        const to = Math.max(line.to, Math.min(offset + 1, v.state.doc.length));
        diagnostics.push({ from: Math.min(offset, line.to), to, severity: "error", message });
      }
      v.dispatch(setDiagnostics(v.state, diagnostics));
    },
  }));

  return <div className="editor" ref={host} />;
});
