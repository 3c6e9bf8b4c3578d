import type { StatementKindDto } from "../../lib/backend";

/** The SQL words a status line uses for what DuckDB said a statement was. */
const LABELS: Record<StatementKindDto, string> = {
  select: "SELECT",
  insert: "INSERT",
  update: "UPDATE",
  delete: "DELETE",
  merge: "MERGE",
  explain: "EXPLAIN",
  create: "CREATE",
  drop: "DROP",
  alter: "ALTER",
  copy: "COPY",
  attach: "ATTACH",
  detach: "DETACH",
  pragma: "PRAGMA",
  call: "CALL",
  set: "SET",
  transaction: "Transaction",
  extension: "Extension",
  export: "EXPORT",
  vacuum: "VACUUM",
  analyze: "ANALYZE",
  prepare: "PREPARE",
  execute: "EXECUTE",
  other: "Statement",
};

export function statementLabel(kind: StatementKindDto | undefined): string {
  return kind ? LABELS[kind] : "Statement";
}
