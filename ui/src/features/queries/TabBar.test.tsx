import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { QueryDto } from "../../lib/backend";
import { TabBar } from "./TabBar";

const q = (id: number, name: string): QueryDto => ({ id, name, sql: "", createdAt: "", updatedAt: "" });

describe("TabBar", () => {
  it("shows the open queries, marks the current and running ones, switches and closes", () => {
    const onSelect = vi.fn();
    const onClose = vi.fn();
    render(
      <TabBar tabs={[q(1, "Revenue"), q(2, "Churn")]} currentId={1} running={new Set([2])} onSelect={onSelect} onClose={onClose} />,
    );
    const tabs = screen.getAllByRole("tab");
    expect(tabs.map((t) => t.getAttribute("aria-selected"))).toEqual(["true", "false"]);
    expect(tabs[1]).toContainElement(screen.getByLabelText("running"));
    fireEvent.click(screen.getByText("Churn"));
    expect(onSelect).toHaveBeenCalledWith(2);
    fireEvent.click(screen.getByLabelText("Close Revenue"));
    expect(onClose).toHaveBeenCalledWith(1);
    fireEvent.mouseDown(tabs[1] as HTMLElement, { button: 1 });
    expect(onClose).toHaveBeenCalledWith(2);
  });
});
