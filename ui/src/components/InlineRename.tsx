// An inline name editor: Enter saves, Escape cancels, an empty or unchanged name reverts.
// `onSave` resolves true when the new name was taken; on false the editor stays open.
import { useState } from "react";

export function useInlineRename(name: string, onSave: (name: string) => Promise<boolean>, startEditing = false) {
  const [editing, setEditing] = useState(startEditing);
  const [draft, setDraft] = useState(name);
  const stop = () => {
    setEditing(false);
    setDraft(name);
  };
  const commit = async () => {
    const next = draft.trim();
    if (next === "" || next === name) return stop();
    if (await onSave(next)) setEditing(false);
  };
  return { editing, start: () => setEditing(true), draft, setDraft, commit, stop };
}

export function RenameInput({
  label,
  rename,
}: {
  label: string;
  rename: ReturnType<typeof useInlineRename>;
}) {
  return (
    <input
      className="rename"
      aria-label={label}
      autoFocus
      onFocus={(e) => e.target.select()}
      value={rename.draft}
      onChange={(e) => rename.setDraft(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === "Enter") void rename.commit();
        if (e.key === "Escape") rename.stop();
        // The keys are the field's: a tree or list around it would take arrows and letters.
        e.stopPropagation();
      }}
      onBlur={() => void rename.commit()}
    />
  );
}
