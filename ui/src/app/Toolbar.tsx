// The window's toolbar: files, the run buttons, the query's tools, help, theme and settings.
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
        Open files…
      </button>
      <button onClick={openFolder} disabled={busy} title="Open a folder of same-shaped files as one table">
        Open folder…
      </button>
      <span className="spacer" />
      <button className="primary" data-testid="run" onClick={() => void runNow()} disabled={running || !query} title={withKeys("Run", "run")}>
        ▶ Run
      </button>
      <button data-testid="run-all" onClick={() => void runNow(true)} disabled={running || !query} title={withKeys("Run the whole script", "runAll")}>
        Run all
      </button>
      <button data-testid="cancel" onClick={() => id !== null && void cancel(id)} disabled={!running} title={withKeys("Cancel", "cancel")}>
        ■ Cancel
      </button>
      <button onClick={() => editors.current()?.format()} disabled={!query} data-testid="format" title={withKeys("Format SQL", "format")}>
        Format
      </button>
      <button onClick={tabs.duplicate} disabled={!query} data-testid="duplicate" title="Duplicate this query with its SQL and tables">
        Duplicate
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
        History
      </button>
      <button
        onClick={() => ui.setDetailsOpen(!ui.detailsOpen)}
        disabled={!query}
        aria-pressed={ui.detailsOpen}
        data-testid="details"
        title="This query's tables and run log"
      >
        Tables & runs
      </button>
      <button
        onClick={() => ui.setChatOpen(!ui.chatOpen)}
        disabled={!query}
        aria-pressed={ui.chatOpen}
        data-testid="assistant-toggle"
        title={withKeys("The assistant's chat for this query", "askAssistant")}
      >
        Assistant
      </button>
      <button onClick={() => explainSql()} disabled={!query || !aiReady} data-testid="explain" title={withKeys("Explain the selection, or the whole text", "explain")}>
        Explain
      </button>
      <button onClick={() => ui.show({ kind: "help" })} title={withKeys("Keyboard shortcuts", "help")} aria-label="Keyboard shortcuts">
        ?
      </button>
      <button onClick={() => void useSettings.getState().update({ theme: dark ? "light" : "dark" })} title="Switch theme" aria-label="Switch theme">
        {dark ? "☀" : "☾"}
      </button>
      <button onClick={() => ui.show({ kind: "settings" })} title="Settings" aria-label="Settings">
        ⚙
      </button>
    </header>
  );
}
