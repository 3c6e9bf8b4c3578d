// The window's layout: toolbar, sidebar, workbench, the assistant's pane, the query's details,
// dialogs and notices. What each part does lives with the part; what they share is made here
// once (autosave, tabs, the run flow, opening files) and handed down.
import { useCallback, useMemo, useState } from "react";
import { Panel, PanelGroup, PanelResizeHandle } from "react-resizable-panels";

import { AppActionsProvider, type AppActions } from "./app/actions";
import { AssistantPane } from "./app/AssistantPane";
import { Dialogs } from "./app/Dialogs";
import { useAppShortcuts, useShortcutActions } from "./app/shortcutActions";
import { Sidebar } from "./app/Sidebar";
import { Toolbar } from "./app/Toolbar";
import { Workbench } from "./app/Workbench";
import { Notices } from "./components/ui/Notices";
import { editors } from "./features/editor/editors";
import { useRunFlow } from "./features/editor/useRunFlow";
import { SheetPicker } from "./features/files/SheetPicker";
import { QueryDetails } from "./features/queries/QueryDetails";
import { backend, errorMessage, type OpenTabsDto } from "./lib/backend";
import { useAutosave } from "./state/autosave";
import { useLayout } from "./state/layout";
import { useQueries } from "./state/queries";
import { useStartup } from "./state/startup";
import { useTabs } from "./state/tabs";
import { useDarkTheme } from "./state/theme";
import { useUi } from "./state/ui";
import { useWorkspace } from "./state/workspace";

export function App({ initialTabs }: { initialTabs: OpenTabsDto }) {
  const notify = useWorkspace((w) => w.notify);
  const addPaths = useWorkspace((w) => w.addPaths);
  const autosave = useAutosave((e) => notify("error", `Could not save the query: ${errorMessage(e)}`));
  const tabs = useTabs(autosave, notify);
  const runNow = useRunFlow(autosave);
  const openFiles = useCallback(() => void backend.pickFiles().then(addPaths).catch((e: unknown) => notify("error", errorMessage(e))), [addPaths, notify]);
  const openFolder = useCallback(() => void backend.pickFolder().then(addPaths), [addPaths]);
  const actions: AppActions = useMemo(() => ({ autosave, tabs, runNow, openFiles, openFolder, notify }), [autosave, tabs, runNow, openFiles, openFolder, notify]);
  const [dataDir, setDataDir] = useState("");
  const [dragging, setDragging] = useState(false);
  useStartup({ initialTabs, onOpenFiles: openFiles, onDragging: setDragging, onDataDir: setDataDir });
  return (
    <AppActionsProvider value={actions}>
      <Window dataDir={dataDir} dragging={dragging} />
    </AppActionsProvider>
  );
}

function Window({ dataDir, dragging }: { dataDir: string; dragging: boolean }) {
  const shortcuts = useShortcutActions();
  useAppShortcuts(shortcuts);
  const dark = useDarkTheme();
  const sizes = useLayout((l) => l.sizes);
  const saveSizes = useLayout((l) => l.save);
  const { chatOpen, detailsOpen, setDetailsOpen } = useUi();
  const current = useQueries((q) => q.queries.find((x) => x.id === q.currentId) ?? null);
  const catalog = useWorkspace((w) => w.catalog);
  const notify = useWorkspace((w) => w.notify);
  const firstSheet = useWorkspace((w) => w.pendingSheets[0]);
  const chooseSheet = useWorkspace((w) => w.chooseSheet);
  return (
    <div className={dark ? "app dark" : "app"} data-testid="app">
      <Toolbar />
      <main className="layout">
        {sizes !== null && (
          <PanelGroup direction="horizontal" className="panes" onLayout={(s) => saveSizes("main", s)}>
            <Panel id="sidebar" order={1} defaultSize={sizes.main?.[0] ?? 24} minSize={12} className="sidebar">
              <Sidebar />
            </Panel>
            <PanelResizeHandle className="resize-handle" aria-label="Resize the sidebar" />
            <Panel id="work" order={2} minSize={30} className="work">
              <Workbench defaultEditorSize={sizes.work?.[0] ?? 40} />
            </Panel>
            {chatOpen && current && (
              <>
                <PanelResizeHandle className="resize-handle" aria-label="Resize the assistant" />
                <Panel id="assistant" order={3} defaultSize={sizes.main?.[2] ?? 28} minSize={16} className="assistant-pane">
                  <AssistantPane />
                </Panel>
              </>
            )}
          </PanelGroup>
        )}
        {detailsOpen && current && (
          <QueryDetails
            queryId={current.id}
            catalog={catalog}
            onOpenSql={(sql) => editors.current()?.setDoc(sql)}
            onError={(m) => notify("error", m)}
            onClose={() => setDetailsOpen(false)}
          />
        )}
      </main>
      <Dialogs shortcuts={shortcuts} dataDir={dataDir} />
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
