// The formats a selection of cells can be copied as, with their menu labels and shortcuts.
import type { CopyFormatDto } from "../../lib/backend";

export interface CopyChoice {
  key: string;
  label: string;
  format: CopyFormatDto;
  header: boolean;
}

export const COPY_CHOICES: CopyChoice[] = [
  { key: "tsv", label: "Copy (Ctrl/Cmd+C)", format: "tsv", header: false },
  { key: "tsv-header", label: "Copy with headers (Ctrl/Cmd+Shift+C)", format: "tsv", header: true },
  { key: "csv", label: "Copy as CSV", format: "csv", header: true },
  { key: "json", label: "Copy as JSON", format: "json", header: true },
  { key: "markdown", label: "Copy as Markdown table", format: "markdown", header: true },
  { key: "insert", label: "Copy as SQL INSERT statements", format: "insert", header: true },
];

const NAMES: Record<CopyFormatDto, string> = { tsv: "", csv: " as CSV", json: " as JSON", markdown: " as Markdown", insert: " as INSERT statements" };

/** What the status line says after a copy. */
export function copiedMessage(cells: number, format: CopyFormatDto): string {
  return `Copied ${new Intl.NumberFormat().format(cells)} ${cells === 1 ? "cell" : "cells"}${NAMES[format]}`;
}

/** A table name for INSERT statements from the query's name: lower case, words joined by _. */
export function insertTableName(queryName: string): string {
  const name = queryName
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return name === "" ? "result" : /^[0-9]/.test(name) ? `t_${name}` : name;
}
