import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { denseModel, easyData } from '../test-fixtures.js';
import { Trainer } from '../trainer.js';
import type { TrainContext } from './callback.js';
import { csvLine, TRAINING_LOG_COLUMNS, type TrainingLogOptions, trainingLog } from './training-log.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const { train, val } = easyData();
const TIMING = { seconds: 1.5, samplesPerSecond: 56 };

/** The fields of one CSV line, quotes undone (enough of RFC 4180 for one line without line breaks). */
function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else field += c;
  }
  return [...fields, field];
}

/** A fit of 2 epochs, batches of 16 (84 training images: 6 batches, the last of 4), into a fresh logger. */
async function fitInto(options: TrainingLogOptions, epochs = 2) {
  const lines: string[] = [];
  const log = trainingLog({ write: (line) => void lines.push(line), ...options });
  const model = denseModel(1);
  const trainer = new Trainer({ model, seed: 1, batchSize: 16, learningRate: 1e-2 });
  const { history } = await trainer.fit(train, { val, epochs, callbacks: [log] });
  return { lines, log, history, model, trainer };
}

describe('trainingLog', () => {
  it('writes a JSON line per epoch, in order, with the epoch logs and timing, and no batch rows by default', async () => {
    const { lines, log, history, model, trainer } = await fitInto({});
    expect(lines).toHaveLength(2);
    const rows = lines.map((line) => JSON.parse(line));
    rows.forEach((row, e) => {
      expect(Object.keys(row)).toEqual([
        'kind',
        'epoch',
        'loss',
        'accuracy',
        'valLoss',
        'valAccuracy',
        'rate',
        'seconds',
        'samplesPerSecond',
        'time',
      ]);
      expect(row).toMatchObject({ kind: 'epoch', ...history[e] });
      expect(row.seconds).toBeGreaterThan(0);
      expect(row.samplesPerSecond).toBeGreaterThan(0);
      expect(Date.parse(row.time)).not.toBeNaN();
    });
    // With a sink, the rows are the sink's alone.
    expect(log.rows).toEqual([]);
    trainer.dispose();
    model.dispose();
  });

  it('writes the CSV header once, then a row per batch and per epoch, quoting a field that needs it', async () => {
    const run = 'lr 1e-2, "quick"';
    const { lines, log, history, model, trainer } = await fitInto({
      format: 'csv',
      batches: true,
      fields: { run, seed: 1 },
    });
    const header = ['run', 'seed', ...TRAINING_LOG_COLUMNS];
    expect(lines[0]).toBe(header.join(','));
    // 2 epochs of 6 batch rows and an epoch row.
    expect(lines).toHaveLength(1 + 2 * 7);
    const rows = lines.slice(1).map((line) => {
      const values = parseCsvLine(line);
      expect(values).toHaveLength(header.length);
      return Object.fromEntries(header.map((name, i) => [name, values[i]]));
    });
    expect(rows.map((r) => `${r.kind} ${r.epoch} ${r.batch}`)).toEqual(
      [0, 1].flatMap((e) => [...[0, 1, 2, 3, 4, 5].map((b) => `batch ${e} ${b}`), `epoch ${e} `]),
    );
    expect(lines[1]).toMatch(/^"lr 1e-2, ""quick""",1,batch,0,0,/);
    for (const r of rows) {
      expect(r.run).toBe(run);
      expect(Number(r.loss)).toBeGreaterThan(0);
      expect(Number(r.accuracy)).toBeGreaterThanOrEqual(0);
      expect(Number(r.accuracy)).toBeLessThanOrEqual(1);
    }
    const epochRows = rows.filter((r) => r.kind === 'epoch');
    epochRows.forEach((r, e) => {
      const h = history[e]!;
      expect([r.loss, r.accuracy, r.valLoss, r.valAccuracy, r.rate].map(Number)).toEqual([
        h.loss,
        h.accuracy,
        h.valLoss,
        h.valAccuracy,
        h.rate,
      ]);
    });
    // A batch row leaves the validation and the epoch's seconds empty.
    expect([rows[0]!.valLoss, rows[0]!.valAccuracy, rows[0]!.seconds]).toEqual(['', '', '']);

    // The same logger watching another fit adds rows, not a second header.
    const again = new Trainer({ model, seed: 2, batchSize: 16 });
    await again.fit(train, { epochs: 1, callbacks: [log] });
    expect(lines).toHaveLength(1 + 3 * 7);
    expect(lines.filter((line) => line === lines[0])).toHaveLength(1);
    again.dispose();
    trainer.dispose();
    model.dispose();
  });

  it('collects rows when given no sink', async () => {
    const lines: string[] = [];
    const log = trainingLog({ batches: true });
    const model = denseModel(1);
    const trainer = new Trainer({ model, seed: 1, batchSize: 16 });
    await trainer.fit(train, {
      epochs: 1,
      callbacks: [log, trainingLog({ write: (l) => void lines.push(l) })],
    });
    expect(log.rows.map((r) => r.kind)).toEqual([...Array(6).fill('batch'), 'epoch']);
    expect(log.rows.slice(0, 6).map((r) => r.batch)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(log.rows[6]).toEqual(JSON.parse(lines[0]!));
    trainer.dispose();
    model.dispose();
  });

  it('leaves out what is missing, writes NaN as null in JSON and NaN in CSV', async () => {
    const ctx = { epochs: 1 } as TrainContext;
    const logs = { epoch: 0, loss: Number.NaN, accuracy: Number.NaN, rate: 0.001 };
    const json: string[] = [];
    await trainingLog({ write: (l) => void json.push(l) }).onEpochEnd?.(logs, ctx, TIMING);
    const row = JSON.parse(json[0]!);
    expect(row).toMatchObject({ kind: 'epoch', epoch: 0, loss: null, rate: 0.001, seconds: 1.5 });
    expect(row).not.toHaveProperty('accuracy');
    expect(row).not.toHaveProperty('valLoss');
    const csv: string[] = [];
    await trainingLog({ format: 'csv', header: false, write: (l) => void csv.push(l) }).onEpochEnd?.(
      logs,
      ctx,
      TIMING,
    );
    expect(csv).toHaveLength(1);
    expect(csv[0]).toMatch(/^epoch,0,,NaN,,,,0.001,1.5,56,\d{4}-\d\d-\d\dT[\d:.]+Z$/);
  });

  it('quotes CSV values with commas, quotes or line breaks, and only those', () => {
    expect(csvLine(['a', 'b c', 'd,e', 'say "hi"', 'two\nlines', ''])).toBe(
      'a,b c,"d,e","say ""hi""","two\nlines",',
    );
  });

  it('waits for an async sink, and a failing write fails the run', async () => {
    const model = denseModel(1);
    const trainer = new Trainer({ model, seed: 1, batchSize: 16 });
    const order: string[] = [];
    const slow = trainingLog({
      write: async (line) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push(`row ${JSON.parse(line).epoch}`);
      },
    });
    await trainer.fit(train, {
      epochs: 2,
      callbacks: [slow, { onEpochBegin: (e) => void order.push(`begin ${e}`) }],
    });
    expect(order).toEqual(['begin 0', 'row 0', 'begin 1', 'row 1']);
    const full = trainingLog({
      write: () => {
        throw new Error('disk full');
      },
    });
    await expect(trainer.fit(train, { epochs: 2, callbacks: [full] })).rejects.toThrow('disk full');
    trainer.dispose();
    model.dispose();
  });

  it('names a bad option', () => {
    const bad = (options: unknown) => () => trainingLog(options as TrainingLogOptions);
    expect(bad({ format: 'tsv' })).toThrow(/format must be 'jsonl' or 'csv', got "tsv"/);
    expect(bad({ write: 'out.csv' })).toThrow(/write must be a function/);
    expect(bad({ batches: 'yes' })).toThrow(/batches must be true or false/);
    expect(bad({ fields: { loss: 1 } })).toThrow(/fields may not be named "loss"/);
    expect(bad({ fields: { run: { id: 1 } } })).toThrow(/field "run" must be a string, number or boolean/);
    expect(bad({ fields: ['run'] })).toThrow(InvalidArgumentError);
  });
});
