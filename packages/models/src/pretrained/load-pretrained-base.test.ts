import { createDataset } from '@shapes/data';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultCnn } from '../architectures/default-cnn.js';
import { classifierOf } from '../classifier.js';
import { createMetadata } from '../metadata.js';
import { setPreprocessing } from '../preprocessing.js';
import { loadPretrainedBase, pretrainedArtifacts } from './load-pretrained-base.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('loadPretrainedBase', () => {
  it('loads the base that ships, with its classes, recipe and figures, and it answers shapes it knows', async () => {
    const { model, metadata } = await loadPretrainedBase();
    expect(metadata.classNames).toEqual(['circle', 'square', 'triangle']);
    expect(metadata.preprocessing).toEqual({ scale: 'unit', frame: 'ink', normalize: 'ink' });
    expect(metadata.openSet?.method).toBeDefined();
    for (const name of ['star', 'pentagon', 'hexagon']) expect(metadata.classNames).not.toContain(name);
    expect(metadata.provenance?.dataset).toMatchObject({ shapes: ['circle', 'square', 'triangle'] });
    expect(metadata.provenance?.measured).toMatchObject({ command: 'pnpm bench looks --base pretrained' });
    const known = createDataset({ shapes: metadata.classNames, perClass: 10, seed: 77 });
    const predictions = classifierOf(model, metadata).predict(known);
    const right = predictions.filter((p, i) => p.index === known.labels[i]).length;
    expect(right).toBeGreaterThanOrEqual(29);
    model.dispose();
  });

  it('writes artifacts that load back into the same model and metadata', async () => {
    const model = createDefaultCnn({ classes: 2, inputSize: 16, seed: 3 });
    setPreprocessing(model, { scale: 'unit', frame: 'ink', normalize: 'ink' });
    const metadata = createMetadata(model, { classNames: ['a', 'b'] });
    const artifacts = await pretrainedArtifacts(model, metadata);
    expect(typeof artifacts.weightData).toBe('string');
    const back = JSON.parse(JSON.stringify(artifacts));
    const bytes = Uint8Array.from(atob(back.weightData), (c) => c.charCodeAt(0));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory({ ...back, weightData: bytes.buffer }));
    const x = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 5);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(
      Array.from((model.predict(x) as tf.Tensor).dataSync()),
    );
    expect((back.userDefinedMetadata as { shapes: unknown }).shapes).toEqual(metadata);
    model.dispose();
    loaded.dispose();
  });
});
