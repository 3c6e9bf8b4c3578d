// The palette's list: every shortcut's action, named and keyed as the shortcut table has it,
// then the actions that have only a button.
import { SHORTCUTS, type ShortcutId } from "../../lib/shortcuts";
import type { PaletteAction } from "./CommandPalette";

/** What each shortcut's action does now; null when it cannot be done now. */
export type ShortcutActions = Partial<Record<ShortcutId, (() => unknown) | null>>;

export function paletteActions(shortcuts: ShortcutActions, others: PaletteAction[]): PaletteAction[] {
  const keyed = SHORTCUTS.flatMap((s): PaletteAction[] => {
    if (!s.id || !(s.id in shortcuts)) return [];
    const run = shortcuts[s.id];
    return [{ id: s.id, label: s.description, keys: s.keys, disabled: !run, run: run ?? (() => undefined) }];
  });
  return [...keyed, ...others];
}
