import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { InvalidModelError } from './errors/invalid-model-error.js';
import { preprocessImages } from './preprocessing.js';

/**
 * Images in the one in-memory form of `@shapes/data` (a `Dataset` is one): NHWC pixels, bytes in [0, 255] or
 * floats in [0, 1].
 */
export interface ImageBatch {
  images: Uint8Array | Float32Array;
  shape: readonly [number, number, number, number];
}

/** Images of an {@link ImageBatch} with their class indices. */
export interface LabelledBatch extends ImageBatch {
  labels: ArrayLike<number>;
}

/** Images go through the model this many at a time, so memory stays flat however many there are. */
const CHUNK = 256;
// 128 MB of float32 for the largest layer's output over a chunk: memory stays bounded whatever the model's size.
const CHUNK_VALUES = 2 ** 25;

/**
 * Runs `fn` on the model's input tensor for each chunk of `batch` (prepared as the model's preprocessing says:
 * framed if it frames, bytes scaled to [0, 1]) and concatenates what it returns per image. `fn` runs inside
 * `tf.tidy`. Every inference of this package goes through here, so a model's preprocessing is never skipped;
 * `prepared` says the caller has already done it (`preprocessImages`), as test-time augmentation does.
 */
export function mapChunks(
  model: tfl.LayersModel,
  batch: ImageBatch,
  fn: (x: tf.Tensor4D) => tf.Tensor[],
  { prepared = false }: { prepared?: boolean } = {},
): Float32Array[] {
  checkBatch(model, batch);
  const [n, h, w, c] = batch.shape;
  const images = prepared ? batch.images : preprocessImages(model, batch).images;
  const per = h * w * c;
  const chunk = chunkSize(model);
  const parts: Float32Array[][] = [];
  for (let start = 0; start < n; start += chunk) {
    const m = Math.min(chunk, n - start);
    const pixels = images.subarray(start * per, (start + m) * per);
    const outs = tf.tidy(() => {
      const x =
        pixels instanceof Uint8Array
          ? tf.div(tf.tensor4d(pixels, [m, h, w, c], 'float32'), 255)
          : tf.tensor4d(pixels, [m, h, w, c]);
      return fn(x as tf.Tensor4D);
    });
    parts.push(outs.map((t) => t.dataSync() as Float32Array));
    tf.dispose(outs);
  }
  const k = parts[0]?.length ?? 0;
  return Array.from({ length: k }, (_, j) => concat(parts.map((p) => p[j] as Float32Array)));
}

/**
 * Images per chunk: {@link CHUNK}, fewer where a layer's output would make a chunk's activations pass
 * {@link CHUNK_VALUES} (the seed CNN at 256 pixels outputs 2 M values per image after its first convolution).
 */
function chunkSize(model: tfl.LayersModel): number {
  let largest = 1;
  for (const layer of model.layers) {
    const shapes = (
      Array.isArray(layer.outputShape[0]) ? layer.outputShape : [layer.outputShape]
    ) as tfl.Shape[];
    for (const shape of shapes) {
      largest = Math.max(
        largest,
        shape.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1),
      );
    }
  }
  return Math.max(1, Math.min(CHUNK, Math.floor(CHUNK_VALUES / largest)));
}

/**
 * Checks that `batch` fits `model`'s input and holds as many values as its shape says.
 *
 * @throws InvalidModelError naming the sizes and the fix.
 */
export function checkBatch(model: tfl.LayersModel, batch: ImageBatch): void {
  const [n, h, w, c] = batch.shape;
  const expected = model.inputs[0]?.shape;
  if (expected && (expected[1] !== h || expected[2] !== w || expected[3] !== c)) {
    throw new InvalidModelError(
      `The model takes ${expected[1]}x${expected[2]}x${expected[3]} images but got ${h}x${w}x${c}; resize them (readImageFolder's size and channels options do it).`,
    );
  }
  if (batch.images.length !== n * h * w * c) {
    throw new InvalidModelError(
      `images holds ${batch.images.length} values but shape [${batch.shape.join(', ')}] needs ${n * h * w * c}.`,
    );
  }
}

function concat(arrays: Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((s, a) => s + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}
