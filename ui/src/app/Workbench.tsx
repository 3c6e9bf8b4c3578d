// The workbench: the open queries' tabs, each with its own editor (only one shows), and the
// results of the query that shows.
import { useMemo } from "react";
import { Panel, PanelGroup, PanelResizeHandle } from "react-resizable-panels";

import { ContextMenu } from "../components/ui/ContextMenu";
import { fixWithAi } from "../features/assistant/assistantActions";
import { editors } from "../features/editor/editors";
import { SqlEditor } from "../features/editor/SqlEditor";
import { TabBar } from "../features/queries/TabBar";
import { ResultsPanel } from "../features/results/ResultsPanel";
import type { QueryDto } from "../lib/backend";
import { useLayout } from "../state/layout";
import { useQueries } from "../state/queries";
import { useRuns } from "../state/runs";
import { useDarkTheme } from "../state/theme";
import { useWorkspace } from "../state/workspace";
import { useAppActions, useCurrent } from "./actions";
import { useEditorMenu } from "./editorMenu";

export function Workbench({ defaultEditorSize }: { defaultEditorSize: number }) {
  const { autosave, tabs, runNow, notify } = useAppActions();
  const { id: currentId, query: currentQuery, run, aiReady } = useCurrent();
  const all = useQueries((q) => q.queries);
  const openIds = useQueries((q) => q.openIds);
  const open = useMemo(() => openIds.map((id) => all.find((q) => q.id === id)).filter((q): q is QueryDto => q !== undefined), [openIds, all]);
  const runs = useRuns((r) => r.runs);
  const cancel = useRuns((r) => r.cancel);
  const running = useMemo(() => new Set(Object.entries(runs).filter(([, r]) => r.status === "running").map(([id]) => Number(id))), [runs]);
  const catalog = useWorkspace((w) => w.catalog);
  const saveSizes = useLayout((l) => l.save);
  const dark = useDarkTheme();
  const menu = useEditorMenu();
  return (
    <>
      <TabBar tabs={open} currentId={currentId} running={running} onSelect={tabs.open} onClose={tabs.close} />
      <PanelGroup direction="vertical" onLayout={(sizes) => saveSizes("work", sizes)}>
        <Panel id="editor" order={1} defaultSize={defaultEditorSize} minSize={10} className="editor-pane">
          {open.length === 0 && (
            <div className="empty-state">
              <p>No query is open.</p>
              <p>
                Open one from the list, or press <kbd>Ctrl/Cmd+N</kbd> for a new one.
              </p>
            </div>
          )}
          {open.map((q) => (
            <ContextMenu key={q.id} items={menu}>
              <div className="editor-slot" hidden={q.id !== currentId} data-query={q.id}>
                <SqlEditor
                  ref={(h) => {
                    if (h) editors.set(q.id, h);
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
    </>
  );
}
