// Settings: theme, limits and history, the assistant's provider, and where the workspace lives. Each change is stored at
// once (no Save button to forget); a value out of range is refused with the backend's message.
import { useState } from "react";

import { Dialog, DialogClose } from "../../components/ui/Dialog";
import { BackendError, type SettingsDto, type ThemeDto } from "../../lib/backend";
import { useSettings } from "../../state/settings";
import { AiSettingsSection } from "../assistant/AiSettingsSection";
import { ClearDataDialog } from "./ClearDataDialog";

interface Props {
  dataDir: string;
  onOpenDataDir: () => void;
  onClose: () => void;
}

type NumberField = "rowCap" | "historySize" | "checkpointPauseMs";

const NUMBERS: { field: NumberField; label: string; hint: string }[] = [
  { field: "rowCap", label: "Rows kept per result", hint: "Results past this are cut (and say so); export writes what is kept." },
  { field: "historySize", label: "History versions per query", hint: "The oldest go first, at the next save." },
  { field: "checkpointPauseMs", label: "Pause before a version (ms)", hint: "Typing that stops this long makes a history version." },
];

export function SettingsDialog({ dataDir, onOpenDataDir, onClose }: Props) {
  const settings = useSettings((s) => s.settings);
  const update = useSettings((s) => s.update);
  const [error, setError] = useState<string | null>(null);
  const [drafts, setDrafts] = useState<Partial<Record<NumberField, string>>>({});
  const [clearing, setClearing] = useState(false);

  const save = async (patch: Partial<SettingsDto>) => {
    try {
      await update(patch);
      setError(null);
    } catch (e) {
      setError(e instanceof BackendError ? e.message : String(e));
    }
  };

  const commit = (field: NumberField) => {
    const text = drafts[field];
    if (text === undefined) return;
    const value = Number(text);
    if (!Number.isInteger(value)) {
      setError(`${NUMBERS.find((n) => n.field === field)?.label ?? field} must be a whole number`);
      return;
    }
    void save({ [field]: value }).then(() => setDrafts((d) => ({ ...d, [field]: undefined })));
  };

  return (
    <Dialog title="Settings" onClose={onClose} className="settings" testId="settings">
      {settings === null ? (
        <p>Loading…</p>
      ) : (
        <>
          <label>
            Theme
            <select
              aria-label="Theme"
              value={settings.theme}
              onChange={(e) => void save({ theme: e.target.value as ThemeDto })}
            >
              <option value="system">Follow the system</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </label>
          {NUMBERS.map(({ field, label, hint }) => (
            <label key={field} title={hint}>
              {label}
              <input
                type="number"
                aria-label={label}
                value={drafts[field] ?? String(settings[field])}
                onChange={(e) => setDrafts((d) => ({ ...d, [field]: e.target.value }))}
                onBlur={() => commit(field)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") commit(field);
                }}
              />
            </label>
          ))}
          {error && (
            <p className="status-error" role="alert">
              {error}
            </p>
          )}
          <AiSettingsSection settings={settings.ai} onSave={(ai) => update({ ai })} />
          <div className="setting-row">
            <span>Data folder</span>
            <span className="path" data-testid="data-dir">
              {dataDir}{" "}
              <button className="link" onClick={onOpenDataDir}>
                Open folder
              </button>
            </span>
          </div>
          <p className="hint">Your own files stay where they are; QBox only reads them.</p>
        </>
      )}
      <div className="modal-actions">
        <button className="danger" onClick={() => setClearing(true)}>
          Clear all data…
        </button>
        <span className="spacer" />
        <DialogClose asChild>
          <button>Close</button>
        </DialogClose>
      </div>
      {clearing && <ClearDataDialog onClose={() => setClearing(false)} />}
    </Dialog>
  );
}
