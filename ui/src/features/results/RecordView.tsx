// One row of a result turned on its side: every column's name, type and value, with the
// previous and next rows a key press away (↑/↓, or the buttons).
import { useMemo } from "react";

import { Dialog } from "../../components/ui/Dialog";
import { type ResultInfoDto, type ViewDto, errorMessage } from "../../lib/backend";
import { useResultRow } from "../../lib/reads";
import { formatValue } from "./resultPager";

interface Props {
  result: ResultInfoDto;
  view: ViewDto;
  rowCount: number;
  row: number;
  onRowChange: (row: number) => void;
  /** Opens the value viewer on a column of this row. */
  onOpenValue: (column: number) => void;
  onClose: () => void;
}

const fmt = new Intl.NumberFormat();

export function RecordView({ result, view, rowCount, row, onRowChange, onOpenValue, onClose }: Props) {
  const read = useResultRow(result.id, view, row);
  const error = read.error ? errorMessage(read.error) : null;
  const table = read.data;
  const values = useMemo(
    () =>
      table
        ? result.columns.map((_, i) => {
            const v: unknown = table.getChildAt(i)?.get(0);
            return v === null || v === undefined ? null : formatValue(v).text;
          })
        : null,
    [table, result.columns],
  );

  const go = (next: number) => {
    if (next >= 0 && next < rowCount) onRowChange(next);
  };

  return (
    <Dialog title={`Row ${fmt.format(row + 1)} of ${fmt.format(rowCount)}`} onClose={onClose} className="record-view" testId="record-view">
      <div
        className="record-view-body"
        tabIndex={0}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "j") go(row + 1);
          else if (e.key === "ArrowUp" || e.key === "k") go(row - 1);
          else return;
          e.preventDefault();
        }}
      >
        {error !== null && <pre className="error-box">{error}</pre>}
        <table className="record-table" data-testid="record-table">
          <tbody>
            {result.columns.map((c, i) => {
              const v = values?.[i];
              return (
                <tr key={i}>
                  <th scope="row" title={c.dataType}>
                    {c.name}
                    <span className="muted"> {c.dataType}</span>
                  </th>
                  <td>
                    {values === null ? (
                      <span className="muted">…</span>
                    ) : v === null ? (
                      <span className="null-value">NULL</span>
                    ) : (
                      <span className="record-value">{v}</span>
                    )}
                  </td>
                  <td className="record-open">
                    <button className="link" onClick={() => onOpenValue(i)} title="Show the whole value" aria-label={`Show the whole value of ${c.name}`}>
                      ⤢
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="modal-actions">
        <button onClick={() => go(row - 1)} disabled={row === 0} title="Previous row (↑)">
          ↑ Previous
        </button>
        <button onClick={() => go(row + 1)} disabled={row + 1 >= rowCount} title="Next row (↓)">
          ↓ Next
        </button>
        <span className="spacer" />
        <button onClick={onClose}>Close</button>
      </div>
    </Dialog>
  );
}
