// What the check said of a suggestion, as the card and the apply dialog need it.
import type { SqlCheckDto } from "../../lib/backend";

/** What the suggestion does beyond reading the catalog's tables, in words. */
export function effectsOf(check: SqlCheckDto): string[] {
  return check.status === "invalid" ? [] : check.effects;
}

/** It runs only after the user says it may: it does more than read, or it was not checked. */
export function asksFirst(check: SqlCheckDto): boolean {
  return check.status === "outside" || (check.status === "valid" && check.changesData);
}

/** It may go into the editor: DuckDB bound it, or it reaches beyond what a check can bind. */
export function canApply(check: SqlCheckDto): boolean {
  return check.status !== "invalid";
}
