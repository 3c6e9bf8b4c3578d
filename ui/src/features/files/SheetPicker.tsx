// Asks which sheet of a workbook to add.
import { useState } from "react";

import type { PendingSheet } from "../../state/workspace";
import { Dialog } from "../../components/ui/Dialog";

export function SheetPicker({ pending, onChoose }: { pending: PendingSheet; onChoose: (sheet: string | null) => void }) {
  const [sheet, setSheet] = useState(pending.sheets[0] ?? "");
  const name = pending.path.split(/[\\/]/).pop();
  return (
    <Dialog title="Choose a sheet" showTitle={false} onClose={() => onChoose(null)} testId="sheet-picker">
      <form
        className="modal-form"
        onSubmit={(e) => {
          e.preventDefault();
          onChoose(sheet);
        }}
      >
        <h2>Which sheet of {name}?</h2>
        <select value={sheet} onChange={(e) => setSheet(e.target.value)} autoFocus>
          {pending.sheets.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <div className="modal-actions">
          <button type="button" onClick={() => onChoose(null)}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Add sheet
          </button>
        </div>
      </form>
    </Dialog>
  );
}
