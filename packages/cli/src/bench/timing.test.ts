import { describe, expect, it } from 'vitest';
import { timed } from './timing.js';

/** A clock that moves `ms` per step. */
function fakeSteps(ms: number) {
  let t = 0;
  let calls = 0;
  return {
    now: () => t,
    step: async () => {
      calls++;
      t += ms;
    },
    calls: () => calls,
  };
}

describe('timed', () => {
  it('warms up twice on quick steps, then times for the seconds asked', async () => {
    const f = fakeSteps(100); // 0.1 s a step
    const r = await timed(f.step, { seconds: 1, batch: 32, now: f.now });
    expect(r).toEqual({ samplesPerSec: 320, steps: 10, warmupSteps: 2 });
    expect(f.calls()).toBe(12);
  });

  it('warms up once, and times one step at least, when a step is longer than the seconds', async () => {
    const f = fakeSteps(4000);
    const r = await timed(f.step, { seconds: 1, batch: 16, now: f.now });
    expect(r).toEqual({ samplesPerSec: 4, steps: 1, warmupSteps: 1 });
    expect(f.calls()).toBe(2);
  });
});
