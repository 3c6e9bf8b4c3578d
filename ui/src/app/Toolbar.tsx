// The window's toolbar: files, the run buttons, the query's tools, help, theme and settings.
import { AlignLeft, CircleHelp, Copy, FastForward, FileUp, FolderOpen, History, MessageSquare, Moon, PanelRight, Play, Settings, Sparkles, Square, Sun } from "lucide-react";

import { explainSql } from "../features/assistant/assistantActions";
import { editors } from "../features/editor/editors";
import { withKeys } from "../lib/shortcuts";
import { useRuns } from "../state/runs";
import { useSettings } from "../state/settings";
import { useDarkTheme } from "../state/theme";
import { useUi } from "../state/ui";
import { useWorkspace } from "../state/workspace";
import { useAppActions, useCurrent } from "./actions";

export function Toolbar() {
  const { autosave, tabs, runNow, openFiles, openFolder } = useAppActions();
  const { id, query, run, aiReady } = useCurrent();
  const busy = useWorkspace((w) => w.busy);
  const cancel = useRuns((r) => r.cancel);
  const ui = useUi();
  const dark = useDarkTheme();
  const running = run.status === "running";
  return (
    <header className="toolbar">
      <span className="brand">QBox</span>
      <button onClick={openFiles} disabled={busy} title={withKeys("Open files", "openFiles")}>
        <FileUp size={14} aria-hidden /> Open files…
      </button>
      <button onClick={openFolder} disabled={busy} title="Open a folder of same-shaped files as one table">
        <FolderOpen size={14} aria-hidden /> Open folder…
      </button>
      <span className="spacer" />
      <button className="primary" data-testid="run" onClick={() => void runNow()} disabled={running || !query} title={withKeys("Run", "run")}>
        <Play size={14} aria-hidden /> Run
      </button>
      <button data-testid="run-all" onClick={() => void runNow(true)} disabled={running || !query} title={withKeys("Run the whole script", "runAll")}>
        <FastForward size={14} aria-hidden /> Run all
      </button>
      <button data-testid="cancel" onClick={() => id !== null && void cancel(id)} disabled={!running} title={withKeys("Cancel", "cancel")}>
        <Square size={14} aria-hidden /> Cancel
      </button>
      <button onClick={() => editors.current()?.format()} disabled={!query} data-testid="format" title={withKeys("Format SQL", "format")}>
        <AlignLeft size={14} aria-hidden /> Format
      </button>
      <button onClick={tabs.duplicate} disabled={!query} data-testid="duplicate" title="Duplicate this query with its SQL and tables">
        <Copy size={14} aria-hidden /> Duplicate
      </button>
      <button
        onClick={() => {
          autosave.flush();
          if (ui.dialog.kind === "history") ui.close();
          else ui.show({ kind: "history" });
        }}
        disabled={!query}
        data-testid="history"
        title="SQL history of this query"
      >
        <History size={14} aria-hidden /> History
      </button>
      <button
        onClick={() => ui.setDetailsOpen(!ui.detailsOpen)}
        disabled={!query}
        aria-pressed={ui.detailsOpen}
        data-testid="details"
        title="This query's tables and run log"
      >
        <PanelRight size={14} aria-hidden /> Tables & runs
      </button>
      <button
        onClick={() => ui.setChatOpen(!ui.chatOpen)}
        disabled={!query}
        aria-pressed={ui.chatOpen}
        data-testid="assistant-toggle"
        title={withKeys("The assistant's chat for this query", "askAssistant")}
      >
        <MessageSquare size={14} aria-hidden /> Assistant
      </button>
      <button onClick={() => explainSql()} disabled={!query || !aiReady} data-testid="explain" title={withKeys("Explain the selection, or the whole text", "explain")}>
        <Sparkles size={14} aria-hidden /> Explain
      </button>
      <button onClick={() => ui.show({ kind: "help" })} title={withKeys("Keyboard shortcuts", "help")} aria-label="Keyboard shortcuts">
        <CircleHelp size={16} aria-hidden />
      </button>
      <button onClick={() => void useSettings.getState().update({ theme: dark ? "light" : "dark" })} title="Switch theme" aria-label="Switch theme">
        {dark ? <Sun size={16} aria-hidden /> : <Moon size={16} aria-hidden />}
      </button>
      <button onClick={() => ui.show({ kind: "settings" })} title="Settings" aria-label="Settings">
        <Settings size={16} aria-hidden />
      </button>
    </header>
  );
}
