import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { HelpOverlay, SHORTCUTS } from "./HelpOverlay";

describe("HelpOverlay", () => {
  it("lists every shortcut and closes from its button or the backdrop", () => {
    const onClose = vi.fn();
    render(<HelpOverlay onClose={onClose} />);
    const dialog = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
    expect(dialog.querySelectorAll("tr")).toHaveLength(SHORTCUTS.length);
    expect(dialog).toHaveTextContent("Shift+Alt+F");
    fireEvent.click(screen.getByTestId("help"));
    expect(onClose).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText("Close"));
    fireEvent.click(dialog);
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
