// Pane sizes, kept by the workspace so they survive a restart: read once before the panes are
// laid out, saved (after dragging settles) per group.
import { create } from "zustand";

import { backend } from "../lib/backend";

const SAVE_AFTER_MS = 300;
const timers = new Map<string, ReturnType<typeof setTimeout>>();

interface LayoutState {
  /** Null until read: the panes wait for it, so they open at their remembered sizes. */
  sizes: Record<string, number[]> | null;
  load: () => Promise<void>;
  save: (group: string, sizes: number[]) => void;
}

export const useLayout = create<LayoutState>((set) => ({
  sizes: null,
  load: async () => {
    try {
      set({ sizes: await backend.paneSizes() });
    } catch {
      set({ sizes: {} }); // the default layout
    }
  },
  save: (group, sizes) => {
    clearTimeout(timers.get(group));
    timers.set(
      group,
      setTimeout(() => void backend.savePaneSizes(group, sizes).catch(() => undefined), SAVE_AFTER_MS),
    );
  },
}));
