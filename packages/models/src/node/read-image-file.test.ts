import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodePng } from '@shapes/data/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeImagePixels, readImageBatch, readImageFile } from './read-image-file.js';

let root: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'shapes-read-image-'));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const gray = Uint8Array.from({ length: 6 * 4 }, (_, i) => i * 10);

describe('readImageFile', () => {
  it('decodes a path and the same bytes alike', async () => {
    const bytes = encodePng(gray, 6, 4, 1);
    const file = path.join(root, 'six.png');
    await fs.writeFile(file, bytes);
    const expected = { data: gray, width: 6, height: 4, channels: 1 };
    expect(await readImageFile(file)).toEqual(expected);
    expect(await readImageFile(Buffer.from(bytes))).toEqual(expected);
    expect(await nodeImagePixels(file)).toEqual(expected);
    // Anything that is not a file goes to imagePixels.
    expect(await nodeImagePixels(expected as never)).toEqual(expected);
  });

  it('names a path that is missing, not a file, or not an image', async () => {
    await expect(readImageFile(path.join(root, 'nope.png'))).rejects.toThrow(
      /Image file ".*nope\.png" does not exist\. Check the path\./,
    );
    await expect(readImageFile(root)).rejects.toThrow(/is not a file\. Pass PNG or JPEG files\./);
    const notes = path.join(root, 'notes.png');
    await fs.writeFile(notes, 'hello');
    await expect(readImageFile(notes)).rejects.toThrow(/notes\.png" is not a PNG or JPEG file/);
    await expect(readImageFile(new Uint8Array([1, 2, 3]))).rejects.toThrow(
      /"image bytes" is not a PNG or JPEG file/,
    );
  });
});

describe('readImageBatch', () => {
  it('reads files and pixels into one batch at the model size', async () => {
    const file = path.join(root, 'batch.png');
    await fs.writeFile(file, encodePng(new Uint8Array(8 * 8).fill(90), 8, 8, 1));
    const batch = await readImageBatch(
      [file, { data: new Uint8Array(4 * 4 * 3).fill(30), width: 4, height: 4, channels: 3 }],
      {
        inputSize: 2,
        channels: 1,
      },
    );
    expect(batch.shape).toEqual([2, 2, 2, 1]);
    expect(Array.from(batch.images)).toEqual([90, 90, 90, 90, 30, 30, 30, 30]);
  });
});
