import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TrainerCallback } from '../callbacks/callback.js';
import { TRAINING_LOG_COLUMNS } from '../callbacks/training-log.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { denseModel, easyData } from '../test-fixtures.js';
import { Trainer } from '../trainer.js';
import { trainingLogFile } from './training-log-file.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const { train, val } = easyData();
const HEADER = TRAINING_LOG_COLUMNS.join(',');
const lines = (file: string) => readFileSync(file, 'utf8').split('\n');

/** A fit of `epochs` epochs, batches of 16 (6 a epoch), watched by `callbacks`. */
async function trainWith(callbacks: TrainerCallback[], epochs = 2, seed = 1) {
  const model = denseModel(seed);
  const trainer = new Trainer({ model, seed, batchSize: 16 });
  try {
    return await trainer.fit(train, { val, epochs, callbacks });
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

describe('trainingLogFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shapes-log-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the folder and file, writes the CSV header once, and appends the rows of later runs', async () => {
    const file = join(dir, 'logs', 'run.csv');
    const log = trainingLogFile(file);
    expect(existsSync(file)).toBe(false);
    const first = await trainWith([log]);
    expect(lines(file)).toEqual([
      HEADER,
      expect.stringMatching(/^epoch,0,,/),
      expect.stringMatching(/^epoch,1,,/),
      '',
    ]);
    expect(Number(lines(file)[2]!.split(',')[3])).toBe(first.history[1]!.loss);
    // The same logger again, then a new one on the same file (a resumed run): rows, no second header.
    await trainWith([log], 1);
    await trainWith([trainingLogFile(file)], 1);
    const all = lines(file);
    expect(all).toHaveLength(1 + 4 + 1);
    expect(all.filter((line) => line === HEADER)).toHaveLength(1);
    expect(all.slice(1, -1).every((line) => line.split(',').length === TRAINING_LOG_COLUMNS.length)).toBe(
      true,
    );
    expect(readdirSync(join(dir, 'logs'))).toEqual(['run.csv']);
  });

  it('has each line in the file, whole, before training goes on', async () => {
    const file = join(dir, 'run.jsonl');
    const seen: string[][] = [];
    // Runs after the log's own hooks: what it reads there is what a kill at that moment would leave.
    const reader: TrainerCallback = {
      onBatchEnd: () => void seen.push(lines(file)),
      onEpochEnd: () => void seen.push(lines(file)),
    };
    await trainWith([trainingLogFile(file, { batches: true }), reader], 1);
    expect(seen).toHaveLength(7);
    seen.forEach((snapshot, i) => {
      expect(snapshot).toHaveLength(i + 2);
      expect(snapshot.at(-1)).toBe('');
      const last = JSON.parse(snapshot.at(-2)!);
      expect(last).toMatchObject(i < 6 ? { kind: 'batch', epoch: 0, batch: i } : { kind: 'epoch', epoch: 0 });
    });
  });

  it('ends a line cut short by another writer before appending, and tags runs with fields', async () => {
    const file = join(dir, 'run.ndjson');
    writeFileSync(file, '{"kind":"epoch","epoch":0,"lo');
    await trainWith([trainingLogFile(file, { fields: { run: 'b' } })], 1);
    const all = lines(file);
    expect(all).toHaveLength(3);
    expect(all[0]).toBe('{"kind":"epoch","epoch":0,"lo');
    expect(JSON.parse(all[1]!)).toMatchObject({ run: 'b', kind: 'epoch', epoch: 0 });
  });

  // Counts the process's open files, which only Linux lists this way.
  it.skipIf(!existsSync('/proc/self/fd'))('closes the file however the run ends', async () => {
    const fds = () => readdirSync('/proc/self/fd').length;
    const before = fds();
    const file = join(dir, 'run.csv');
    const failing: TrainerCallback = {
      onEpochEnd: () => {
        throw new Error('boom');
      },
    };
    await expect(trainWith([trainingLogFile(file), failing])).rejects.toThrow('boom');
    expect(fds()).toBe(before);
    expect(lines(file)).toHaveLength(3);
  });

  it('refuses a CSV of other columns, an unknown extension and a contradicting format, naming the file', async () => {
    const other = join(dir, 'other.csv');
    writeFileSync(other, 'epoch,loss\n0,1\n');
    expect(() => trainingLogFile(other)).toThrow(/other\.csv" has other columns \("epoch,loss"\)/);
    expect(() => trainingLogFile(other, { fields: { run: 'a' } })).toThrow(InvalidArgumentError);
    // A header of the same columns and fields is fine: that is the file this logger writes.
    const tagged = join(dir, 'tagged.csv');
    writeFileSync(tagged, `run,${HEADER}\n`);
    await trainWith([trainingLogFile(tagged, { fields: { run: 'a' } })], 1);
    expect(lines(tagged)).toHaveLength(3);
    expect(() => trainingLogFile(join(dir, 'run.txt'))).toThrow(
      /cannot tell the format of ".*run\.txt" from its extension; name it \.jsonl or \.csv, or pass format/,
    );
    expect(trainingLogFile(join(dir, 'run.log'), { format: 'jsonl' })).toBeDefined();
    expect(() => trainingLogFile(join(dir, 'run.csv'), { format: 'jsonl' })).toThrow(
      /ends in \.csv, but format is 'jsonl'/,
    );
    expect(() => trainingLogFile('')).toThrow(/file must be a path/);
    expect(() => trainingLogFile(join(dir, 'run.csv'), { fields: { epoch: 3 } })).toThrow(
      /may not be named "epoch"/,
    );
  });
});
