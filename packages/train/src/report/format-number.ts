/** A fraction as a percentage, `0.923` -> `92.3%`; a dash for NaN or infinities (a diverged run). */
export function formatPercent(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return '–';
  return `${(fraction * 100).toFixed(digits)}%`;
}

/**
 * A number to three significant digits without trailing zeros: `0.0123`, `1.23`, `12300`, `0.001`. Losses and
 * learning rates span many orders of magnitude, so a fixed number of decimals would show `0.000` for both.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return String(Number(value.toPrecision(3)));
}
