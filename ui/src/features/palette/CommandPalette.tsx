// Ctrl/Cmd+K: every action of the window, found by typing part of its name, with its shortcut
// beside it (from the one shortcut table). cmdk filters and moves through the list; the app's
// Dialog traps the focus and gives Escape to the palette.
import { Command } from "cmdk";

import { Dialog } from "../../components/ui/Dialog";

export interface PaletteAction {
  id: string;
  label: string;
  /** The shortcut, as the shortcut table writes it. */
  keys?: string;
  /** Not possible now (no query open, nothing running); listed, but not chosen. */
  disabled?: boolean;
  run: () => unknown;
}

export function CommandPalette({ actions, onClose }: { actions: PaletteAction[]; onClose: () => void }) {
  return (
    <Dialog title="Find an action" showTitle={false} onClose={onClose} className="command-palette" testId="command-palette">
      <Command label="Actions" loop>
        <Command.Input autoFocus placeholder="Type an action…" aria-label="Action" />
        <Command.List>
          <Command.Empty>No action by that name.</Command.Empty>
          {actions.map((a) => (
            <Command.Item
              key={a.id}
              value={a.label}
              disabled={a.disabled}
              data-testid={`palette-${a.id}`}
              onSelect={() => {
                onClose();
                // After the palette has closed, so the action's own focus and dialogs win.
                setTimeout(() => void a.run(), 0);
              }}
            >
              <span>{a.label}</span>
              {a.keys && <kbd>{a.keys}</kbd>}
            </Command.Item>
          ))}
        </Command.List>
      </Command>
    </Dialog>
  );
}
