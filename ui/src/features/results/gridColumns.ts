// How a result column looks in the grid's header: its name with the sort mark, an icon for the
// kind of its DuckDB type, and the type itself (drawn small under the name).
import { GridColumnIcon } from "@glideapps/glide-data-grid";

import type { ColumnDto, SortDto } from "../../lib/backend";
import { sortMark } from "./resultView";

export type TypeKind = "number" | "text" | "boolean" | "date" | "time" | "list" | "struct" | "json" | "binary" | "other";

/** The kind of a DuckDB type, by its name as DuckDB prints it. */
export function typeKind(dataType: string): TypeKind {
  const t = dataType.toUpperCase();
  if (t.endsWith("]")) return "list";
  if (/^(STRUCT|MAP|UNION)\b/.test(t)) return "struct";
  if (t === "JSON") return "json";
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/.test(t)) return "number";
  if (t === "BOOLEAN") return "boolean";
  if (/^(DATE|TIMESTAMP)/.test(t)) return "date";
  if (/^(TIME|INTERVAL)/.test(t)) return "time";
  if (/^(VARCHAR|UUID|ENUM|BIT)/.test(t)) return "text";
  if (t === "BLOB") return "binary";
  return "other";
}

const ICONS: Record<TypeKind, GridColumnIcon> = {
  number: GridColumnIcon.HeaderNumber,
  text: GridColumnIcon.HeaderString,
  boolean: GridColumnIcon.HeaderBoolean,
  date: GridColumnIcon.HeaderDate,
  time: GridColumnIcon.HeaderTime,
  list: GridColumnIcon.HeaderArray,
  struct: GridColumnIcon.HeaderCode,
  json: GridColumnIcon.HeaderCode,
  binary: GridColumnIcon.HeaderCode,
  other: GridColumnIcon.HeaderString,
};

const TYPE_LABEL_CHARS = 24;

/** The type as shown under the name: DuckDB's own spelling, long nested types cut short. */
export function typeLabel(dataType: string): string {
  return dataType.length > TYPE_LABEL_CHARS ? `${dataType.slice(0, TYPE_LABEL_CHARS - 1)}…` : dataType;
}

export function defaultWidth(column: ColumnDto): number {
  const longest = Math.max(column.name.length, typeLabel(column.dataType).length * 0.8);
  return Math.min(320, Math.max(90, Math.round(longest * 9 + 48)));
}

export interface HeaderSpec {
  title: string;
  icon: GridColumnIcon;
  kind: TypeKind;
  type: string;
}

export function header(column: ColumnDto, index: number, sort: SortDto[]): HeaderSpec {
  const type = column.dataType;
  const kind = typeKind(type);
  return { title: `${column.name}${sortMark(sort, index)}`, icon: ICONS[kind], kind, type: typeLabel(type) };
}
