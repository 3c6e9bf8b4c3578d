// Export of the whole result (not the visible rows) through DuckDB's COPY: pick a format, a
// path in the native save dialog, then watch progress with a Cancel button.
import { useState } from "react";

import { Menu } from "../../components/ui/Menu";
import { backend, BackendError, type ExportFormatDto, type ViewDto, errorMessage } from "../../lib/backend";

export const EXPORT_FORMATS: { format: ExportFormatDto; label: string }[] = [
  { format: "csv", label: "CSV" },
  { format: "tsv", label: "TSV" },
  { format: "parquet", label: "Parquet" },
  { format: "json", label: "JSON (array)" },
  { format: "ndjson", label: "NDJSON (one object per line)" },
  { format: "xlsx", label: "Excel (.xlsx)" },
];

/** A file name from a query name: no path separators or characters file systems refuse. */
export function exportFileName(queryName: string, format: ExportFormatDto): string {
  const base =
    [...queryName]
      .map((c) => (c < " " || '\\/:*?"<>|'.includes(c) ? " " : c))
      .join("")
      .replace(/ +/g, " ")
      .trim()
      .slice(0, 120) || "result";
  return `${base}.${format}`;
}

const size = (bytes: number) =>
  bytes < 1e3 ? `${bytes} B` : bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;

interface Props {
  resultId: number;
  /** What the grid shows (order and filters): the export writes those rows. */
  view: ViewDto;
  queryName: string;
  rowCount: number;
  onNotify: (tone: "info" | "error", text: string) => void;
}

export function ExportButton({ resultId, view, queryName, rowCount, onNotify }: Props) {
  const [job, setJob] = useState<{ id: string; fraction: number } | null>(null);

  const start = async (format: ExportFormatDto) => {
    let path: string | null;
    try {
      path = await backend.pickSavePath(exportFileName(queryName, format), format);
    } catch (e) {
      onNotify("error", `Cannot open the save dialog: ${errorMessage(e)}`);
      return;
    }
    if (!path) return;
    const id = `export-${globalThis.crypto?.randomUUID?.() ?? Date.now()}`;
    setJob({ id, fraction: 0 });
    try {
      const done = await backend.exportResult(id, resultId, view, path, format, (fraction) =>
        setJob((j) => (j && j.id === id ? { id, fraction: fraction ?? j.fraction } : j)),
      );
      onNotify("info", `Exported ${new Intl.NumberFormat().format(done.rows)} rows to ${done.path} (${size(done.bytes ?? 0)})`);
    } catch (e) {
      if (e instanceof BackendError && e.error.kind === "Cancelled") onNotify("info", "Export cancelled; no file was written");
      else onNotify("error", `Export failed: ${errorMessage(e)}`);
    } finally {
      setJob(null);
    }
  };

  if (job) {
    return (
      <span className="export-progress" data-testid="export-progress">
        Exporting… <progress max={1} value={job.fraction} aria-label="Export progress" /> {Math.round(job.fraction * 100)}%
        <button onClick={() => void backend.cancelExport(job.id)} data-testid="export-cancel">
          Cancel
        </button>
      </span>
    );
  }
  return (
    <Menu
      trigger={
        <button data-testid="export" title={`Export all ${new Intl.NumberFormat().format(rowCount)} rows to a file`}>
          Export ▾
        </button>
      }
      items={EXPORT_FORMATS.map((f) => ({
        key: f.format,
        label: f.label,
        onSelect: () => void start(f.format),
        data: { "data-format": f.format },
      }))}
    />
  );
}
