/** A step of 1, 2 or 5 times a power of ten that cuts `span` into about `count` parts. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const nice = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10;
  return nice * magnitude;
}

/** The smallest round number at or above `max` (the top of a loss axis): 0.83 -> 1, 2.3 -> 2.5. */
export function niceCeil(max: number, count = 5): number {
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  const step = niceStep(max, count);
  return clean(Math.ceil(max / step - 1e-9) * step);
}

/**
 * Round tick values from `lo` to `hi`, about `count` of them. `integer` keeps only whole steps, for epochs,
 * where a tick at epoch 2.5 would mean nothing.
 */
export function linearTicks(lo: number, hi: number, count = 5, integer = false): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi <= lo) return [lo];
  let step = niceStep(hi - lo, count);
  if (integer) step = Math.max(1, Math.round(step));
  const ticks: number[] = [];
  const first = Math.ceil(lo / step - 1e-9) * step;
  for (let i = 0; ; i++) {
    const v = clean(first + i * step);
    if (v > hi + step * 1e-9) break;
    ticks.push(v);
  }
  return ticks;
}

/**
 * Ticks at 1, 2 and 5 times each power of ten within `[lo, hi]`: the values a reader expects on a shots axis
 * (1, 2, 5, 10, 20, 50, 100). Falls back to the two ends when the range holds fewer than two such values.
 */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0) || !(hi >= lo) || !Number.isFinite(hi)) return [];
  const ticks: number[] = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of [1, 2, 5]) {
      const v = clean(m * 10 ** k);
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push(v);
    }
  }
  return ticks.length >= 2 ? ticks : [...new Set([clean(lo), clean(hi)])];
}

// 0.1 * 3 is 0.30000000000000004; ticks are shown and compared, so drop the binary noise.
function clean(v: number): number {
  return Number(v.toPrecision(12));
}
