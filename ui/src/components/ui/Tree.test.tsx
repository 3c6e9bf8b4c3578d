import { act, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { render } from "@testing-library/react";
import { Leaf, Node, Tree } from "./Tree";

let clicked = 0;

function sample() {
  render(
    <Tree label="Data sources" defaultOpen={["beta"]}>
      <Node id="alpha" text="alpha" row={<><span>alpha</span><button onClick={() => (clicked += 1)}>act</button></>}>
        <Leaf id="alpha-x" text="x">
          x
        </Leaf>
      </Node>
      <Node id="beta" text="beta" row={<span>beta</span>}>
        <Leaf id="beta-y" text="y">
          y
        </Leaf>
      </Node>
      <Node id="gamma" text="gamma" row={<span>gamma</span>} />
    </Tree>,
  );
}

const row = (name: string) => screen.getByText(name).closest('[role="row"]');

describe("Tree", () => {
  it("is an ARIA tree: rows with levels and expanded states, open by default where asked", () => {
    sample();
    expect(screen.getByRole("treegrid", { name: "Data sources" })).toBeInTheDocument();
    expect(row("alpha")).toHaveAttribute("aria-expanded", "false");
    expect(row("beta")).toHaveAttribute("aria-expanded", "true");
    expect(row("y")).toHaveAttribute("aria-level", "2");
    expect(screen.queryByText("x")).toBeNull();
    // A row without children does not open.
    expect(row("gamma")).not.toHaveAttribute("aria-expanded");
  });

  it("leaves a press on a row's own button to the button", async () => {
    sample();
    clicked = 0;
    await userEvent.click(screen.getByText("act"));
    expect(clicked).toBe(1);
    expect(row("alpha")).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(screen.getByText("alpha"));
    expect(row("alpha")).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(screen.getAllByLabelText("Expand")[0] as HTMLElement);
    expect(row("alpha")).toHaveAttribute("aria-expanded", "true");
  });

  it("moves with the arrow keys, opens with Right, closes with Left, and finds a row by typing", async () => {
    sample();
    const user = userEvent.setup();
    await user.tab();
    expect(document.activeElement).toBe(row("alpha"));
    await user.keyboard("{ArrowRight}");
    expect(row("alpha")).toHaveAttribute("aria-expanded", "true");
    expect(screen.getByText("x")).toBeInTheDocument();
    await user.keyboard("{ArrowDown}");
    expect(document.activeElement).toBe(row("x"));
    await user.keyboard("{ArrowLeft}");
    expect(document.activeElement).toBe(row("alpha"));
    await user.keyboard("{ArrowLeft}");
    expect(row("alpha")).toHaveAttribute("aria-expanded", "false");
    await user.keyboard("g");
    expect(document.activeElement).toBe(row("gamma"));
    await act(async () => {
      await user.keyboard("{Home}");
    });
    expect(document.activeElement).toBe(row("alpha"));
  });
});
