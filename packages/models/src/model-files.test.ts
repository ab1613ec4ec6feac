import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultCnn } from './architectures/default-cnn.js';
import { createMetadata } from './metadata.js';
import { modelFiles } from './model-files.js';
import { loadModel } from './save-load.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('modelFiles', () => {
  it("gives a browser download's two files: the .json naming ./<name>.weights.bin, the metadata inside", async () => {
    const model = createDefaultCnn({ classes: 2, inputSize: 16, seed: 1 });
    const metadata = createMetadata(model, { classNames: ['yes', 'no'] });
    const files = await modelFiles(model, metadata, { name: 'shapes-model' });
    expect(files.names).toEqual({ modelJson: 'shapes-model.json', weights: 'shapes-model.weights.bin' });
    expect(files.modelJson.weightsManifest).toEqual([
      { paths: ['./shapes-model.weights.bin'], weights: expect.any(Array) },
    ]);
    expect(files.modelJson.userDefinedMetadata).toEqual({ shapes: metadata });
    const { weights: specs } = files.modelJson.weightsManifest[0]!;
    const { modelTopology, userDefinedMetadata } = files.modelJson;
    const loaded = await loadModel(
      tf.io.fromMemory({ modelTopology, userDefinedMetadata, weightSpecs: specs, weightData: files.weights }),
    );
    expect(loaded.metadata).toEqual(metadata);
    loaded.model.dispose();
    expect((await modelFiles(model, metadata)).names.modelJson).toBe('model.json');
    await expect(modelFiles(model, metadata, { name: '../x' })).rejects.toThrow(
      /a file name without a folder/,
    );
    model.dispose();
  });
});
