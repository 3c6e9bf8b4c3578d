// A column's profile over every row the grid shows (filters applied): how many values are
// NULL, how many distinct, the smallest, largest and mean, and how the values spread. DuckDB
// computes it; this draws a few dozen numbers.

import { Dialog } from "../../components/ui/Dialog";
import { type ColumnDto, type ColumnProfileDto, type ViewDto, errorMessage } from "../../lib/backend";
import { useColumnProfile } from "../../lib/reads";

interface Props {
  resultId: number;
  view: ViewDto;
  column: number;
  info: ColumnDto;
  onClose: () => void;
}

const fmt = new Intl.NumberFormat();
const pct = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 });

export function share(part: number, whole: number): string {
  return whole === 0 ? "–" : pct.format(part / whole);
}

export function ColumnProfile({ resultId, view, column, info, onClose }: Props) {
  const read = useColumnProfile(resultId, view, column);
  const profile = read.data ?? null;
  const error = read.error ? errorMessage(read.error) : null;

  return (
    <Dialog title={`Profile of ${info.name}`} onClose={onClose} className="column-profile" testId="column-profile">
      <div className="muted">{info.dataType}</div>
      {error !== null ? (
        <pre className="error-box">{error}</pre>
      ) : profile === null ? (
        <div className="muted">DuckDB is profiling the column…</div>
      ) : (
        <>
          <dl className="profile-stats" data-testid="profile-stats">
            <dt>Rows</dt>
            <dd>{fmt.format(profile.rows)}</dd>
            <dt>NULL</dt>
            <dd>
              {fmt.format(profile.nulls)} ({share(profile.nulls, profile.rows)})
            </dd>
            <dt>Distinct (estimate)</dt>
            <dd data-testid="profile-distinct">{fmt.format(profile.distinct)}</dd>
            <dt>Smallest</dt>
            <dd className="mono">{profile.min ?? "NULL"}</dd>
            <dt>Largest</dt>
            <dd className="mono">{profile.max ?? "NULL"}</dd>
            {profile.mean !== null && (
              <>
                <dt>Mean</dt>
                <dd className="mono">{profile.mean.toPrecision(6)}</dd>
              </>
            )}
          </dl>
          <Distribution profile={profile} />
        </>
      )}
      <div className="modal-actions">
        <button onClick={onClose}>Close</button>
      </div>
    </Dialog>
  );
}

function Distribution({ profile }: { profile: ColumnProfileDto }) {
  const d = profile.distribution;
  if (d.kind === "empty") return <div className="muted">Every value is NULL.</div>;
  if (d.kind === "histogram") {
    const most = Math.max(1, ...d.bins.map((b) => b.count));
    const width = 100 / Math.max(1, d.bins.length);
    return (
      <figure className="profile-histogram" data-testid="profile-histogram">
        <svg viewBox="0 0 100 40" preserveAspectRatio="none" role="img" aria-label="Histogram of the values">
          {d.bins.map((b, i) => {
            const h = (b.count / most) * 40;
            return (
              <rect key={i} x={i * width + 0.15} y={40 - h} width={Math.max(0.1, width - 0.3)} height={h} className="profile-bar">
                <title>{`${b.lower} – ${b.upper}: ${fmt.format(b.count)} rows`}</title>
              </rect>
            );
          })}
        </svg>
        <figcaption>
          <span className="mono">{d.bins[0]?.lower}</span>
          <span className="mono">{d.bins[d.bins.length - 1]?.upper}</span>
        </figcaption>
      </figure>
    );
  }
  const most = Math.max(1, ...d.values.map((v) => v.count));
  return (
    <table className="profile-top" data-testid="profile-top">
      <tbody>
        {d.values.map((v, i) => (
          <tr key={i}>
            <td className={v.value === null ? "null-value" : "mono"}>{v.value ?? "NULL"}</td>
            <td className="profile-top-bar">
              <span style={{ width: `${(v.count / most) * 100}%` }} />
            </td>
            <td className="num">{fmt.format(v.count)}</td>
            <td className="num muted">{share(v.count, profile.rows)}</td>
          </tr>
        ))}
        {d.others > 0 && (
          <tr>
            <td className="muted">other values</td>
            <td />
            <td className="num">{fmt.format(d.others)}</td>
            <td className="num muted">{share(d.others, profile.rows)}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
