/** A timed measurement: samples/s over the timed steps, and how many there were. */
export interface Timing {
  samplesPerSec: number;
  /** Timed steps (warm-up steps not counted). */
  steps: number;
  /** Warm-up steps run before timing. */
  warmupSteps: number;
}

/**
 * Samples/s of `step` (one batch of `batch` samples) over at least `seconds` and at least one step, after a
 * warm-up step, and a second one where steps are quick (one seed-CNN step can take ten seconds). `step` is
 * awaited, so it should read its result back as a training loop does.
 */
export async function timed(
  step: () => Promise<unknown>,
  { seconds, batch, now = () => performance.now() }: { seconds: number; batch: number; now?: () => number },
): Promise<Timing> {
  const w = now();
  await step();
  let warmupSteps = 1;
  if ((now() - w) / 1000 < seconds) {
    await step();
    warmupSteps++;
  }
  let steps = 0;
  const t0 = now();
  for (;;) {
    await step();
    steps++;
    const elapsed = (now() - t0) / 1000;
    if (elapsed >= seconds) {
      return { samplesPerSec: Math.round(((steps * batch) / elapsed) * 10) / 10, steps, warmupSteps };
    }
  }
}
