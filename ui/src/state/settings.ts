// The user's settings, as the backend keeps them: read once, changed through the backend, and
// replaced whenever the backend announces new ones (another window, or this one's own change).
import { create } from "zustand";

import { backend, type SettingsDto } from "../lib/backend";

interface SettingsState {
  /** Null until the first read answers. */
  settings: SettingsDto | null;
  load: () => Promise<void>;
  /** Stores a change; a value out of range is refused by the backend with a message. */
  update: (patch: Partial<SettingsDto>) => Promise<void>;
  replace: (settings: SettingsDto) => void;
}

export const useSettings = create<SettingsState>((set, get) => ({
  settings: null,
  load: async () => set({ settings: await backend.settings() }),
  update: async (patch) => {
    const current = get().settings ?? (await backend.settings());
    set({ settings: await backend.updateSettings({ ...current, ...patch }) });
  },
  replace: (settings) => set({ settings }),
}));
