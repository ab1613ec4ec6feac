import { resizeImage, toChannels } from '@shapes/data';
import { describe, expect, it } from 'vitest';
import { imageBatchOf } from './model-input.js';

describe('imageBatchOf', () => {
  it("turns each source to the model's channels and size, as toChannels and resizeImage do", async () => {
    const rgba = new Uint8Array(10 * 6 * 4);
    for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 37) & 255;
    const gray = new Uint8Array(5 * 5).fill(200);
    const batch = await imageBatchOf(
      [
        { data: rgba, width: 10, height: 6, channels: 4 },
        { data: gray, width: 5, height: 5, channels: 1 },
      ],
      { inputSize: 4, channels: 1 },
    );
    expect(batch.shape).toEqual([2, 4, 4, 1]);
    const first = resizeImage(toChannels(rgba, 10, 6, 4, 1), 10, 6, 1, 4, 4);
    expect(Array.from(batch.images.subarray(0, 16))).toEqual(Array.from(first));
    expect(Array.from(batch.images.subarray(16))).toEqual(new Array(16).fill(200));
  });

  it('says which of several sources it cannot read', async () => {
    const good = { data: new Uint8Array(4), width: 2, height: 2, channels: 1 as const };
    await expect(
      imageBatchOf([good, good, { data: new Uint8Array(3), width: 2, height: 2, channels: 1 }], {
        inputSize: 2,
        channels: 1,
      }),
    ).rejects.toThrow(/^Image 3 of 3: classify got 2x2x1 pixels/);
  });
});
