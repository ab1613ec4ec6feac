import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../errors/checkpoint-error.js';
import { FolderLockedError } from '../errors/folder-locked-error.js';
import {
  denseModel,
  easyData,
  KILLED_RUN,
  killedRunTrainer,
  tinyData,
  tinyModel,
  weightValues,
} from '../test-fixtures.js';
import { Trainer } from '../trainer.js';
import { checkpoints, hasCheckpoint, loadCheckpoint } from './checkpoint.js';
import { LOCK_FILE, lockFolder } from './folder-lock.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const child = path.join(root, '.test-build', 'checkpoint-child.js');
let tmp: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'shapes-train-ckpt-'));
  // Node 20 cannot run TypeScript: bundle the child's script (our sources; packages stay imports).
  await build({
    entry: { 'checkpoint-child': path.join(root, 'src/node/checkpoint-child.fixture.ts') },
    outDir: path.join(root, '.test-build'),
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    config: false,
    dts: false,
    clean: false,
    sourcemap: false,
    splitting: false,
    skipNodeModulesBundle: true,
    silent: true,
  });
});

afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** Resolves once `file` exists; rejects if the process exits first. */
async function waitFor(file: string, proc: ChildProcess, output: () => string): Promise<void> {
  let exited = false;
  proc.once('exit', () => {
    exited = true;
  });
  while (!existsSync(file)) {
    if (exited) throw new Error(`The child exited before ${file} appeared:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('checkpoints', () => {
  it('survive a SIGKILL: the resumed run ends with the weights of an uninterrupted one', async () => {
    const dir = path.join(tmp, 'killed');
    const marker = path.join(tmp, 'killed.marker');
    const proc = spawn(process.execPath, [child, dir, marker], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout?.on('data', (d) => (output += d));
    proc.stderr?.on('data', (d) => (output += d));
    const exited = new Promise((resolve) => proc.once('exit', (_code, signal) => resolve(signal)));
    await waitFor(marker, proc, () => output);
    proc.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const { train, val } = tinyData(KILLED_RUN.perClass, KILLED_RUN.dataSeed);
    const ckpt = await loadCheckpoint(dir);
    expect(ckpt.state.history.map((h) => h.epoch)).toEqual([0, 1]);
    expect(ckpt.metadata.classNames).toEqual(train.classNames);
    const resumed = killedRunTrainer(ckpt.model);
    const result = await resumed.fit(train, {
      val,
      epochs: KILLED_RUN.epochs,
      resume: ckpt.resume,
      callbacks: [checkpoints({ dir })],
    });
    ckpt.dispose();
    expect(result.history.map((h) => h.epoch)).toEqual([0, 1, 2, 3]);

    const model = tinyModel(KILLED_RUN.modelSeed);
    const whole = killedRunTrainer(model);
    const reference = await whole.fit(train, { val, epochs: KILLED_RUN.epochs });
    expect(result.history).toEqual(reference.history);
    expect(weightValues(ckpt.model)).toEqual(weightValues(model));

    const last = await loadCheckpoint(dir);
    expect(last.state.history).toHaveLength(4);
    expect(weightValues(last.model)).toEqual(weightValues(model));
    for (const d of [last, ckpt]) d.model.dispose();
    last.dispose();
    resumed.dispose();
    whole.dispose();
    model.dispose();
  }, 60_000);

  it('write best only on improvement, and a save cut short between its renames loses nothing', async () => {
    const dir = path.join(tmp, 'best');
    const { train, val } = easyData();
    const model = denseModel(1);
    const trainer = new Trainer({
      model,
      seed: 1,
      batchSize: 16,
      learningRate: { rate: (e) => (e < 1 ? 1e-2 : 5) },
    });
    const saver = checkpoints({ dir });
    await trainer.fit(train, { val, epochs: 3, callbacks: [saver] });
    expect(saver.bestEpoch).toBe(0);
    const best = await loadCheckpoint(dir, 'best');
    expect(best.state.history).toHaveLength(1);
    expect(best.state.monitor).toBe('valLoss');
    const bestWeights = weightValues(best.model);
    best.dispose();
    best.model.dispose();

    // The state after `rename(last, .last.old)` and before `rename(tmp, last)`, plus a killed save's leftovers.
    await fs.rename(path.join(dir, 'last'), path.join(dir, '.last.old'));
    expect(hasCheckpoint(dir)).toBe(true);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    await fs.mkdir(path.join(dir, `.last.tmp-${dead}-dead`));
    // A live run's temporary folder (pid 1 always runs): cleaning up must never touch it.
    await fs.mkdir(path.join(dir, '.last.tmp-1-live'));
    const recovered = await loadCheckpoint(dir);
    expect(recovered.state.history).toHaveLength(3);
    // Resuming from `last` brings the best epoch's weights along for early stopping.
    expect(recovered.resume.best?.epoch).toBe(0);
    expect(recovered.resume.best?.weights.map((w) => w.dataSync())).toEqual(bestWeights);
    recovered.dispose();
    recovered.model.dispose();

    await trainer.fit(train, { val, epochs: 4, callbacks: [checkpoints({ dir })] });
    expect((await fs.readdir(dir)).sort()).toEqual(['.last.tmp-1-live', 'best', 'last']);
    trainer.dispose();
    model.dispose();
  });

  it('refuse to resume with another optimizer or batch size, and say what is missing', async () => {
    const dir = path.join(tmp, 'mismatch');
    const { train } = easyData();
    const model = denseModel(2);
    const trainer = new Trainer({ model, seed: 1, batchSize: 16 });
    await trainer.fit(train, { epochs: 1, callbacks: [checkpoints({ dir })] });
    trainer.dispose();
    const ckpt = await loadCheckpoint(dir);
    const sgd = new Trainer({ model: ckpt.model, batchSize: 16, optimizer: (r) => tf.train.sgd(r) });
    await expect(sgd.fit(train, { epochs: 2, resume: ckpt.resume })).rejects.toThrow(
      /used the Adam optimizer, this trainer makes SGD/,
    );
    const other = new Trainer({ model: ckpt.model, batchSize: 8 });
    await expect(other.fit(train, { epochs: 2, resume: ckpt.resume })).rejects.toThrow(/batchSize 16/);
    ckpt.dispose();
    ckpt.model.dispose();
    model.dispose();
    expect(hasCheckpoint(path.join(tmp, 'nothing'))).toBe(false);
    await expect(loadCheckpoint(path.join(tmp, 'nothing'))).rejects.toThrow(CheckpointError);
  });

  it('lock their folder for the run: a second run on it is refused, and the lock is gone after', async () => {
    const dir = path.join(tmp, 'locked');
    const { train } = easyData();
    const model = denseModel(3);
    const trainer = new Trainer({ model, seed: 1, batchSize: 16 });
    const held = lockFolder(dir, 'another run');
    await expect(trainer.fit(train, { epochs: 1, callbacks: [checkpoints({ dir })] })).rejects.toThrow(
      FolderLockedError,
    );
    held.release();
    await trainer.fit(train, { epochs: 1, callbacks: [checkpoints({ dir })] });
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    trainer.dispose();
    model.dispose();
  });
});
