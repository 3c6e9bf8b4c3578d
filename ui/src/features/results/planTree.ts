// Facts about a plan tree the view needs: operator time in all, and the heaviest operator
// (most time when the statement ran, else most estimated rows).
import type { PlanDto, PlanNodeDto } from "../../lib/backend";

export function* walk(nodes: PlanNodeDto[]): Generator<PlanNodeDto> {
  for (const n of nodes) {
    yield n;
    yield* walk(n.children);
  }
}

export function operatorSeconds(plan: PlanDto): number {
  let total = 0;
  for (const n of walk(plan.roots)) total += n.seconds ?? 0;
  return total;
}

/** The operator to look at first, or null for an empty plan. */
export function heaviest(plan: PlanDto): PlanNodeDto | null {
  let best: PlanNodeDto | null = null;
  const weight = (n: PlanNodeDto) => (plan.analyzed ? (n.seconds ?? 0) : (n.estimatedRows ?? 0));
  for (const n of walk(plan.roots)) if (best === null || weight(n) > weight(best)) best = n;
  return best;
}

/** The detail that says most about an operator, shown on its line. */
export function headline(node: PlanNodeDto): string | null {
  for (const key of ["Table", "Function", "Join Type", "Groups", "Aggregates", "Order By", "Filters", "Expression"]) {
    const d = node.details.find((x) => x.key === key);
    if (d) return `${key}: ${d.value.split("\n").join(", ")}`;
  }
  return null;
}

export function formatSeconds(s: number): string {
  return s < 0.001 ? `${(s * 1e6).toFixed(0)} µs` : s < 1 ? `${(s * 1000).toFixed(1)} ms` : `${s.toFixed(2)} s`;
}
