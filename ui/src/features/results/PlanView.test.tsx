import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { PlanDto, PlanNodeDto } from "../../lib/backend";
import { PlanView } from "./PlanView";
import { headline, heaviest } from "./planTree";

const node = (name: string, seconds: number | null, estimatedRows: number | null, children: PlanNodeDto[] = [], details: PlanNodeDto["details"] = []): PlanNodeDto => ({
  name,
  details,
  estimatedRows,
  actualRows: seconds === null ? null : 10,
  seconds,
  children,
});

const analyzed: PlanDto = {
  analyzed: true,
  totalSeconds: 0.5,
  roots: [node("PROJECTION", 0.01, 7, [node("HASH_GROUP_BY", 0.3, 7, [node("SEQ_SCAN", 0.1, 1000, [], [{ key: "Table", value: "sales" }])])])],
};

describe("PlanView", () => {
  it("marks the operator that took longest after EXPLAIN ANALYZE", () => {
    expect(heaviest(analyzed)?.name).toBe("HASH_GROUP_BY");
    render(<PlanView plan={analyzed} />);
    const nodes = screen.getAllByTestId("plan-node");
    expect(nodes.map((n) => n.querySelector(".plan-name")?.textContent)).toEqual(["PROJECTION", "HASH_GROUP_BY", "SEQ_SCAN"]);
    expect(nodes[1]).toHaveClass("plan-heaviest");
    expect(nodes[1]).toHaveTextContent("300.0 ms · 73%");
    expect(nodes[2]).toHaveTextContent("Table: sales");
  });

  it("marks the operator with most estimated rows when the statement did not run", () => {
    const estimated: PlanDto = { analyzed: false, totalSeconds: null, roots: [node("PROJECTION", null, 7, [node("SEQ_SCAN", null, 1000)])] };
    expect(heaviest(estimated)?.name).toBe("SEQ_SCAN");
    render(<PlanView plan={estimated} />);
    expect(screen.getByTestId("plan-view")).toHaveTextContent("Estimated plan");
    expect(screen.queryAllByTestId("plan-rows")).toHaveLength(0);
  });

  it("heads each operator with what it works on", () => {
    expect(headline(node("HASH_JOIN", null, 1, [], [{ key: "Conditions", value: "a = b" }, { key: "Join Type", value: "INNER" }]))).toBe("Join Type: INNER");
    expect(headline(node("X", null, 1, [], [{ key: "Projections", value: "a\nb" }]))).toBeNull();
  });
});
