import type { PixelArray } from '@shapes/data';
import * as tf from '@tensorflow/tfjs-core';

/**
 * A float32 NHWC tensor of images in [0, 1]: bytes are divided by 255, floats are used as they are, the scaling
 * every model here expects. The division runs in JavaScript (exact to float32 rounding), so the inputs are the
 * same bits on every backend.
 */
export function imagesToTensor(images: PixelArray, shape: [number, number, number, number]): tf.Tensor4D {
  if (images instanceof Float32Array) return tf.tensor4d(images, shape, 'float32');
  const scaled = new Float32Array(images.length);
  for (let i = 0; i < images.length; i++) scaled[i] = (images[i] as number) / 255;
  return tf.tensor4d(scaled, shape, 'float32');
}
