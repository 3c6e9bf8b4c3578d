// Light or dark: the theme setting, and with "system" the operating system's preference, which
// is followed while the app runs.
import { useEffect, useState } from "react";

import { useSettings } from "./settings";

const DARK_QUERY = "(prefers-color-scheme: dark)";

function systemDark(): boolean {
  return globalThis.matchMedia?.(DARK_QUERY).matches ?? false;
}

export function useDarkTheme(): boolean {
  const theme = useSettings((s) => s.settings?.theme ?? "system");
  const [system, setSystem] = useState(systemDark);
  useEffect(() => {
    const media = globalThis.matchMedia?.(DARK_QUERY);
    if (!media) return;
    const follow = () => setSystem(media.matches);
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, []);
  const dark = theme === "dark" || (theme === "system" && system);
  useEffect(() => {
    // Dialogs render outside the app's element; the root carries the theme for them.
    document.documentElement.classList.toggle("dark", dark);
  }, [dark]);
  return dark;
}
