/** A rate for people: thousands grouped, one decimal below 100 (`20,345`, `512`, `3.4`); `-` when missing. */
export function formatRate(x: number | null | undefined): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '-';
  const digits = Math.abs(x) < 100 ? 1 : 0;
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A ratio for people: `2.41x`; `-` when there is none. */
export function formatRatio(r: number | null | undefined): string {
  return typeof r === 'number' && Number.isFinite(r) ? `${r.toFixed(2)}x` : '-';
}
