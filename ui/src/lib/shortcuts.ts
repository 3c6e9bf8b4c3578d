// Every keyboard shortcut, in one place: the editor's keymap and the window's key handler are
// built from this list, and the F1 overlay shows it, so the three can never disagree.
import { useEffect, useRef } from "react";

export type ShortcutId =
  | "run"
  | "runAll"
  | "cancel"
  | "newQuery"
  | "closeTab"
  | "nextTab"
  | "previousTab"
  | "openFiles"
  | "format"
  | "askAssistant"
  | "explain"
  | "palette"
  | "help";

export interface Shortcut {
  /** Set for the shortcuts QBox binds; absent for ones a library binds (listed for the user). */
  id?: ShortcutId;
  keys: string;
  description: string;
  /** CodeMirror's key name, for shortcuts of the editor. */
  editorKey?: string;
  /** For shortcuts of the whole window. */
  matches?: (e: KeyboardEvent) => boolean;
}

const mod = (key: string) => (e: KeyboardEvent) => (e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === key;

export const SHORTCUTS: readonly Shortcut[] = [
  { id: "run", keys: "Ctrl/Cmd+Enter", description: "Run the selection, or the statement under the cursor", editorKey: "Mod-Enter" },
  { id: "runAll", keys: "Ctrl/Cmd+Shift+Enter", description: "Run the whole script", editorKey: "Mod-Shift-Enter" },
  {
    id: "cancel",
    keys: "Esc or Ctrl/Cmd+.",
    description: "Cancel the running query (Esc closes an open dialog first)",
    editorKey: "Mod-.",
    matches: (e) => e.key === "Escape",
  },
  { id: "newQuery", keys: "Ctrl/Cmd+N", description: "New query", matches: mod("n") },
  { id: "closeTab", keys: "Ctrl/Cmd+W", description: "Close the current tab", matches: mod("w") },
  { id: "nextTab", keys: "Ctrl+Tab", description: "Next tab", matches: (e) => e.ctrlKey && !e.shiftKey && e.key === "Tab" },
  { id: "previousTab", keys: "Ctrl+Shift+Tab", description: "Previous tab", matches: (e) => e.ctrlKey && e.shiftKey && e.key === "Tab" },
  { id: "openFiles", keys: "Ctrl/Cmd+O", description: "Open files", matches: mod("o") },
  { id: "format", keys: "Shift+Alt+F", description: "Format SQL (the selection, or everything)", editorKey: "Shift-Alt-f" },
  { id: "askAssistant", keys: "Ctrl/Cmd+I", description: "Ask the assistant (opens its chat)", matches: mod("i") },
  {
    id: "explain",
    keys: "Ctrl/Cmd+Shift+E",
    description: "Ask the assistant to explain the selection (or the whole text)",
    matches: (e) => (e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === "e",
  },
  { id: "palette", keys: "Ctrl/Cmd+K", description: "Find any action by its name", matches: mod("k") },
  { keys: "Enter in the chat, Shift+Enter", description: "Send the question; a new line" },
  { keys: "Esc in the chat", description: "Stop the reply as it streams" },
  { keys: "Ctrl/Cmd+F", description: "Find and replace in the editor" },
  { keys: "Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z", description: "Undo, redo (restores and “Open this SQL” too)" },
  { keys: "Ctrl/Cmd+Space", description: "Complete tables and columns" },
  { keys: "Ctrl/Cmd+/", description: "Comment or uncomment lines" },
  { keys: "Ctrl/Cmd+C in the grid", description: "Copy the selected cells as TSV" },
  { keys: "↑ ↓ → ← and letters in the sidebar", description: "Move through the tables, open and close them, find one by its name" },
  { id: "help", keys: "F1", description: "This list", matches: (e) => e.key === "F1" },
];

/** `label (keys)`: a menu item's or button's name with its shortcut, as the table has it. */
export function withKeys(label: string, id: ShortcutId): string {
  const keys = SHORTCUTS.find((s) => s.id === id)?.keys;
  if (!keys) throw new Error(`${id} has no keys`);
  return `${label} (${keys})`;
}

/** The editor's key for a shortcut of the editor. */
export function editorKey(id: ShortcutId): string {
  const key = SHORTCUTS.find((s) => s.id === id)?.editorKey;
  if (!key) throw new Error(`${id} is not an editor shortcut`);
  return key;
}

/**
 * A handler returns false when the shortcut does not apply now (nothing to cancel, one tab
 * only), so the key press goes on to whatever else wants it.
 */
export type ShortcutHandlers = Partial<Record<ShortcutId, (e: KeyboardEvent) => unknown>>;

/** Binds the window's shortcuts to `handlers` (the newest ones, without re-binding). */
export function useWindowShortcuts(handlers: ShortcutHandlers): void {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      for (const s of SHORTCUTS) {
        if (!s.id || !s.matches?.(e)) continue;
        const handler = current.current[s.id];
        if (handler && handler(e) !== false) {
          e.preventDefault();
          return;
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
