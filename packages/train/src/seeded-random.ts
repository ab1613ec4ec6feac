import { Rng } from '@shapes/data';

/**
 * Runs `fn` with `Math.random` drawing from a generator seeded with `seed`, then puts the original back.
 *
 * Why: tfjs's random ops (dropout masks among them) draw their own seed from `Math.random` when given none, and
 * giving dropout a fixed seed makes it repeat one mask on every step. Swapping `Math.random` around one
 * synchronous training step, with a seed derived from (run seed, epoch, batch), makes every step reproducible,
 * lets a resumed run draw exactly what an uninterrupted one would, and never lets other code (which may run
 * between our awaits) draw from our stream or see it.
 */
export function withSeededRandom<T>(seed: number, fn: () => T): T {
  const original = Math.random;
  const rng = new Rng(seed);
  Math.random = () => rng.float();
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}
