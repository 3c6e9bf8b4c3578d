// Keyboard shortcuts, listed where a user looks for them (F1 or the ? button).
import { Dialog } from "./ui/Dialog";

export const SHORTCUTS: [string, string][] = [
  ["Ctrl/Cmd+Enter", "Run the selection, or the statement under the cursor"],
  ["Ctrl/Cmd+Shift+Enter", "Run the whole script"],
  ["Esc or Ctrl/Cmd+.", "Cancel the running query"],
  ["Ctrl/Cmd+N", "New query"],
  ["Ctrl/Cmd+W", "Close the current tab"],
  ["Ctrl+Tab / Ctrl+Shift+Tab", "Next / previous tab"],
  ["Ctrl/Cmd+O", "Open files"],
  ["Shift+Alt+F", "Format SQL (the selection, or everything)"],
  ["Ctrl/Cmd+F", "Find and replace in the editor"],
  ["Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z", "Undo, redo (restores and “Open this SQL” too)"],
  ["Ctrl/Cmd+Space", "Complete tables and columns"],
  ["Ctrl/Cmd+/", "Comment or uncomment lines"],
  ["Ctrl/Cmd+C in the grid", "Copy the selected cells as TSV"],
  ["F1", "This list"],
];

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} className="help" testId="help">
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="modal-actions">
        <button onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
