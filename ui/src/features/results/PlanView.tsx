// A statement's plan as a tree of DuckDB's operators: each with what it works on, its
// estimated rows and, after EXPLAIN ANALYZE, the rows it produced and its share of the time.
// The heaviest operator is marked.
import type { PlanDto, PlanNodeDto } from "../../lib/backend";
import { formatSeconds, headline, heaviest, operatorSeconds } from "./planTree";

const fmt = new Intl.NumberFormat();

export function PlanView({ plan }: { plan: PlanDto }) {
  const total = operatorSeconds(plan);
  const top = heaviest(plan);
  return (
    <div className="plan-view" data-testid="plan-view" data-analyzed={plan.analyzed}>
      <div className="plan-summary muted">
        {plan.analyzed
          ? `Ran in ${formatSeconds(plan.totalSeconds ?? total)}; times are per operator, rows are what each produced.`
          : "Estimated plan (the statement did not run). Explain analyze runs it and measures each operator."}
      </div>
      <ul className="plan-tree" role="tree">
        {plan.roots.map((n, i) => (
          <PlanNode key={i} node={n} total={total} heaviest={top} analyzed={plan.analyzed} />
        ))}
      </ul>
    </div>
  );
}

function PlanNode({ node, total, heaviest, analyzed }: { node: PlanNodeDto; total: number; heaviest: PlanNodeDto | null; analyzed: boolean }) {
  const share = analyzed && total > 0 ? (node.seconds ?? 0) / total : null;
  const line = headline(node);
  return (
    <li role="treeitem" aria-expanded={node.children.length > 0 ? true : undefined}>
      <details className={node === heaviest ? "plan-node plan-heaviest" : "plan-node"} data-testid="plan-node">
        <summary>
          <span className="plan-name">{node.name}</span>
          {line && <span className="plan-headline">{line}</span>}
          <span className="spacer" />
          {node.estimatedRows !== null && <span className="plan-figure muted" title="Rows DuckDB estimated">~{fmt.format(node.estimatedRows)} est.</span>}
          {node.actualRows !== null && (
            <span className="plan-figure" title="Rows the operator produced" data-testid="plan-rows">
              {fmt.format(node.actualRows)} rows
            </span>
          )}
          {share !== null && (
            <span className="plan-figure plan-time" title="Time in this operator">
              <span className="plan-bar" style={{ width: `${Math.round(share * 100)}%` }} />
              {formatSeconds(node.seconds ?? 0)} · {Math.round(share * 100)}%
            </span>
          )}
        </summary>
        {node.details.length > 0 && (
          <dl className="plan-details">
            {node.details.map((d) => (
              <div key={d.key}>
                <dt>{d.key}</dt>
                <dd>{d.value}</dd>
              </div>
            ))}
          </dl>
        )}
      </details>
      {node.children.length > 0 && (
        <ul role="group">
          {node.children.map((c, i) => (
            <PlanNode key={i} node={c} total={total} heaviest={heaviest} analyzed={analyzed} />
          ))}
        </ul>
      )}
    </li>
  );
}
