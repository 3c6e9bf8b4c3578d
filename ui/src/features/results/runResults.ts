// The results a run kept: one per statement that returned rows.
import type { ResultInfoDto, RunOutputDto, StatementDto } from "../../lib/backend";

export type StatementResult = StatementDto & { result: ResultInfoDto };

export function statementResults(output: RunOutputDto): StatementResult[] {
  return output.statements.filter((s): s is StatementResult => s.result !== null);
}

/** The last statement's rows, when it returned some. */
export function lastResult(output: RunOutputDto): ResultInfoDto | null {
  return output.statements[output.statements.length - 1]?.result ?? null;
}
