import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultCnn } from './architectures/default-cnn.js';
import { InvalidModelError } from './errors/invalid-model-error.js';
import { ModelFileError } from './errors/model-file-error.js';
import { createMetadata } from './metadata.js';
import { loadModel, saveModel } from './save-load.js';
import { saveToMemory } from './test-models.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const small = (classes = 3) => createDefaultCnn({ classes, inputSize: 16 });
const classNames = ['circle', 'square', 'triangle'];

describe('saveModel / loadModel', () => {
  it('stores the metadata under userDefinedMetadata.shapes beside other keys, and loads it back', async () => {
    const model = small();
    model.setUserDefinedMetadata({ otherTool: { keep: true } });
    const metadata = createMetadata(model, {
      classNames,
      openSet: { method: 'softmax', threshold: 0.5, knownRate: 0.995 },
    });
    const artifacts = await saveToMemory(model, metadata);
    expect(artifacts.format).toBe('layers-model');
    expect(artifacts.userDefinedMetadata).toEqual({ otherTool: { keep: true }, shapes: metadata });

    const loaded = await loadModel(tf.io.fromMemory(artifacts));
    expect(loaded.metadata).toEqual(metadata);
    expect(loaded.model.getUserDefinedMetadata()).toEqual({ otherTool: { keep: true }, shapes: metadata });
    const x = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 1);
    const want = (model.predict(x) as tf.Tensor).arraySync();
    expect((loaded.model.predict(x) as tf.Tensor).arraySync()).toEqual(want);
    tf.dispose([x]);
    model.dispose();
    loaded.model.dispose();
  });

  it('refuses metadata that does not fit the model before anything is written', async () => {
    const model = small();
    const metadata = { ...createMetadata(model, { classNames }), classNames: ['a', 'b'] };
    let called = false;
    const handler = tf.io.withSaveHandler(async () => {
      called = true;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    });
    await expect(saveModel(model, handler, metadata)).rejects.toThrow(/names 2 classes/);
    expect(called).toBe(false);
    model.dispose();
  });

  it('refuses a loaded model whose metadata is missing or does not fit, naming where it came from', async () => {
    const model = small();
    const metadata = createMetadata(model, { classNames });
    const artifacts = await saveToMemory(model, metadata);

    const fourClasses = {
      ...artifacts,
      userDefinedMetadata: { shapes: { ...metadata, classNames: [...classNames, 'star'] } },
    };
    const error = await loadModel(tf.io.fromMemory(fourClasses), { where: 'models/a/model.json' }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(InvalidModelError);
    expect(error.message).toMatch(/^models\/a\/model.json: the metadata names 4 classes .* has 3 units/);

    const none = { ...artifacts, userDefinedMetadata: undefined };
    await expect(loadModel(tf.io.fromMemory(none), { where: 'm.json' })).rejects.toThrow(
      /^m.json has no @shapes metadata/,
    );

    const newer = { ...artifacts, userDefinedMetadata: { shapes: { ...metadata, formatVersion: 2 } } };
    await expect(loadModel(tf.io.fromMemory(newer))).rejects.toThrow(/formatVersion is 2/);
    model.dispose();
  });

  it('turns a topology tfjs cannot build into a ModelFileError naming the model', async () => {
    const model = small();
    const artifacts = await saveToMemory(model, createMetadata(model, { classNames }));
    const topology = JSON.parse(JSON.stringify(artifacts.modelTopology));
    topology.config.layers.at(-1).config.activation = 'no_such_activation';
    const error = await loadModel(tf.io.fromMemory({ ...artifacts, modelTopology: topology }), {
      where: 'bad/model.json',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error.path).toBe('bad/model.json');
    expect(error.message).toMatch(/^bad\/model.json: tfjs cannot load this layers model: .*noSuchActivation/);
    model.dispose();
  });
});
