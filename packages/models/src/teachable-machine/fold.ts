import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidModelError } from '../errors/invalid-model-error.js';
import { MAX_INPUT_SIZE } from '../limits.js';

/**
 * Teachable Machine's loaders feed `byte / 127 - 1` (its `capture`), so a pixel is `127 * (x + 1)` bytes: the
 * scale and offset that turn what they feed back into the [0, 1] (`byte / 255`) @shapes models take.
 */
export const TM_TO_UNIT = { scale: 127 / 255, offset: 127 / 255 } as const;

/** The gray of an RGB pixel, as `toChannels` of `@shapes/data` makes it (ITU-R BT.601 luma). */
export const LUMA = [0.299, 0.587, 0.114] as const;

/** An affine map `scale * x + offset`, the same for every channel (a `Rescaling` layer's parameters). */
export interface Affine {
  scale: number;
  offset: number;
}

/**
 * How an `imageSize`-pixel side becomes `inputSize` pixels with standard layers: `UpSampling2D` by `up` (nearest),
 * then `AveragePooling2D` by `down`. Together they average each output pixel over exactly the source area it
 * covers, as `resizeImage` of `@shapes/data` does when it shrinks an image.
 */
export interface ResizeSteps {
  up: number;
  down: number;
}

/** Upsampling beyond this makes the intermediate image too large (side x up, squared) for what it buys. */
const MAX_UP = 4;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The {@link ResizeSteps} from `imageSize` down to `inputSize` (both 1 when they are equal).
 *
 * @throws InvalidModelError when `imageSize` is not an integer from `inputSize` to {@link MAX_INPUT_SIZE}, or
 *   the ratio would need more than a 4x upsampling (224 to 64 needs 2, then a 7x7 average).
 */
export function resizeSteps(imageSize: number, inputSize: number): ResizeSteps {
  if (!Number.isInteger(imageSize) || imageSize < inputSize || imageSize > MAX_INPUT_SIZE) {
    throw new InvalidModelError(
      `imageSize must be an integer from the model's input size, ${inputSize}, to ${MAX_INPUT_SIZE} (got ` +
        `${imageSize}); 224 is what Teachable Machine and ml5 feed.`,
    );
  }
  const g = gcd(imageSize, inputSize);
  const steps = { up: inputSize / g, down: imageSize / g };
  if (steps.up > MAX_UP) {
    throw new InvalidModelError(
      `imageSize ${imageSize} cannot be resized to the model's ${inputSize} pixels by standard tfjs layers ` +
        `(it would take a ${steps.up}x upsampling, then a ${steps.down}x${steps.down} average). Pick a size ` +
        `whose ratio to ${inputSize} is simpler, such as ${inputSize}, ${inputSize * 2}, or 224.`,
    );
  }
  return steps;
}

/**
 * The layers that take what a Teachable Machine loader feeds (`imageSize` x `imageSize` RGB as `byte / 127 - 1`)
 * to what a model's layers after its own `Rescaling` (`affine`, or none) expect, at `inputSize` pixels and
 * `channels` channels: one 1x1 convolution, `tm_pixels`, that undoes the scaling, turns RGB into gray (for
 * `channels` 1) and applies `affine`, all linear maps that fold into one; then the resize of
 * {@link resizeSteps}, which commutes with them because an average of a constant is that constant. Standard
 * layers only, all present since tfjs 1.0, so the tfjs that Teachable Machine's own page loads can run them.
 *
 * The layers come unbuilt: call {@link setPixelWeights} on the first once they are in a model. Names in `taken`
 * get a suffix (`tm_pixels_1`).
 */
export function pixelLayers(
  imageSize: number,
  inputSize: number,
  channels: 1 | 3,
  taken: ReadonlySet<string> = new Set(),
): tfl.layers.Layer[] {
  const { up, down } = resizeSteps(imageSize, inputSize);
  // A model exported, imported and exported again already holds these names; tfjs wants each once.
  const name = (base: string) => {
    let candidate = base;
    for (let i = 1; taken.has(candidate); i++) candidate = `${base}_${i}`;
    return candidate;
  };
  return [
    tfl.layers.conv2d({
      name: name('tm_pixels'),
      inputShape: [imageSize, imageSize, 3],
      filters: channels,
      kernelSize: 1,
    }),
    ...(up > 1 ? [tfl.layers.upSampling2d({ name: name('tm_upsample'), size: [up, up] })] : []),
    ...(down > 1 ? [tfl.layers.averagePooling2d({ name: name('tm_downsample'), poolSize: down })] : []),
  ];
}

/**
 * Sets the weights of the `tm_pixels` layer of {@link pixelLayers}: for channel `c` of the output,
 * `affine(sum_k w[k][c] * unit(x_k))` with `unit` the inverse of Teachable Machine's scaling ({@link TM_TO_UNIT})
 * and `w` the {@link LUMA} weights (gray) or the identity (RGB).
 */
export function setPixelWeights(layer: tfl.layers.Layer, channels: 1 | 3, affine: Affine): void {
  const mix = channels === 1 ? LUMA.map((w) => [w]) : [0, 1, 2].map((i) => [0, 1, 2].map((j) => +(i === j)));
  const gain = affine.scale * TM_TO_UNIT.scale;
  const kernel = mix.map((row) => row.map((w) => w * gain));
  // Each output channel's weights sum to 1, so TM_TO_UNIT's offset passes through them unchanged.
  const bias = Array.from({ length: channels }, () => affine.scale * TM_TO_UNIT.offset + affine.offset);
  tf.tidy(() => layer.setWeights([tf.tensor4d(kernel.flat(), [1, 1, 3, channels]), tf.tensor1d(bias)]));
}
