import { createDataset } from '@shapes/data';
import { createDefaultCnn, createMetadata, type ModelMetadata } from '@shapes/models';
import { selectBackend } from '@shapes/runtime';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRANSFER_DEFAULTS } from './defaults.js';
import { runTransfer } from './run-transfer.js';

// The default CNN is 64x64: wasm keeps these runs to seconds. An untrained base is enough to check the workflow's
// wiring; how well transfer does is measured by `pnpm bench transfer`.
let base: { model: tfl.LayersModel; metadata: ModelMetadata };
beforeAll(async () => {
  await selectBackend({ backend: 'wasm', threads: 1 });
  const model = createDefaultCnn({ classes: 3, seed: 1 });
  base = { model, metadata: createMetadata(model, { classNames: ['circle', 'square', 'triangle'] }) };
});

const examples = () => createDataset({ shapes: ['star', 'pentagon'], perClass: 2, seed: 5 });
const validation = (shapes = ['star', 'pentagon']) => createDataset({ shapes, perClass: 12, seed: 6 });

describe('runTransfer', () => {
  it('trains a head with the defaults: outliers, the base check and a calibrated rule in the metadata', async () => {
    const run = await runTransfer({ base, examples: examples(), validation: validation(), headSamples: 64 });
    expect(run.method).toBe('transfer');
    expect(run.freeze).toBe(TRANSFER_DEFAULTS.freeze);
    expect(run.outliers).toBe(TRANSFER_DEFAULTS.outliers);
    expect(run.noBaseCheck).toBeNull();
    expect(run.metadata.classNames).toEqual(['star', 'pentagon']);
    expect(run.metadata.openSet).toMatchObject({ knownRate: TRANSFER_DEFAULTS.knownRate, tta: true });
    expect(run.metadata.openSet?.base).toBeDefined();
    expect(run.classifier.predict(validation())).toHaveLength(24);
    run.model.dispose();
  });

  it('trains no outliers and drops the base check when the calibration images miss a new class', async () => {
    const run = await runTransfer({
      base,
      examples: examples(),
      validation: { ...validation(['star']), classNames: ['star', 'pentagon'] },
      headSamples: 64,
    });
    expect(run.outliers).toBe(0);
    expect(run.noBaseCheck).toMatch(/pentagon|calibration|class/);
    expect(run.metadata.openSet?.base).toBeUndefined();
    run.model.dispose();
  });

  it('builds a prototype head without training, its threshold set on the calibration images', async () => {
    const run = await runTransfer({
      base,
      examples: examples(),
      validation: validation(),
      method: 'prototype',
    });
    expect(run.model).toBe(base.model);
    expect(run.freeze).toBeNull();
    expect(run.classifier.head).toBe('prototypes');
    expect(run.classifier.classNames).toEqual(['star', 'pentagon']);
    const kept = run.classifier.predict(validation()).filter((p) => !p.unknown).length;
    expect(kept / 24).toBeGreaterThanOrEqual(TRANSFER_DEFAULTS.knownRate - 1 / 24);
  });

  it('refuses what cannot work, naming it', async () => {
    const proto = await runTransfer({
      base,
      examples: examples(),
      validation: validation(),
      method: 'prototype',
    });
    await expect(
      runTransfer({ base: proto, examples: examples(), validation: validation() }),
    ).rejects.toThrow(/few-shot model/);
    await expect(
      runTransfer({ base, examples: examples(), validation: validation(), method: 'prototype', outliers: 5 }),
    ).rejects.toThrow(/prototype head trains nothing/);
    const rgb = createDefaultCnn({ classes: 3, inputSize: 32, channels: 3, seed: 1 });
    const rgbBase = { model: rgb, metadata: createMetadata(rgb, { classNames: ['a', 'b', 'c'] }) };
    await expect(
      runTransfer({ base: rgbBase, examples: examples(), validation: validation(), outliers: 10 }),
    ).rejects.toThrow(/64x64 gray/);
    rgb.dispose();
  });
});
