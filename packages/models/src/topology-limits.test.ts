import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultCnn } from './architectures/default-cnn.js';
import { ModelFileError } from './errors/model-file-error.js';
import { FewShotClassifier } from './few-shot.js';
import { createMetadata } from './metadata.js';
import { loadCheckedLayers, loadModel } from './save-load.js';
import { teachableMachineFiles } from './teachable-machine/export-model.js';
import { teachableMachineLike } from './teachable-machine/test-tm-model.js';
import { saveToMemory } from './test-models.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// biome-ignore lint/suspicious/noExplicitAny: a test edits model.json as freely as a person with an editor would.
type Json = Record<string, any>;

/** The default CNN for 16x16 images as saveModel writes it, whose topology a test then edits like a file. */
async function saved(): Promise<tf.io.ModelArtifacts> {
  const model = createDefaultCnn({ classes: 3, inputSize: 16 });
  const artifacts = await saveToMemory(model, createMetadata(model, { classNames: ['a', 'b', 'c'] }));
  model.dispose();
  return artifacts;
}

/**
 * Loads `artifacts` with `edit` applied to a copy of their topology and metadata, and returns the error, checking
 * that tfjs allocated nothing: the refusal must come before any layer is built.
 */
async function refusal(
  artifacts: tf.io.ModelArtifacts,
  edit: (layers: Json[], metadata: Json, topology: Json) => void,
): Promise<ModelFileError> {
  const topology = structuredClone(artifacts.modelTopology) as Json;
  const userDefinedMetadata = structuredClone(artifacts.userDefinedMetadata) as Json;
  edit(topology.config.layers, userDefinedMetadata.shapes, topology);
  const tensors = tf.memory().numTensors;
  const error = await loadModel(
    tf.io.fromMemory({ ...artifacts, modelTopology: topology, userDefinedMetadata }),
    { where: 'm/model.json' },
  ).catch((e: unknown) => e);
  expect(tf.memory().numTensors).toBe(tensors);
  expect(error).toBeInstanceOf(ModelFileError);
  expect((error as ModelFileError).path).toBe('m/model.json');
  return error as ModelFileError;
}

const layer = (layers: Json[], name: string) => layers.find((l) => l.config.name === name)!;

describe('loadModel: limits on what a model file declares', () => {
  it('refuses an input over 512 pixels or of 2 channels, however the field is spelled', async () => {
    const artifacts = await saved();
    let error = await refusal(artifacts, (layers, metadata) => {
      layers[0]!.config.batch_input_shape = [null, 20000, 20000, 1];
      metadata.inputSize = 20000;
    });
    expect(error.message).toMatch(
      /^m\/model.json: layer "input_scale" \(Rescaling\) declares the input shape \[null,20000,20000,1\] \(batch_input_shape\); .* at most 512 pixels\. .*restore it or save the model again\.$/,
    );
    // tfjs reads camelCase keys too, and the last of two spellings wins.
    error = await refusal(artifacts, (layers) => {
      layers[0]!.config.batchInputShape = [null, 16, 16, 2];
    });
    expect(error.message).toMatch(/declares the input shape \[null,16,16,2\]/);
  });

  it('refuses a layer that would allocate more weights than the weights file holds, naming the field', async () => {
    const artifacts = await saved();
    let error = await refusal(artifacts, (layers) => {
      layer(layers, 'head_dense').config.units = 1e9;
    });
    expect(error.message).toMatch(
      /layer "head_dense" \(Dense\) would allocate 65000000000 weights \(units 1000000000 on 64 inputs\), .* the weights file holds only 64835 values/,
    );
    error = await refusal(artifacts, (layers) => {
      layer(layers, 'block4_conv').config.kernel_size = [4, 4000];
    });
    expect(error.message).toMatch(
      /layer "block4_conv" \(Conv2D\) .*kernel_size 4x4000, filters 64 on 64 channels/,
    );
  });

  it('counts what a layer allocates from the shapes flowing into it', async () => {
    // Flatten instead of global pooling: at 512x512 the dense layer's kernel would take 65536 x 64 weights.
    const error = await refusal(await saved(), (layers, metadata) => {
      layers[0]!.config.batch_input_shape = [null, 512, 512, 1];
      metadata.inputSize = 512;
      layer(layers, 'embedding').class_name = 'Flatten';
    });
    expect(error.message).toMatch(
      /layer "head_dense" \(Dense\) would allocate 4194368 weights \(units 64 on 65536/,
    );
  });

  it('refuses a layer output of more than 2^24 values per image', async () => {
    const error = await refusal(await saved(), (layers, metadata) => {
      layers[0]!.config.batch_input_shape = [null, 512, 512, 1];
      metadata.inputSize = 512;
      Object.assign(layer(layers, 'block1_conv').config, { filters: 300, strides: [1, 1] });
    });
    expect(error.message).toMatch(
      /layer "block1_conv" \(Conv2D\) would output \[512, 512, 300\], 78643200 values per image/,
    );
  });

  it('refuses layer classes whose allocation it cannot compute', async () => {
    const error = await refusal(await saved(), (layers) => {
      layer(layers, 'block1_pool').class_name = 'Conv3D';
    });
    expect(error.message).toMatch(
      /layer "block1_pool" \(Conv3D\): this loader cannot tell how much memory .* Dense, Conv2D/,
    );
  });

  it('checks functional models too, and still loads them', async () => {
    const input = tfl.input({ shape: [16, 16, 1], name: 'image' });
    const features = tfl.layers.conv2d({ name: 'conv', filters: 4, kernelSize: 3 }).apply(input);
    const pooled = tfl.layers.globalAveragePooling2d({ name: 'embedding' }).apply(features);
    const output = tfl.layers.dense({ name: 'out', units: 2, activation: 'softmax' }).apply(pooled);
    const model = tfl.model({ inputs: input, outputs: output as tfl.SymbolicTensor });
    const artifacts = await saveToMemory(model, createMetadata(model, { classNames: ['a', 'b'] }));
    const loaded = await loadModel(tf.io.fromMemory(artifacts));
    expect(loaded.model.getWeights().map((w) => w.shape)).toEqual(model.getWeights().map((w) => w.shape));
    loaded.model.dispose();

    let error = await refusal(artifacts, (layers, metadata) => {
      layer(layers, 'image').config.batch_input_shape = [null, 4096, 4096, 1];
      metadata.inputSize = 4096;
    });
    expect(error.message).toMatch(
      /layer "image" \(InputLayer\) declares the input shape \[null,4096,4096,1\]/,
    );
    error = await refusal(artifacts, (layers) => {
      layer(layers, 'out').config.units = 100_000;
    });
    expect(error.message).toMatch(
      /layer "out" \(Dense\) would allocate 500000 weights \(units 100000 on 4 inputs\)/,
    );
    model.dispose();
  });

  it('bounds the weights by the weight data too, not only by what the manifest claims', async () => {
    const artifacts = await saved();
    const weightSpecs = structuredClone(artifacts.weightSpecs)!;
    weightSpecs.find((w) => w.name === 'head_dense/kernel')!.shape = [64, 1_000_000];
    weightSpecs.find((w) => w.name === 'head_dense/bias')!.shape = [1_000_000];
    const error = await refusal({ ...artifacts, weightSpecs }, (layers) => {
      layer(layers, 'head_dense').config.units = 1_000_000;
    });
    expect(error.message).toMatch(
      /would allocate 65000000 weights .* the weights file holds only 259340 values/,
    );
  });

  it('checks a model loaded by URL as well', async () => {
    const artifacts = await saved();
    const modelTopology = structuredClone(artifacts.modelTopology) as Json;
    modelTopology.config.layers[0].config.batch_input_shape = [null, 20000, 20000, 1];
    const crafted = { ...artifacts, modelTopology };
    // A router answers null for URLs that are not its own, as tfjs's own routers do.
    tf.io.registerLoadRouter((url) =>
      typeof url === 'string' && url.startsWith('crafted://') ? tf.io.fromMemory(crafted) : (null as never),
    );
    const error = await loadModel('crafted://model.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    expect((error as Error).message).toMatch(
      /^crafted:\/\/model.json: layer "input_scale" .* at most 512 pixels/,
    );
  });

  it("checks Teachable Machine's nested layout and the layers of an export, and still loads them", async () => {
    const tm = teachableMachineLike(2, 32);
    const artifacts = await new Promise<tf.io.ModelArtifacts>((resolve) => {
      void tm.save(
        tf.io.withSaveHandler(async (a) => {
          resolve(a);
          return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
        }),
      );
    });
    const loaded = await loadCheckedLayers(tf.io.fromMemory(artifacts));
    expect(loaded.model.countParams()).toBe(tm.countParams());
    loaded.model.dispose();
    // A few-shot export: upsampling, average pooling, and a nested model of Dense, Reshape and Dot layers.
    const base = createDefaultCnn({ classes: 3, inputSize: 16, seed: 1 });
    const few = FewShotClassifier.fromExamples(
      base,
      { images: new Uint8Array(2 * 256).fill(9), shape: [2, 16, 16, 1], labels: [0, 1] },
      ['a', 'b'],
    );
    const files = await teachableMachineFiles(
      base,
      createMetadata(base, { classNames: ['x', 'y', 'z'], prototypes: few.toJSON() }),
      { imageSize: 56 },
    );
    const weightSpecs = files.modelJson.weightsManifest[0]!.weights;
    const exported = await loadCheckedLayers(
      tf.io.fromMemory({
        modelTopology: files.modelJson.modelTopology,
        weightSpecs,
        weightData: files.weights,
      }),
    );
    expect(exported.model.outputs[0]!.shape).toEqual([null, 2]);
    exported.model.dispose();
    base.dispose();

    const nested = (topology: Json) => topology.config.layers[0].config.layers[0].config.layers as Json[];
    const refuse = async (edit: (topology: Json) => void) => {
      const modelTopology = structuredClone(artifacts.modelTopology) as Json;
      edit(modelTopology);
      return loadCheckedLayers(tf.io.fromMemory({ ...artifacts, modelTopology }), {
        where: 'my_model',
      }).catch((e: unknown) => e as Error);
    };
    let error = await refuse((t) => {
      nested(t).find((l) => l.name === 'Conv1')!.config.filters = 100_000;
    });
    expect((error as Error).message).toMatch(/layer "Conv1" \(Conv2D\) would allocate 2700000 weights/);
    error = await refuse((t) => {
      t.config.layers[1].config.layers[0].config.batch_input_shape = [null, 9];
    });
    expect((error as Error).message).toMatch(
      /layer "dense_Dense1" \(Dense\) declares the input shape \[null,9\] \(batch_input_shape\) but takes \[8\]/,
    );
    error = await refuse((t) => {
      nested(t).find((l) => l.name === 'input_1')!.config.batch_input_shape = [null, 4096, 4096, 3];
    });
    expect((error as Error).message).toMatch(
      /declares the input shape \[null,4096,4096,3\] .* at most 512 pixels/,
    );
    tm.dispose();
  });
});
