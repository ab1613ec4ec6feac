import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ImageSourceError } from '../errors/image-source-error.js';
import { type ImageSource, imagePixels } from './image-source.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// A 3x2 RGB picture.
const rgb = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90]);

describe('imagePixels', () => {
  it('takes { data, width, height, channels } and ImageData (RGBA) as they are', async () => {
    expect(await imagePixels({ data: rgb, width: 3, height: 2, channels: 3 })).toEqual({
      data: rgb,
      width: 3,
      height: 2,
      channels: 3,
    });
    // What a canvas's getImageData returns; Node has no ImageData class, the shape is what counts.
    const imageData = {
      data: new Uint8ClampedArray(3 * 2 * 4).fill(7),
      width: 3,
      height: 2,
      colorSpace: 'srgb',
    };
    const read = await imagePixels(imageData as unknown as ImageData);
    expect(read).toMatchObject({ width: 3, height: 2, channels: 4 });
    expect(read.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(read.data)).toEqual(new Array(24).fill(7));
  });

  it('reads byte tensors, [0, 1] float tensors and a leading batch of one to the same bytes', async () => {
    const hwc = tf.tensor3d(rgb, [2, 3, 3], 'int32');
    const unit = tf.div(tf.tensor3d(rgb, [2, 3, 3], 'float32'), 255);
    const floatBytes = tf.tensor4d(rgb, [1, 2, 3, 3], 'float32');
    for (const tensor of [hwc, unit, floatBytes]) {
      expect(await imagePixels(tensor)).toEqual({ data: rgb, width: 3, height: 2, channels: 3 });
    }
    tf.dispose([hwc, unit, floatBytes]);
  });

  it('rejects what it cannot read with a message that names the problem', async () => {
    const cases: [unknown, RegExp][] = [
      ['photo.png', /file paths are read by classify of @shapes\/models\/node/],
      [42, /classify takes a canvas, .*; got number/],
      [null, /got null/],
      [{ foo: 1 }, /got an object with keys foo/],
      [new Uint8Array(12), /Uint8Array alone, which says nothing of the image's size/],
      [
        { data: rgb, width: 3, height: 3, channels: 3 },
        /3x3x3 pixels, which need 27 bytes, but data holds 18/,
      ],
      [{ data: rgb, width: 3, height: 2, channels: 2 }, /1, 3 or 4 channels; got 2/],
      [{ data: [1, 2, 3], width: 1, height: 1, channels: 3 }, /data as a Uint8Array of bytes; got an array/],
      [tf.zeros([2, 4, 4, 1]), /got \[2, 4, 4, 1\]\. For several images, pass an array/],
      [tf.zeros([4, 4]), /\[height, width, channels\].*got \[4, 4\]/],
      [tf.zeros([4, 4, 2]), /with 1, 3 or 4 channels; got \[4, 4, 2\]/],
      [tf.tensor3d([true], [1, 1, 1], 'bool'), /int32 or float32 tensor of pixels; got bool/],
      [new Blob([rgb], { type: 'image/png' }), /cannot decode the file here \(no createImageBitmap\)/],
    ];
    for (const [source, message] of cases) {
      const error = await imagePixels(source as ImageSource).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImageSourceError);
      expect((error as Error).message).toMatch(message);
    }
    const disposed = tf.zeros([2, 2, 1]);
    disposed.dispose();
    await expect(imagePixels(disposed)).rejects.toThrow(/tensor that has been disposed/);
  });
});
