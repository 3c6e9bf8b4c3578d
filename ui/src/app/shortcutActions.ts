// What each shortcut does now, written once: the window's keys and the command palette both
// take their actions from here (null when the action cannot be done now).
import { dialogOwns } from "../components/ui/Dialog";
import { explainSql } from "../features/assistant/assistantActions";
import { editors } from "../features/editor/editors";
import type { ShortcutActions } from "../features/palette/actions";
import { SHORTCUTS, useWindowShortcuts, type ShortcutHandlers } from "../lib/shortcuts";
import { useRuns } from "../state/runs";
import { useUi } from "../state/ui";
import { useAppActions, useCurrent } from "./actions";

/** The assistant's pane, open with the cursor in its question box. */
function openAssistant() {
  useUi.getState().setChatOpen(true);
  setTimeout(() => document.querySelector<HTMLTextAreaElement>("[data-testid=chat-input]")?.focus(), 0);
}

export function useShortcutActions(): ShortcutActions {
  const { tabs, runNow, openFiles } = useAppActions();
  const { id, query, run, aiReady } = useCurrent();
  const cancel = useRuns((r) => r.cancel);
  const show = useUi((u) => u.show);
  return {
    run: query ? () => void runNow() : null,
    runAll: query ? () => void runNow(true) : null,
    cancel: id !== null && run.status === "running" ? () => void cancel(id) : null,
    newQuery: tabs.create,
    closeTab: id !== null ? () => tabs.close(id) : null,
    nextTab: () => tabs.step(1),
    previousTab: () => tabs.step(-1),
    openFiles,
    format: query ? () => editors.current()?.format() : null,
    askAssistant: query ? openAssistant : null,
    explain: query && aiReady ? explainSql : null,
    palette: () => show({ kind: "palette" }),
    help: () => show({ kind: "help" }),
  };
}

/** Binds the window's keys to the shortcut actions. An action that cannot be done now, or that
 *  says it did nothing (false), lets the key through; Escape belongs to an open dialog first. */
export function useAppShortcuts(actions: ShortcutActions): void {
  const handlers: ShortcutHandlers = {};
  for (const { id } of SHORTCUTS) {
    if (!id || !(id in actions)) continue;
    handlers[id] = (e) => {
      const action = actions[id];
      if (!action || (id === "cancel" && dialogOwns(e))) return false;
      return action() === false ? false : true;
    };
  }
  useWindowShortcuts(handlers);
}
