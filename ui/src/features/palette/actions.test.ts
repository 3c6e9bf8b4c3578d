import { describe, expect, it, vi } from "vitest";

import { SHORTCUTS } from "../../lib/shortcuts";
import { paletteActions } from "./actions";

describe("paletteActions", () => {
  it("names and keys each shortcut's action from the shortcut table, in its order", () => {
    const newQuery = vi.fn();
    const actions = paletteActions({ newQuery, cancel: null }, [{ id: "settings", label: "Settings", run: vi.fn() }]);
    expect(actions.map((a) => a.id)).toEqual(["cancel", "newQuery", "settings"]);
    const table = SHORTCUTS.find((s) => s.id === "newQuery");
    expect(actions[1]).toMatchObject({ label: table?.description, keys: table?.keys, disabled: false });
    expect(actions[0]?.disabled).toBe(true);
    void actions[1]?.run();
    expect(newQuery).toHaveBeenCalled();
  });
});
