// Keyboard shortcuts, listed where a user looks for them (F1 or the ? button).
import { SHORTCUTS } from "../lib/shortcuts";
import { Dialog } from "./ui/Dialog";

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} className="help" testId="help">
      <table>
        <tbody>
          {SHORTCUTS.map(({ keys, description }) => (
            <tr key={keys}>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{description}</td>
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
