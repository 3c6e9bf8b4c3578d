import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { ContextMenu } from "./ContextMenu";

describe("ContextMenu", () => {
  it("opens on a right click and runs what is chosen; a disabled item does nothing", async () => {
    const explain = vi.fn();
    const fix = vi.fn();
    render(
      <ContextMenu
        items={[
          { key: "explain", label: "Explain with AI", onSelect: explain },
          { key: "fix", label: "Fix with AI", onSelect: fix, disabled: true },
        ]}
      >
        <div data-testid="area">SQL here</div>
      </ContextMenu>,
    );
    fireEvent.contextMenu(screen.getByTestId("area"));
    fireEvent.click(await screen.findByText("Fix with AI"));
    expect(fix).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText("Explain with AI"));
    expect(explain).toHaveBeenCalledTimes(1);
  });
});
