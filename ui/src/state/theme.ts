import { create } from "zustand";

const KEY = "qbox.theme";

function initial(): boolean {
  const saved = globalThis.localStorage?.getItem(KEY);
  if (saved) return saved === "dark";
  return globalThis.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false;
}

export const useTheme = create<{ dark: boolean; toggle: () => void }>((set, get) => ({
  dark: initial(),
  toggle: () => {
    const dark = !get().dark;
    globalThis.localStorage?.setItem(KEY, dark ? "dark" : "light");
    set({ dark });
  },
}));
