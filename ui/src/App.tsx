import { useCallback, useEffect, useRef, useState } from "react";

import { SourcesTree } from "./features/catalog/SourcesTree";
import { errorOffset, runTarget, type RunTarget } from "./features/editor/runTarget";
import { SqlEditor, type EditorHandle } from "./features/editor/SqlEditor";
import { SheetPicker } from "./features/files/SheetPicker";
import { HistoryPanel } from "./features/queries/HistoryPanel";
import { QueryList } from "./features/queries/QueryList";
import { ResultsPanel } from "./features/results/ResultsPanel";
import { backend } from "./lib/backend";
import { useQueries } from "./state/queries";
import { useQuery } from "./state/query";
import { useWorkspace } from "./state/workspace";
import { useTheme } from "./state/theme";

export function App({ initialSql }: { initialSql: string }) {
  const editor = useRef<EditorHandle>(null);
  const lastTarget = useRef<RunTarget | null>(null);
  const { sources, catalog, notices, pendingSheets, busy, refresh, addPaths, chooseSheet, rename, remove, report, dismiss, notify } =
    useWorkspace();
  const { run, start, cancel } = useQuery();
  const queries = useQueries();
  const currentQuery = queries.queries.find((q) => q.id === queries.currentId) ?? null;
  const pendingSave = useRef<{ id: number; sql: string } | null>(null);
  const [historyOpen, setHistoryOpen] = useState(false);
  // Bumped when the open query's SQL is replaced from outside the editor (a restore).
  const [editorRevision, setEditorRevision] = useState(0);
  const { dark, toggle } = useTheme();
  const [dragging, setDragging] = useState(false);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    void useQueries
      .getState()
      .load(initialSql)
      .catch((e: unknown) => notify("error", e instanceof Error ? e.message : String(e)));
    // Loaded once; later changes go through the store.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    void refresh();
    void backend.takeStartupOutcomes().then((outcomes) => {
      if (outcomes.length > 0) {
        report(outcomes);
        void refresh();
      }
    });
    const unlisten: Promise<() => void>[] = [
      backend.onFileDrop({ hover: setDragging, drop: (paths) => void addPaths(paths) }),
      backend.onFilesAdded((outcomes) => {
        report(outcomes);
        void refresh();
      }),
      backend.onMenuCommand((action) => {
        if (action === "openFiles") void openFilesRef.current();
        else void backend.pickFolder().then(addPaths);
      }),
    ];
    return () => unlisten.forEach((u) => void u.then((f) => f()));
  }, [refresh, addPaths, report]);

  const runNow = useCallback(async () => {
    const snap = editor.current?.snapshot();
    if (!snap) return;
    let spans: Awaited<ReturnType<typeof backend.statementSpans>> = [];
    try {
      spans = await backend.statementSpans(snap.doc);
    } catch {
      // A script DuckDB cannot parse runs whole, so the error comes back with its position.
    }
    const target = runTarget(snap.doc, snap, spans);
    if (target.sql.trim() === "") return;
    lastTarget.current = target;
    editor.current?.markError(null, null);
    await start(target.sql, target.from, useQueries.getState().currentId);
    void refresh();
  }, [start, refresh]);

  useEffect(() => {
    if (run.status !== "failed" || run.error.kind !== "Sql" || !lastTarget.current) return;
    const snap = editor.current?.snapshot();
    if (!snap) return;
    const offset = errorOffset(snap.doc, lastTarget.current, run.error.data.line, run.error.data.column);
    editor.current?.markError(offset ?? lastTarget.current.from, run.error.data.message);
  }, [run]);

  const openFiles = useCallback(async () => {
    try {
      await addPaths(await backend.pickFiles());
    } catch (e) {
      notify("error", e instanceof Error ? e.message : String(e));
    }
  }, [addPaths, notify]);
  const openFilesRef = useRef(openFiles);
  openFilesRef.current = openFiles;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === "o") {
        e.preventDefault();
        void openFiles();
      } else if (mod && e.key.toLowerCase() === "n") {
        e.preventDefault();
        newQueryRef.current();
      } else if (e.key === "Escape" && run.status === "running") {
        void cancel();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [openFiles, cancel, run.status]);

  // Autosave: shortly after typing stops, and at once when another query is opened.
  const flushSave = useCallback(() => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
    const pending = pendingSave.current;
    pendingSave.current = null;
    if (pending) {
      void useQueries
        .getState()
        .save(pending.id, pending.sql)
        .catch((e: unknown) => notify("error", `Could not save the query: ${e instanceof Error ? e.message : String(e)}`));
    }
  }, [notify]);
  const onChange = useCallback(
    (doc: string) => {
      const id = useQueries.getState().currentId;
      if (id === null) return;
      pendingSave.current = { id, sql: doc };
      if (saveTimer.current) clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(flushSave, 400);
    },
    [flushSave],
  );
  const openQuery = useCallback(
    (id: number) => {
      flushSave();
      queries.open(id);
    },
    [flushSave, queries],
  );
  const newQuery = useCallback(() => {
    flushSave();
    void queries.create().catch((e: unknown) => notify("error", e instanceof Error ? e.message : String(e)));
  }, [flushSave, queries, notify]);
  const newQueryRef = useRef(newQuery);
  newQueryRef.current = newQuery;
  useEffect(() => {
    window.addEventListener("beforeunload", flushSave);
    return () => window.removeEventListener("beforeunload", flushSave);
  }, [flushSave]);

  const insert = useCallback((text: string) => editor.current?.insert(text), []);

  const running = run.status === "running";
  const firstSheet = pendingSheets[0];
  return (
    <div className={dark ? "app dark" : "app"} data-testid="app">
      <header className="toolbar">
        <span className="brand">QBox</span>
        <button onClick={() => void openFiles()} disabled={busy} title="Open files (Ctrl/Cmd+O)">
          Open files…
        </button>
        <button
          onClick={() => void backend.pickFolder().then(addPaths)}
          disabled={busy}
          title="Open a folder of same-shaped files as one table"
        >
          Open folder…
        </button>
        <span className="spacer" />
        <button className="primary" data-testid="run" onClick={() => void runNow()} disabled={running} title="Run (Ctrl/Cmd+Enter)">
          ▶ Run
        </button>
        <button data-testid="cancel" onClick={() => void cancel()} disabled={!running} title="Cancel (Esc)">
          ■ Cancel
        </button>
        <button
          onClick={() => {
            flushSave();
            setHistoryOpen(!historyOpen);
          }}
          disabled={!currentQuery}
          data-testid="history"
          title="SQL history of this query"
        >
          History
        </button>
        <button onClick={toggle} title="Switch theme" aria-label="Switch theme">
          {dark ? "☀" : "☾"}
        </button>
      </header>
      <main className="layout">
        <aside className="sidebar">
          <QueryList
            queries={queries.queries}
            currentId={queries.currentId}
            search={queries.search}
            onSearch={(s) => void queries.setSearch(s)}
            onNew={newQuery}
            onOpen={openQuery}
            onRename={(id, name) => queries.rename(id, name).catch((e: unknown) => notify("error", e instanceof Error ? e.message : String(e)))}
            onDelete={(id) => queries.remove(id).catch((e: unknown) => notify("error", e instanceof Error ? e.message : String(e)))}
          />
          <div className="sidebar-head">
            <h2>Data sources</h2>
            <button title="Check files again" aria-label="Refresh sources" onClick={() => void refresh(true)}>
              ⟳
            </button>
          </div>
          <SourcesTree sources={sources} onRename={rename} onRemove={(id) => void remove(id)} onInsert={insert} />
        </aside>
        <section className="work">
          <div className="editor-pane">
            {currentQuery && (
              <SqlEditor
                key={`${currentQuery.id}-${editorRevision}`}
                ref={editor}
                initialDoc={currentQuery.sql}
                catalog={catalog}
                onChange={onChange}
                onRun={() => void runNow()}
                onCancel={() => void cancel()}
              />
            )}
          </div>
          <ResultsPanel run={run} dark={dark} onError={(m) => notify("error", m)} />
        </section>
      </main>
      {historyOpen && currentQuery && (
        <HistoryPanel
          query={currentQuery}
          currentSql={currentQuery.sql}
          onRestored={(q) => {
            useQueries.setState((st) => ({ queries: st.queries.map((x) => (x.id === q.id ? q : x)) }));
            setEditorRevision((r) => r + 1);
          }}
          onClose={() => setHistoryOpen(false)}
          onError={(m) => notify("error", m)}
        />
      )}
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay">
          Drop files or folders to query them
        </div>
      )}
      {firstSheet && <SheetPicker pending={firstSheet} onChoose={(s) => void chooseSheet(firstSheet.path, s)} />}
      <div className="notices" aria-live="polite">
        {notices.map((n) => (
          <div key={n.id} className={`notice ${n.tone}`} role={n.tone === "error" ? "alert" : "status"}>
            <span>{n.text}</span>
            <button aria-label="Dismiss" onClick={() => dismiss(n.id)}>
              ✕
            </button>
          </div>
        ))}
      </div>
    </div>
  );
}
