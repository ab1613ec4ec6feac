import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, tempDir } from '../test/run-cli.js';

// Small runs that still cross three epochs, their checkpoints, calibration and the final save.
const RUN = ['--per-class', '40', '--outliers', '0', '--epochs', '3', '--no-tta', '-q'];
const KILLS = 20;

/** Whether two model folders hold the same weights, byte for byte. */
function sameWeights(a: string, b: string): boolean {
  return readFileSync(path.join(a, 'weights.bin')).equals(readFileSync(path.join(b, 'weights.bin')));
}

/** Resumes a run as a user would after a kill: --resume, or the original command when nothing had started. */
async function finish(dir: string, args: readonly string[]) {
  const resumed = await runCli(['train', '--out', dir, '--resume', '--epochs', '3', '-q']);
  if (resumed.code === 0 || !resumed.stderr.includes('no training run to resume')) return resumed;
  return runCli(['train', '--out', dir, ...args]);
}

describe('shapes train, interrupted', () => {
  let root: string;
  let reference: string;
  let seconds: number;

  beforeAll(async () => {
    root = tempDir();
    reference = path.join(root, 'reference');
    const started = performance.now();
    const run = await runCli(['train', '--out', reference, ...RUN]);
    seconds = (performance.now() - started) / 1000;
    expect(run.code, run.stderr).toBe(0);
  });

  it(`ends with the uninterrupted run's weights after a kill -9 at any of ${KILLS} random moments`, async () => {
    // Seeded, so a failure names a moment that can be replayed; spread over the whole run, start to save.
    let state = 20_241_204;
    const random = () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state / 2 ** 32;
    };
    const moments = Array.from({ length: KILLS }, () => random() * seconds);
    const one = async (at: number, i: number) => {
      const dir = path.join(root, `killed-${i}`);
      const live = startCli(['train', '--out', dir, ...RUN]);
      const timer = setTimeout(() => live.child.kill('SIGKILL'), at * 1000);
      const killed = await live.done;
      clearTimeout(timer);
      if (killed.code !== 0) {
        const finished = await finish(dir, RUN);
        // Killed after its model was saved, the run is complete and says so.
        const complete = finished.code === 0 || finished.stderr.includes('trained 3 epochs already');
        expect(complete, `killed at ${at.toFixed(2)} s:\n${finished.stderr}`).toBe(true);
      }
      expect(sameWeights(dir, reference), `killed at ${at.toFixed(2)} s`).toBe(true);
      expect(existsSync(path.join(dir, '.shapes.lock'))).toBe(false);
    };
    // Two at a time: the machine has two cores, and each run is mostly start-up.
    for (let i = 0; i < moments.length; i += 2) {
      await Promise.all(moments.slice(i, i + 2).map((at, k) => one(at, i + k)));
    }
  });

  it('says to start over when stopped in the first epoch, and the command it prints does', async () => {
    const dir = path.join(root, 'first-epoch');
    // Enough images that the first epoch lasts several seconds after the data is made, on kernels fast enough
    // to train 400 per class within the 1.5 s this waits.
    const args = ['--per-class', '4000', '--outliers', '0', '--epochs', '2', '--no-tta'];
    const live = startCli(['train', '--out', dir, ...args]);
    await live.waitFor(/generating/);
    await new Promise((r) => setTimeout(r, 1500));
    live.child.kill('SIGINT');
    const stopped = await live.done;
    expect(stopped.code, stopped.stderr).toBe(130);
    const printed = /Start over with: (shapes train .*)$/m.exec(stopped.stderr)?.[1];
    expect(printed, stopped.stderr).toBe(`shapes train --out ${dir} --resume --epochs 2`);
    const again = await runCli([...(printed as string).split(' ').slice(1), '-q']);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'model.json'))).toBe(true);
  });

  it('finishes an extended run that was stopped after training, before its model was saved', async () => {
    const dir = path.join(root, 'extended');
    const oneEpoch = RUN.map((arg, i) => (RUN[i - 1] === '--epochs' ? '1' : arg));
    expect((await runCli(['train', '--out', dir, ...oneEpoch])).code).toBe(0);
    const live = startCli(['train', '--out', dir, '--resume', '--epochs', '3', '--no-tta']);
    await live.waitFor(/calibrating/);
    live.child.kill('SIGKILL');
    await live.done;
    const finished = await runCli(['train', '--out', dir, '--resume', '--epochs', '3']);
    expect(finished.code, finished.stderr).toBe(0);
    expect(finished.stderr).toContain('finishing the run');
    const saved = JSON.parse(readFileSync(path.join(dir, 'checkpoints', 'run.json'), 'utf8'));
    expect(saved.savedEpochs).toBe(3);
    expect(sameWeights(dir, path.join(dir, 'checkpoints', 'last', 'model'))).toBe(true);
    // And the extension then counts as done.
    const again = await runCli(['train', '--out', dir, '--resume', '--epochs', '3']);
    expect(again.stderr).toContain('trained 3 epochs already');
  });

  it('leaves no run behind when training fails before its first epoch, so the same command works again', async () => {
    const dir = path.join(root, 'failed');
    // A learning rate that makes the loss non-finite at once.
    const failed = await runCli(['train', '--out', dir, ...RUN, '--learning-rate', '1e30']);
    expect(failed.code).not.toBe(0);
    expect(existsSync(path.join(dir, 'checkpoints', 'run.json'))).toBe(false);
    const again = await runCli(['train', '--out', dir, ...RUN]);
    expect(again.code, again.stderr).toBe(0);
  });
});
