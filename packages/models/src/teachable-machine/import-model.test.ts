import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultCnn } from '../architectures/default-cnn.js';
import { classifierOf } from '../classifier.js';
import { embed } from '../embeddings.js';
import { InvalidModelError } from '../errors/invalid-model-error.js';
import { createMetadata } from '../metadata.js';
import { loadModel } from '../save-load.js';
import { saveToMemory } from '../test-models.js';
import { transfer } from '../transfer.js';
import { teachableMachineFiles } from './export-model.js';
import { fromTeachableMachine, loadTeachableMachine } from './import-model.js';
import { teachableMachineLike, teachableMachineMetadata } from './test-tm-model.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const labels = ['Class 1', 'Class 2', 'Class 3'];

/** `n` RGB images of random bytes at `size` pixels, seeded. */
function rgbImages(n: number, size: number, seed: number) {
  const values = tf.tidy(() => tf.randomUniform([n, size, size, 3], 0, 256, 'int32', seed).dataSync());
  return { images: Uint8Array.from(values), shape: [n, size, size, 3] as [number, number, number, number] };
}

/** What Teachable Machine's model gets for `images`: `byte / 127 - 1`. */
function tmOutputs(model: tfl.LayersModel, images: Uint8Array, shape: number[]): number[][] {
  return tf.tidy(() => {
    const x = tf.sub(tf.div(tf.tensor(images, shape, 'float32'), 127), 1);
    return (model.predict(x) as tf.Tensor).arraySync() as number[][];
  });
}

/** Saves `model` as Teachable Machine's export does, in memory, and loads it back as tfjs would. */
async function savedAndLoaded(model: tfl.LayersModel) {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }),
  );
  return artifacts!;
}

describe('fromTeachableMachine', () => {
  it("answers as Teachable Machine's model does, with its labels and no unknown", () => {
    const tm = teachableMachineLike(3, 32);
    const { model, metadata } = fromTeachableMachine(tm, teachableMachineMetadata(labels, 32));
    expect(metadata).toMatchObject({
      classNames: labels,
      inputSize: 32,
      channels: 3,
      preprocessing: { scale: 'unit' },
      architecture: 'teachable-machine',
      provenance: { createdAt: '2024-03-01T10:00:00.000Z', library: '@shapes/models@0.1.0' },
    });
    expect(metadata.provenance?.notes).toMatch(/"tm-my-image-model", made by 2\.4\.7, .*\(byte \/ 127 - 1/);
    expect(metadata.openSet).toBeUndefined();
    expect(model.layers.map((l) => l.name)).toEqual([
      'tm_input_scale',
      'model1',
      'global_average_pooling2d_GlobalAveragePooling2D1',
      'dense_Dense1',
      'embedding',
      'dense_Dense2',
    ]);
    const batch = rgbImages(5, 32, 1);
    const want = tmOutputs(tm, batch.images, batch.shape);
    const classifier = classifierOf(model, metadata);
    expect(classifier.openSet).toBe(false);
    classifier.predict(batch).forEach((p, i) => {
      expect(p.unknown).toBe(false);
      expect(p.label).toBe(labels[want[i]!.indexOf(Math.max(...want[i]!))]);
      p.probabilities.forEach((v, c) => {
        expect(v).toBeCloseTo(want[i]![c]!, 5);
      });
    });
    // The embedding is what its last dense layer reads: a base to transfer from.
    expect(embed(model, batch).size).toBe(12);
    const moved = transfer(model, { classes: 2 });
    expect(moved.outputs[0]!.shape).toEqual([null, 2]);
    moved.dispose();
    model.dispose();
    tm.dispose();
  });

  it('loads through the file checks (nested models, depthwise convolutions, residual adds) and saves as ours', async () => {
    const tm = teachableMachineLike(2, 32);
    const artifacts = await savedAndLoaded(tm);
    const loaded = await loadTeachableMachine(
      tf.io.fromMemory(artifacts),
      teachableMachineMetadata(['cat', 'dog'], 32),
      { where: 'my_model' },
    );
    const batch = rgbImages(3, 32, 2);
    const want = tmOutputs(tm, batch.images, batch.shape);
    const first = classifierOf(loaded.model, loaded.metadata).predict(batch);
    // Saved in the @shapes format, it loads back with its metadata and answers the same.
    const ours = await saveToMemory(loaded.model, loaded.metadata);
    const again = await loadModel(tf.io.fromMemory(ours));
    const second = classifierOf(again.model, again.metadata).predict(batch);
    for (const [i, p] of first.entries()) {
      expect(Array.from(p.probabilities)).toEqual(Array.from(second[i]!.probabilities));
      expect(p.probabilities[0]).toBeCloseTo(want[i]![0]!, 5);
    }
    for (const m of [tm, loaded.model, again.model]) m.dispose();
  });

  it('takes a grayscale Teachable Machine model as one channel', () => {
    const tm = teachableMachineLike(2, 16, 1);
    const { model, metadata } = fromTeachableMachine(tm, {
      ...teachableMachineMetadata(['a', 'b'], 16),
      grayscale: true,
    });
    expect(metadata.channels).toBe(1);
    expect(model.inputs[0]!.shape).toEqual([null, 16, 16, 1]);
    model.dispose();
    tm.dispose();
  });

  it('refuses metadata that does not fit the model, naming both files', () => {
    const tm = teachableMachineLike(3, 32);
    const refuse = (metadata: unknown) => () => fromTeachableMachine(tm, metadata, 'my_model');
    expect(refuse(teachableMachineMetadata(['a', 'b'], 32))).toThrow(
      /^my_model: metadata.json names 2 labels \(a, b\) but the model has 3 outputs\. .* export the model again\.$/,
    );
    expect(refuse(teachableMachineMetadata(labels, 64))).toThrow(
      /my_model: metadata.json says images are 64x64 RGB, but the model takes \[null, 32, 32, 3\]/,
    );
    expect(refuse({ ...teachableMachineMetadata(labels, 32), grayscale: true })).toThrow(/32x32 gray/);
    expect(refuse({ ...teachableMachineMetadata(labels, 32), labels: ['a', 'a', 'b'] })).toThrow(
      /my_model: metadata.json: labels name "a" twice/,
    );
    expect(refuse({ labels: 'a,b,c' })).toThrow(/labels must be a non-empty array of class names/);
    expect(refuse({ ...teachableMachineMetadata(labels, 32), imageSize: 5000 })).toThrow(InvalidModelError);
    tm.dispose();
  });

  it('refuses a model that does not end in a dense softmax', () => {
    const plain = tfl.sequential({
      layers: [
        tfl.layers.flatten({ inputShape: [4, 4, 3] }),
        tfl.layers.dense({ units: 2, activation: 'sigmoid' }),
      ],
    });
    expect(() => fromTeachableMachine(plain, teachableMachineMetadata(['a', 'b'], 4))).toThrow(
      /ends in a Dense layer, not a dense softmax layer/,
    );
    plain.dispose();
  });
});

describe('Teachable Machine export and import', () => {
  it('gives back the model it exported, with its classes', async () => {
    const model = createDefaultCnn({ classes: 3, inputSize: 16, channels: 3, seed: 9 });
    const metadata = createMetadata(model, { classNames: ['circle', 'square', 'star'] });
    const files = await teachableMachineFiles(model, metadata, { imageSize: 16 });
    const loaded = await loadTeachableMachine(
      tf.io.fromMemory({
        modelTopology: files.modelJson.modelTopology,
        weightSpecs: files.modelJson.weightsManifest[0]!.weights,
        weightData: files.weights,
      }),
      files.metadata,
    );
    expect(loaded.metadata.classNames).toEqual(['circle', 'square', 'star']);
    // Our embedding layer is kept as the one transfer learning uses.
    expect(loaded.model.layers.filter((l) => l.name === 'embedding')).toHaveLength(1);
    const batch = rgbImages(4, 16, 3);
    const want = classifierOf(model, metadata).predict(batch);
    classifierOf(loaded.model, loaded.metadata)
      .predict(batch)
      .forEach((p, i) => {
        expect(p.label).toBe(want[i]!.label);
        p.probabilities.forEach((v, c) => {
          expect(v).toBeCloseTo(want[i]!.probabilities[c]!, 5);
        });
      });
    // Exported again and imported again: the same answers, under layer names of its own.
    const twice = await teachableMachineFiles(loaded.model, loaded.metadata, { imageSize: 32 });
    const again = await loadTeachableMachine(
      tf.io.fromMemory({
        modelTopology: twice.modelJson.modelTopology,
        weightSpecs: twice.modelJson.weightsManifest[0]!.weights,
        weightData: twice.weights,
      }),
      twice.metadata,
    );
    expect(again.model.layers.map((l) => l.name).slice(0, 5)).toEqual([
      'tm_input_scale',
      'tm_pixels_1',
      'tm_downsample',
      'tm_pixels',
      'block1_conv',
    ]);
    const wide = tf.tidy(() =>
      Uint8Array.from(
        tf.image.resizeNearestNeighbor(tf.tensor4d(batch.images, [4, 16, 16, 3]), [32, 32]).dataSync(),
      ),
    );
    classifierOf(again.model, again.metadata)
      .predict({ images: wide, shape: [4, 32, 32, 3] })
      .forEach((p, i) => {
        p.probabilities.forEach((v, c) => {
          expect(v).toBeCloseTo(want[i]!.probabilities[c]!, 4);
        });
      });
    model.dispose();
    loaded.model.dispose();
    again.model.dispose();
  });
});
