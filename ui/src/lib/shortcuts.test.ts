import { renderHook } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { SHORTCUTS, editorKey, useWindowShortcuts } from "./shortcuts";

const press = (init: KeyboardEventInit) => {
  const e = new KeyboardEvent("keydown", { ...init, cancelable: true });
  window.dispatchEvent(e);
  return e;
};

describe("shortcuts", () => {
  it("bind the window's keys from the one list, and leave keys a handler declines", () => {
    const newQuery = vi.fn();
    const cancel = vi.fn(() => false);
    const { unmount } = renderHook(() => useWindowShortcuts({ newQuery, cancel }));
    expect(press({ key: "n", ctrlKey: true }).defaultPrevented).toBe(true);
    expect(newQuery).toHaveBeenCalledTimes(1);
    expect(press({ key: "n", metaKey: true }).defaultPrevented).toBe(true);
    expect(press({ key: "Escape" }).defaultPrevented).toBe(false);
    expect(cancel).toHaveBeenCalledTimes(1);
    expect(press({ key: "w", ctrlKey: true }).defaultPrevented).toBe(false); // no handler given
    unmount();
    press({ key: "n", ctrlKey: true });
    expect(newQuery).toHaveBeenCalledTimes(2);
  });

  it("give the editor its keys, and every shortcut a description", () => {
    expect(editorKey("run")).toBe("Mod-Enter");
    expect(() => editorKey("newQuery")).toThrow();
    expect(SHORTCUTS.every((s) => s.keys && s.description)).toBe(true);
    const ids = SHORTCUTS.flatMap((s) => (s.id ? [s.id] : []));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
