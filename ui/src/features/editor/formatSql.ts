// Format SQL with sql-formatter's DuckDB dialect: upper-case keywords, two-space indent.
import { format } from "sql-formatter";

export function formatSql(text: string): string {
  return format(text, { language: "duckdb", keywordCase: "upper", tabWidth: 2, linesBetweenQueries: 1 });
}
