// Rows per second of a running statement, from DuckDB's rows-processed counter read a few
// times a second: the rows gained over the last second of readings.

export interface Sample {
  statement: number;
  rows: number;
  /** Milliseconds, from one clock. */
  at: number;
}

/** How long a span of readings the rate is taken over. */
export const RATE_SPAN_MS = 1000;

/** `samples` with `next` added: readings of the same statement within the span, oldest first. */
export function addSample(samples: readonly Sample[], next: Sample): Sample[] {
  const kept = samples.filter((s) => s.statement === next.statement && s.rows <= next.rows && next.at - s.at <= RATE_SPAN_MS);
  return [...kept, next];
}

/** Rows per second over the readings, or null while there is nothing to measure. */
export function rowsPerSecond(samples: readonly Sample[]): number | null {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || last.at <= first.at || last.rows <= first.rows) return null;
  return ((last.rows - first.rows) * 1000) / (last.at - first.at);
}

const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });

/** "1.2M rows/s". */
export function formatRate(rate: number): string {
  return `${compact.format(rate)} rows/s`;
}
