import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** Summary statistics of a sample, as returned by {@link meanStd}. */
export interface MeanStd {
  mean: number;
  /** Sample standard deviation (divides by `n - 1`); 0 when `n` is 1. */
  std: number;
  min: number;
  max: number;
  n: number;
}

/**
 * Mean, sample standard deviation, minimum and maximum, for reporting a metric over several seeds or runs.
 *
 * The standard deviation divides by `n - 1` because the runs are a sample of what the seed could give, not the
 * whole population. With a single value there is no spread to estimate; `std` is then 0 rather than `NaN` so
 * tables stay printable, and `n` tells the reader not to trust it.
 *
 * @param values - At least one finite number.
 * @throws {@link InvalidArgumentError} when `values` is empty or holds a non-finite number.
 */
export function meanStd(values: ArrayLike<number>): MeanStd {
  const n = values.length;
  if (n === 0) {
    throw new InvalidArgumentError('meanStd needs at least one value.');
  }
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      throw new InvalidArgumentError(`values[${i}] is ${v}; meanStd needs finite numbers.`);
    }
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  // A second pass over deviations avoids the cancellation of the sum-of-squares formula.
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    squares += d * d;
  }
  const std = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  return { mean, std, min, max, n };
}
