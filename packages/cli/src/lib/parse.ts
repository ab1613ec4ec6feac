import { listShapes } from '@shapes/data';
import { UsageError } from '../errors/usage-error.js';

/**
 * An integer option: `--per-class 20`. Commander hands values over as strings; this names the option and the
 * range in the message when the value does not fit.
 */
export function parseInteger(option: string, value: string, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}) {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`;
    throw new UsageError(`${option} must be ${range} (got "${value}").`);
  }
  return n;
}

/** A positive number option: `--learning-rate 3e-3`. */
export function parsePositive(option: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new UsageError(`${option} must be a number above 0 (got "${value}").`);
  }
  return n;
}

/** One of a fixed set of words: `--arch default`. */
export function parseChoice<T extends string>(option: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`${option} must be one of ${choices.join(', ')} (got "${value}").`);
  }
  return value as T;
}

/**
 * A comma-separated list of shapes: `--shapes circle,square,triangle`. Every name must be a shape the generator
 * draws and appear once; the message lists the shapes there are.
 */
export function parseShapes(option: string, value: string, { min = 1 } = {}): string[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const known = listShapes();
  const unknown = names.filter((s) => !known.includes(s));
  if (unknown.length > 0) {
    throw new UsageError(
      `${option}: unknown shape${unknown.length > 1 ? 's' : ''} ${unknown.map((s) => `"${s}"`).join(', ')}. ` +
        `Shapes: ${known.join(', ')}.`,
    );
  }
  const repeated = names.filter((s, i) => names.indexOf(s) !== i);
  if (repeated.length > 0) throw new UsageError(`${option}: "${repeated[0]}" is named twice.`);
  if (names.length < min) {
    throw new UsageError(`${option} needs at least ${min} shape${min > 1 ? 's' : ''} (got ${names.length}).`);
  }
  return names;
}
