import { useCallback, useMemo, useRef, useState } from "react";

import { HelpOverlay } from "./components/HelpOverlay";
import { CommandPalette } from "./features/palette/CommandPalette";
import { paletteActions } from "./features/palette/actions";
import { ContextMenu } from "./components/ui/ContextMenu";
import { dialogOwns } from "./components/ui/Dialog";
import { Notices } from "./components/ui/Notices";
import { PreviewModal, type PreviewRequest } from "./features/catalog/PreviewModal";
import { LocalTables, localRelations } from "./features/catalog/LocalTables";
import { SourcesTree } from "./features/catalog/SourcesTree";
import { ApplyDialog, type ApplyScope, type EditorSnapshot } from "./features/assistant/ApplyDialog";
import { applyScope, scopedSql } from "./features/assistant/applyScope";
import { ChatPanel, type ChatRequest } from "./features/assistant/ChatPanel";
import { ConnectionForm } from "./features/connections/ConnectionForm";
import { ConnectionsPanel } from "./features/connections/ConnectionsPanel";
import { S3Browser } from "./features/connections/S3Browser";
import { SqlEditor, type EditorHandle } from "./features/editor/SqlEditor";
import { useRunFlow } from "./features/editor/useRunFlow";
import { SheetPicker } from "./features/files/SheetPicker";
import { SettingsDialog } from "./features/settings/SettingsDialog";
import { HistoryPanel } from "./features/queries/HistoryPanel";
import { QueryDetails } from "./features/queries/QueryDetails";
import { QueryList } from "./features/queries/QueryList";
import { TabBar } from "./features/queries/TabBar";
import { ResultsPanel } from "./features/results/ResultsPanel";
import { backend, describeError, type ConnectionDto, type OpenTabsDto, type QueryDto, type SuggestionDto, errorMessage } from "./lib/backend";
import { toggleSelection, useSelectionsOf } from "./lib/reads";
import { useWindowShortcuts, withKeys } from "./lib/shortcuts";
import { Panel, PanelGroup, PanelResizeHandle } from "react-resizable-panels";
import { useShallow } from "zustand/react/shallow";

import { useAutosave } from "./state/autosave";
import { useConnections } from "./state/connections";
import { useLayout } from "./state/layout";
import { useQueries } from "./state/queries";
import { IDLE, useRuns } from "./state/runs";
import { useStartup } from "./state/startup";
import { useTabs } from "./state/tabs";
import { useSettings } from "./state/settings";
import { useDarkTheme } from "./state/theme";
import { useWorkspace } from "./state/workspace";

export function App({ initialTabs }: { initialTabs: OpenTabsDto }) {
  const editors = useRef(new Map<number, EditorHandle>());
  const { sources, catalog, pendingSheets, busy, refresh, addPaths, chooseSheet, rename, setEncoding, remove, notify } =
    useWorkspace(
      useShallow((w) => ({
        sources: w.sources,
        catalog: w.catalog,
        pendingSheets: w.pendingSheets,
        busy: w.busy,
        refresh: w.refresh,
        addPaths: w.addPaths,
        chooseSheet: w.chooseSheet,
        rename: w.rename,
        setEncoding: w.setEncoding,
        remove: w.remove,
        notify: w.notify,
      })),
    );
  const runs = useRuns((s) => s.runs);
  const cancel = useRuns((r) => r.cancel);
  const queries = useQueries(
    useShallow((q) => ({
      queries: q.queries,
      currentId: q.currentId,
      openIds: q.openIds,
      search: q.search,
      rename: q.rename,
      replace: q.replace,
      setSearch: q.setSearch,
    })),
  );
  const currentId = queries.currentId;
  const currentQuery = queries.queries.find((q) => q.id === currentId) ?? null;
  const run = (currentId !== null ? runs[currentId] : undefined) ?? IDLE;
  const openQueries = useMemo(
    () => queries.openIds.map((id) => queries.queries.find((q) => q.id === id)).filter((q): q is QueryDto => q !== undefined),
    [queries.openIds, queries.queries],
  );
  const { data: selections } = useSelectionsOf(currentId);
  const selectedNames = useMemo(() => new Set((selections ?? []).map((s) => s.qualifiedName)), [selections]);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [detailsOpen, setDetailsOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [editingConnection, setEditingConnection] = useState<ConnectionDto | "new" | null>(null);
  const [browsing, setBrowsing] = useState<ConnectionDto | null>(null);
  const [preview, setPreview] = useState<PreviewRequest | null>(null);
  const [tableFilter, setTableFilter] = useState("");
  const connections = useConnections(
    useShallow((c) => ({ connections: c.connections, keychain: c.keychain, put: c.put, drop: c.drop })),
  );
  const localTables = useMemo(
    () =>
      localRelations(
        catalog,
        new Set(sources.map((s) => s.viewName)),
        new Set(connections.connections.map((c) => c.identifier)),
      ),
    [catalog, sources, connections.connections],
  );
  const dark = useDarkTheme();
  const paneSizes = useLayout((l) => l.sizes);
  const saveSizes = useLayout((l) => l.save);
  const [settingsOpen, setSettingsOpen] = useState(false);
  // Closed until asked for (Assistant, Ctrl/Cmd+I, Fix with AI, Explain): small windows keep their room.
  const [chatOpen, setChatOpen] = useState(false);
  const [chatRequest, setChatRequest] = useState<ChatRequest | null>(null);
  const [applying, setApplying] = useState<{
    queryId: number;
    suggestion: SuggestionDto;
    run: boolean;
    snapshot: EditorSnapshot;
    scope: ApplyScope;
  } | null>(null);
  const aiReady = useSettings((s) => (s.settings?.ai.model.trim() ?? "") !== "");
  const [dataDir, setDataDir] = useState("");
  const [dragging, setDragging] = useState(false);
  const autosave = useAutosave((e) => notify("error", `Could not save the query: ${errorMessage(e)}`));
  const tabs = useTabs(editors, autosave, notify);

  const runNow = useRunFlow(editors, autosave);

  const openFiles = useCallback(async () => {
    try {
      await addPaths(await backend.pickFiles());
    } catch (e) {
      notify("error", errorMessage(e));
    }
  }, [addPaths, notify]);
  useStartup({ initialTabs, onOpenFiles: () => void openFiles(), onDragging: setDragging, onDataDir: setDataDir });

  const askFor = (text: string) => {
    setChatOpen(true);
    setChatRequest({ id: Date.now(), text });
  };
  const explain = () => {
    const snap = currentEditor()?.snapshot();
    if (!snap || !snap.doc.trim()) return false;
    const picked = snap.from === snap.to ? snap.doc : snap.doc.slice(Math.min(snap.from, snap.to), Math.max(snap.from, snap.to));
    askFor(`Explain what this SQL does, step by step:\n\n\`\`\`sql\n${picked.trim()}\n\`\`\``);
  };
  useWindowShortcuts({
    askAssistant: () => {
      if (!currentQuery) return false;
      setChatOpen(true);
      setTimeout(() => document.querySelector<HTMLTextAreaElement>("[data-testid=chat-input]")?.focus(), 0);
    },
    explain: () => (currentQuery && aiReady ? explain() : false),
    openFiles: () => void openFiles(),
    newQuery: tabs.create,
    closeTab: () => {
      const id = useQueries.getState().currentId;
      if (id === null) return false;
      tabs.close(id);
    },
    nextTab: () => tabs.step(1),
    previousTab: () => tabs.step(-1),
    help: () => setHelpOpen(true),
    palette: () => setPaletteOpen(true),
    cancel: (e) => {
      const id = useQueries.getState().currentId;
      // Escape belongs to the topmost dialog when one is open.
      if (dialogOwns(e) || run.status !== "running" || id === null) return false;
      void cancel(id);
    },
  });

  const insert = useCallback((text: string) => {
    const id = useQueries.getState().currentId;
    if (id !== null) editors.current.get(id)?.insert(text);
  }, []);
  const toggleSelect = useCallback(
    (viewName: string) => {
      if (currentId === null) return;
      toggleSelection(currentId, viewName).catch((e: unknown) => notify("error", errorMessage(e)));
    },
    [currentId, notify],
  );

  // The assistant sees the statement the question is about, not the whole script.
  const editorSql = useCallback(async () => {
    const id = useQueries.getState().currentId;
    const snap = id !== null ? editors.current.get(id)?.snapshot() : undefined;
    if (!snap) return null;
    const spans = await backend.statementSpans(snap.doc).catch(() => []);
    return scopedSql(snap, spans);
  }, []);
  const notifyError = useCallback((m: string) => notify("error", m), [notify]);
  const fixWithAi = (sql: string, error: string) =>
    askFor(`This SQL fails. DuckDB's error:\n${error}\n\nFix it:\n\n\`\`\`sql\n${sql.trim()}\n\`\`\``);
  const editorMenu = [
    { key: "run", label: withKeys("Run", "run"), onSelect: () => void runNow() },
    { key: "run-all", label: withKeys("Run all", "runAll"), onSelect: () => void runNow(true) },
    { key: "format", label: withKeys("Format SQL", "format"), onSelect: () => currentEditor()?.format() },
    {
      key: "plan",
      label: "Show plan (EXPLAIN)",
      onSelect: () => void runNow(false, "plan"),
      data: { "data-testid": "menu-plan" } as Record<`data-${string}`, string>,
    },
    {
      key: "analyze",
      label: "Run with EXPLAIN ANALYZE (measures each step)",
      onSelect: () => void runNow(false, "analyze"),
      data: { "data-testid": "menu-analyze" } as Record<`data-${string}`, string>,
    },
    {
      key: "explain",
      label: withKeys("Explain with AI", "explain"),
      disabled: !aiReady,
      onSelect: () => void explain(),
      data: { "data-testid": "menu-explain" } as Record<`data-${string}`, string>,
    },
    {
      key: "fix",
      label: "Fix with AI",
      disabled: !aiReady || run.status !== "failed",
      onSelect: () => {
        if (run.status === "failed") fixWithAi(run.sql, describeError(run.error));
      },
      data: { "data-testid": "menu-fix" } as Record<`data-${string}`, string>,
    },
  ];

  const running = run.status === "running";
  const runningIds = useMemo(
    () => new Set(Object.entries(runs).filter(([, r]) => r.status === "running").map(([id]) => Number(id))),
    [runs],
  );
  const firstSheet = pendingSheets[0];
  const currentEditor = () => (currentId !== null ? editors.current.get(currentId) : undefined);
  return (
    <div className={dark ? "app dark" : "app"} data-testid="app">
      <header className="toolbar">
        <span className="brand">QBox</span>
        <button onClick={() => void openFiles()} disabled={busy} title={withKeys("Open files", "openFiles")}>
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
        <button
          className="primary"
          data-testid="run"
          onClick={() => void runNow()}
          disabled={running || !currentQuery}
          title={withKeys("Run", "run")}
        >
          ▶ Run
        </button>
        <button
          data-testid="run-all"
          onClick={() => void runNow(true)}
          disabled={running || !currentQuery}
          title={withKeys("Run the whole script", "runAll")}
        >
          Run all
        </button>
        <button
          data-testid="cancel"
          onClick={() => currentId !== null && void cancel(currentId)}
          disabled={!running}
          title={withKeys("Cancel", "cancel")}
        >
          ■ Cancel
        </button>
        <button onClick={() => currentEditor()?.format()} disabled={!currentQuery} data-testid="format" title={withKeys("Format SQL", "format")}>
          Format
        </button>
        <button onClick={tabs.duplicate} disabled={!currentQuery} data-testid="duplicate" title="Duplicate this query with its SQL and tables">
          Duplicate
        </button>
        <button
          onClick={() => {
            autosave.flush();
            setHistoryOpen(!historyOpen);
          }}
          disabled={!currentQuery}
          data-testid="history"
          title="SQL history of this query"
        >
          History
        </button>
        <button
          onClick={() => setDetailsOpen(!detailsOpen)}
          disabled={!currentQuery}
          aria-pressed={detailsOpen}
          data-testid="details"
          title="This query's tables and run log"
        >
          Tables & runs
        </button>
        <button
          onClick={() => setChatOpen(!chatOpen)}
          disabled={!currentQuery}
          aria-pressed={chatOpen}
          data-testid="assistant-toggle"
          title={withKeys("The assistant's chat for this query", "askAssistant")}
        >
          Assistant
        </button>
        <button onClick={() => explain()} disabled={!currentQuery || !aiReady} data-testid="explain" title={withKeys("Explain the selection, or the whole text", "explain")}>
          Explain
        </button>
        <button onClick={() => setHelpOpen(true)} title={withKeys("Keyboard shortcuts", "help")} aria-label="Keyboard shortcuts">
          ?
        </button>
        <button
          onClick={() => void useSettings.getState().update({ theme: dark ? "light" : "dark" })}
          title="Switch theme"
          aria-label="Switch theme"
        >
          {dark ? "☀" : "☾"}
        </button>
        <button onClick={() => setSettingsOpen(true)} title="Settings" aria-label="Settings">
          ⚙
        </button>
      </header>
      <main className="layout">
      {paneSizes !== null && (
      <PanelGroup direction="horizontal" className="panes" onLayout={(sizes) => saveSizes("main", sizes)}>
        <Panel id="sidebar" order={1} defaultSize={paneSizes.main?.[0] ?? 24} minSize={12} className="sidebar">
          <QueryList
            queries={queries.queries}
            currentId={currentId}
            search={queries.search}
            onSearch={(s) => void queries.setSearch(s)}
            onNew={tabs.create}
            onOpen={tabs.open}
            onRename={(id, name) => queries.rename(id, name).catch((e: unknown) => notify("error", errorMessage(e)))}
            renameId={tabs.createdId}
            onDelete={tabs.remove}
          />
          <input
            className="search"
            type="search"
            placeholder="Filter tables and columns"
            aria-label="Filter tables and columns"
            value={tableFilter}
            onChange={(e) => setTableFilter(e.target.value)}
          />
          <ConnectionsPanel
            filter={tableFilter}
            connections={connections.connections}
            catalog={catalog}
            keychain={connections.keychain}
            onNew={() => setEditingConnection("new")}
            onEdit={setEditingConnection}
            onBrowse={setBrowsing}
            onInsert={insert}
            onPreview={setPreview}
            selected={selectedNames}
            onToggleSelect={currentQuery ? toggleSelect : undefined}
          />
          <div className="sidebar-head">
            <h2>Data sources</h2>
            <button title="Check files again" aria-label="Refresh sources" onClick={() => void refresh(true)}>
              ⟳
            </button>
          </div>
          <SourcesTree
            sources={sources}
            onRename={rename}
            onSetEncoding={(id, encoding) => void setEncoding(id, encoding)}
            onRemove={(id) => void remove(id)}
            onInsert={insert}
            selected={selectedNames}
            onToggleSelect={currentQuery ? toggleSelect : undefined}
            onPreview={setPreview}
            filter={tableFilter}
          />
          {localTables.length > 0 && (
            <div className="sidebar-head">
              <h2>Local tables</h2>
            </div>
          )}
          <LocalTables
            tables={localTables}
            onInsert={insert}
            onPreview={setPreview}
            filter={tableFilter}
            onDrop={(schema, name) =>
              backend
                .dropLocalRelation(schema, name)
                .then((kind) => notify("info", `Dropped the ${kind === "view" ? "view" : "table"} ${name}`))
                .catch((e: unknown) => notify("error", errorMessage(e)))
            }
          />
        </Panel>
        <PanelResizeHandle className="resize-handle" aria-label="Resize the sidebar" />
        <Panel id="work" order={2} minSize={30} className="work">
          <TabBar tabs={openQueries} currentId={currentId} running={runningIds} onSelect={tabs.open} onClose={tabs.close} />
          <PanelGroup direction="vertical" onLayout={(sizes) => saveSizes("work", sizes)}>
          <Panel id="editor" order={1} defaultSize={paneSizes.work?.[0] ?? 40} minSize={10} className="editor-pane">
            {openQueries.length === 0 && (
              <div className="empty-state">
                <p>No query is open.</p>
                <p>
                  Open one from the list, or press <kbd>Ctrl/Cmd+N</kbd> for a new one.
                </p>
              </div>
            )}
            {/* Every open tab keeps its own editor (text, undo history, cursor); only one shows. */}
            {openQueries.map((q) => (
              <ContextMenu key={q.id} items={editorMenu}>
              <div className="editor-slot" hidden={q.id !== currentId} data-query={q.id}>
                <SqlEditor
                  ref={(h) => {
                    if (h) editors.current.set(q.id, h);
                  }}
                  initialDoc={q.sql}
                  catalog={catalog}
                  onChange={(doc) => autosave.change(q.id, doc)}
                  onRun={() => void runNow()}
                  onRunAll={() => void runNow(true)}
                  onCancel={() => void cancel(q.id)}
                  onFormatError={(m) => notify("error", m)}
                />
              </div>
              </ContextMenu>
            ))}
          </Panel>
          <PanelResizeHandle className="resize-handle horizontal" aria-label="Resize the editor" />
          <Panel id="results" order={2} minSize={10} className="results-slot">
            <ResultsPanel
              run={run}
              dark={dark}
              queryId={currentQuery?.id ?? null}
              queryName={currentQuery?.name ?? "result"}
              onNotify={notify}
              onFix={aiReady ? fixWithAi : undefined}
            />
          </Panel>
          </PanelGroup>
        </Panel>
        {chatOpen && currentQuery && (
          <>
            <PanelResizeHandle className="resize-handle" aria-label="Resize the assistant" />
            <Panel id="assistant" order={3} defaultSize={paneSizes.main?.[2] ?? 28} minSize={16} className="assistant-pane">
              <ChatPanel
                queryId={currentQuery.id}
                ready={aiReady}
                editorSql={editorSql}
                request={chatRequest}
                onApply={(suggestion, runIt) => {
                  const snap = currentEditor()?.snapshot();
                  if (!snap) return;
                  const queryId = currentQuery.id;
                  // A text that does not parse has no statements to pick from: then the whole text.
                  void backend
                    .statementSpans(snap.doc)
                    .catch(() => [])
                    .then((spans) => setApplying({ queryId, suggestion, run: runIt, ...applyScope(snap, spans) }));
                }}
                onOpenSettings={() => setSettingsOpen(true)}
                onError={notifyError}
              />
            </Panel>
          </>
        )}
      </PanelGroup>
      )}
        {detailsOpen && currentQuery && (
          <QueryDetails
            queryId={currentQuery.id}
            catalog={catalog}
            onOpenSql={(sql) => currentEditor()?.setDoc(sql)}
            onError={(m) => notify("error", m)}
            onClose={() => setDetailsOpen(false)}
          />
        )}
      </main>
      {historyOpen && currentQuery && (
        <HistoryPanel
          query={currentQuery}
          currentSql={currentQuery.sql}
          onRestored={(q) => {
            queries.replace(q);
            // The editor takes the restored text as one change, so Ctrl/Cmd+Z still works.
            editors.current.get(q.id)?.setDoc(q.sql);
          }}
          onClose={() => setHistoryOpen(false)}
          onError={(m) => notify("error", m)}
        />
      )}
      {applying && (
        <ApplyDialog
          suggestion={applying.suggestion}
          run={applying.run}
          snapshot={applying.snapshot}
          scope={applying.scope}
          onApply={(from, to, runIt) => {
            const { queryId, suggestion } = applying;
            setApplying(null);
            editors.current.get(queryId)?.replaceRange(from, to, suggestion.sql);
            // The applied text is a history version of its own.
            autosave.checkpoint(queryId);
            if (runIt) void runNow();
          }}
          onClose={() => setApplying(null)}
        />
      )}
      {helpOpen && <HelpOverlay onClose={() => setHelpOpen(false)} />}
      {paletteOpen && (
        <CommandPalette
          onClose={() => setPaletteOpen(false)}
          actions={paletteActions(
            {
              run: currentQuery ? () => void runNow() : null,
              runAll: currentQuery ? () => void runNow(true) : null,
              cancel: currentId !== null && run.status === "running" ? () => void cancel(currentId) : null,
              newQuery: tabs.create,
              closeTab: currentId !== null ? () => tabs.close(currentId) : null,
              nextTab: () => tabs.step(1),
              previousTab: () => tabs.step(-1),
              openFiles: () => void openFiles(),
              format: currentQuery ? () => currentEditor()?.format() : null,
              askAssistant: currentQuery ? () => setChatOpen(true) : null,
              explain: currentQuery && aiReady ? () => explain() : null,
              help: () => setHelpOpen(true),
            },
            [
              { id: "openFolder", label: "Open a folder of files as one table", run: () => void backend.pickFolder().then(addPaths) },
              { id: "duplicate", label: "Duplicate this query", disabled: !currentQuery, run: tabs.duplicate },
              { id: "history", label: "SQL history of this query", disabled: !currentQuery, run: () => (autosave.flush(), setHistoryOpen(true)) },
              { id: "details", label: "This query's tables and run log", disabled: !currentQuery, run: () => setDetailsOpen(true) },
              { id: "theme", label: dark ? "Light theme" : "Dark theme", run: () => void useSettings.getState().update({ theme: dark ? "light" : "dark" }) },
              { id: "settings", label: "Settings", run: () => setSettingsOpen(true) },
            ],
          )}
        />
      )}
      {settingsOpen && (
        <SettingsDialog
          dataDir={dataDir}
          onOpenDataDir={() => void backend.openDataDir().catch((e: unknown) => notify("error", errorMessage(e)))}
          onClose={() => setSettingsOpen(false)}
        />
      )}
      {preview && <PreviewModal request={preview} dark={dark} onClose={() => setPreview(null)} />}
      {browsing && (
        <S3Browser
          connection={browsing}
          onAdded={(names) => {
            setBrowsing(null);
            notify("info", `Added ${names.join(", ")}`);
          }}
          onClose={() => setBrowsing(null)}
        />
      )}
      {editingConnection !== null && (
        <ConnectionForm
          existing={editingConnection === "new" ? null : editingConnection}
          keychain={connections.keychain}
          onSaved={(c) => {
            connections.put(c);
            setEditingConnection(null);
            if (c.status.state === "failed") notify("error", `“${c.name}” was saved but cannot attach: ${c.status.message}`);
          }}
          onDeleted={(id) => {
            connections.drop(id);
            setEditingConnection(null);
          }}
          onClose={() => setEditingConnection(null)}
        />
      )}
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay">
          Drop files or folders to query them
        </div>
      )}
      {firstSheet && <SheetPicker pending={firstSheet} onChoose={(s) => void chooseSheet(firstSheet.path, s)} />}
      <Notices dark={dark} />
    </div>
  );
}
