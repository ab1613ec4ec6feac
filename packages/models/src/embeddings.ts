import { dihedral } from '@shapes/data';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { EMBEDDING_LAYER } from './architectures/options.js';
import { InvalidModelError } from './errors/invalid-model-error.js';
import { checkBatch, type ImageBatch, mapChunks } from './image-batch.js';
import { preprocessImages } from './preprocessing.js';

/** What a classifier from this package computes for a set of images, each row-major per image. */
export interface ModelOutputs {
  /** `n x embeddingSize`: the feature vector of the layer named `embedding`. */
  embeddings: Float32Array;
  embeddingSize: number;
  /** `n x classes`: the scores before the softmax. */
  logits: Float32Array;
  /** `n x classes`: class probabilities. */
  probabilities: Float32Array;
  classes: number;
}

/** Options of {@link modelOutputs}. */
export interface OutputOptions {
  /**
   * Test-time augmentation: run each image in its 8 rotations and mirror images and average what comes out
   * (probabilities, logits and embeddings). 8 times the inference for a more stable answer on shapes, whose
   * class does not depend on orientation. Default: false.
   */
  tta?: boolean;
}

/**
 * Embeddings, logits and probabilities of `batch` in one pass. Logits are rebuilt from the output layer's
 * weights because the models end in a softmax, and the energy score needs what came before it.
 */
export function modelOutputs(
  model: tfl.LayersModel,
  batch: ImageBatch,
  { tta = false }: OutputOptions = {},
): ModelOutputs {
  if (!tta) return outputsOf(model, batch, false);
  checkBatch(model, batch);
  // Framed once, then turned: an eighth of the framing, for the same views (turning the ink turns its box, but
  // where the box's 0.5% quantiles tie).
  return averageViews(outputsOf(model, dihedralViews(preprocessImages(model, batch)), true), 8);
}

function outputsOf(model: tfl.LayersModel, batch: ImageBatch, prepared: boolean): ModelOutputs {
  const embedding = findLayer(model, EMBEDDING_LAYER);
  const last = model.layers.at(-1) as tfl.layers.Layer;
  const [kernel, bias] = last.getWeights();
  if (kernel?.shape.length !== 2) {
    throw new InvalidModelError('The model must end in a dense layer (a softmax over the classes).');
  }
  // tfjs mishandles a model listing one tensor twice, as when the embedding feeds the output layer directly.
  const e = embedding.output as tfl.SymbolicTensor;
  const h = last.input as tfl.SymbolicTensor;
  const inner = tfl.model({ inputs: model.inputs, outputs: h === e ? [e] : [e, h] });
  const [embeddings, logits] = mapChunks(
    model,
    batch,
    (x) => {
      // The chunk in one batch: predict's default of 32 slices it and joins the outputs again, which halves the
      // samples/s of the bench nets on wasm (256 images in batches of 32 against one batch).
      const out = inner.predict(x, { batchSize: x.shape[0] });
      const [e, h = e] = Array.isArray(out) ? out : [out];
      let z = tf.matMul(h as tf.Tensor2D, kernel as tf.Tensor2D);
      if (bias) z = tf.add(z, bias);
      return [e as tf.Tensor, z];
    },
    { prepared },
  ) as [Float32Array, Float32Array];
  const classes = kernel.shape[1] as number;
  const n = logits.length / classes;
  return {
    embeddings,
    embeddingSize: embeddings.length / n,
    logits,
    probabilities: softmaxRows(logits, classes),
    classes,
  };
}

/** The 8 symmetries of every image, image by image (views of image i at rows 8i to 8i+7). */
function dihedralViews(batch: ImageBatch): ImageBatch {
  const [n] = batch.shape;
  const views = dihedral({
    images: batch.images,
    labels: new Int32Array(n),
    classNames: [],
    shape: [...batch.shape],
    meta: { source: 'generator' },
  });
  return { images: views.images, shape: views.shape };
}

/** Means of each group of `k` consecutive images' outputs; probabilities are averaged, not re-normalised logits. */
function averageViews(outputs: ModelOutputs, k: number): ModelOutputs {
  const mean = (values: Float32Array, width: number) => {
    const n = values.length / width / k;
    const out = new Float32Array(n * width);
    for (let i = 0; i < n; i++) {
      for (let v = 0; v < k; v++) {
        for (let j = 0; j < width; j++) out[i * width + j] += (values[(i * k + v) * width + j] as number) / k;
      }
    }
    return out;
  };
  return {
    ...outputs,
    embeddings: mean(outputs.embeddings, outputs.embeddingSize),
    logits: mean(outputs.logits, outputs.classes),
    probabilities: mean(outputs.probabilities, outputs.classes),
  };
}

/** Embeddings alone (the layer named `embedding`), `n x size`, row-major. */
export function embed(model: tfl.LayersModel, batch: ImageBatch): { embeddings: Float32Array; size: number } {
  const embedding = findLayer(model, EMBEDDING_LAYER);
  const inner = tfl.model({ inputs: model.inputs, outputs: embedding.output as tfl.SymbolicTensor });
  const [embeddings] = mapChunks(model, batch, (x) => [
    inner.predict(x, { batchSize: x.shape[0] }) as tf.Tensor,
  ]) as [Float32Array];
  return { embeddings, size: embeddings.length / batch.shape[0] };
}

/** Index of the largest of each row of `classes` values (the first, on a tie): the predicted classes. */
export function argMaxRows(values: Float32Array, classes: number): Int32Array {
  const out = new Int32Array(values.length / classes);
  for (let i = 0; i < out.length; i++) {
    let best = 0;
    for (let j = 1; j < classes; j++) {
      if ((values[i * classes + j] as number) > (values[i * classes + best] as number)) best = j;
    }
    out[i] = best;
  }
  return out;
}

/** Softmax of each row of `classes` values. */
export function softmaxRows(values: Float32Array, classes: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < values.length; r += classes) {
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < classes; j++) max = Math.max(max, values[r + j] as number);
    let sum = 0;
    for (let j = 0; j < classes; j++) {
      const e = Math.exp((values[r + j] as number) - max);
      out[r + j] = e;
      sum += e;
    }
    for (let j = 0; j < classes; j++) out[r + j] = (out[r + j] as number) / sum;
  }
  return out;
}

function findLayer(model: tfl.LayersModel, name: string): tfl.layers.Layer {
  const layer = model.layers.find((l) => l.name === name);
  if (!layer) {
    throw new InvalidModelError(
      `The model has no layer named "${name}"; build it with createDefaultCnn or createSeedCnn, or name its feature layer so.`,
    );
  }
  return layer;
}
