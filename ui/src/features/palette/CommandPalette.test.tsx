import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { CommandPalette } from "./CommandPalette";

// cmdk scrolls the chosen item into view and measures its list; jsdom has no layout.
Element.prototype.scrollIntoView = () => undefined;
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

describe("CommandPalette", () => {
  it("finds an action by part of its name, shows its shortcut, and runs it with Enter", async () => {
    const format = vi.fn();
    const settings = vi.fn();
    const onClose = vi.fn();
    render(
      <CommandPalette
        actions={[
          { id: "format", label: "Format SQL", keys: "Shift+Alt+F", run: format },
          { id: "settings", label: "Settings", run: settings },
          { id: "cancel", label: "Cancel the running query", keys: "Esc", disabled: true, run: vi.fn() },
        ]}
        onClose={onClose}
      />,
    );
    const input = screen.getByLabelText("Action");
    expect(input).toHaveFocus();
    expect(screen.getByTestId("palette-format")).toHaveTextContent("Shift+Alt+F");
    await userEvent.type(input, "form");
    expect(screen.queryByTestId("palette-settings")).toBeNull();
    await userEvent.keyboard("{Enter}");
    await act(async () => new Promise((r) => setTimeout(r, 0)));
    expect(onClose).toHaveBeenCalled();
    expect(format).toHaveBeenCalledTimes(1);
    expect(settings).not.toHaveBeenCalled();
  });

  it("says when nothing matches, and a disabled action is not run", async () => {
    const cancel = vi.fn();
    render(<CommandPalette actions={[{ id: "cancel", label: "Cancel the running query", disabled: true, run: cancel }]} onClose={vi.fn()} />);
    await userEvent.type(screen.getByLabelText("Action"), "cancel{Enter}");
    expect(cancel).not.toHaveBeenCalled();
    await userEvent.clear(screen.getByLabelText("Action"));
    await userEvent.type(screen.getByLabelText("Action"), "zzz");
    expect(screen.getByText("No action by that name.")).toBeInTheDocument();
  });
});
