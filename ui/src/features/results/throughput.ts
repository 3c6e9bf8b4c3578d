// Rows per second as the status line says them (the run measures them).

const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });

/** "1.2M rows/s". */
export function formatRate(rate: number): string {
  return `${compact.format(rate)} rows/s`;
}
