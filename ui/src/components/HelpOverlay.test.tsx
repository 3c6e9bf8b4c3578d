import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { SHORTCUTS } from "../lib/shortcuts";
import { HelpOverlay } from "./HelpOverlay";

describe("HelpOverlay", () => {
  it("lists every shortcut, keeps the focus inside, and closes from its button or Escape", async () => {
    const onClose = vi.fn();
    render(<HelpOverlay onClose={onClose} />);
    const dialog = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
    expect(dialog.querySelectorAll("tr")).toHaveLength(SHORTCUTS.length);
    expect(dialog).toHaveTextContent("Shift+Alt+F");
    fireEvent.click(screen.getByTestId("help"));
    expect(onClose).not.toHaveBeenCalled();
    await userEvent.tab();
    await userEvent.tab();
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    fireEvent.click(screen.getByText("Close"));
    expect(onClose).toHaveBeenCalledTimes(1);
    await userEvent.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
