/**
 * `ours / theirs` to two decimals, or `null` when either side is missing or not a positive number (a peer that
 * did not run, a measurement that failed): a ratio is only printed when both numbers are real.
 */
export function ratio(ours: number | null | undefined, theirs: number | null | undefined): number | null {
  if (typeof ours !== 'number' || typeof theirs !== 'number') return null;
  if (!Number.isFinite(ours) || !Number.isFinite(theirs) || ours <= 0 || theirs <= 0) return null;
  return Math.round((ours / theirs) * 100) / 100;
}

/** `x` rounded to `digits` decimals. */
export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
