import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import jpeg from 'jpeg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { ImageFolderError } from '../errors/image-folder-error.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import type { Dataset } from '../types.js';
import { readImageFolder, readImageFolderManifest, writeImageFolder } from './image-folder.js';
import { encodePng } from './png.js';

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'shapes-image-folder-'));
  temps.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(temps.map((d) => fs.rm(d, { recursive: true, force: true })));
});

/** A small dataset whose pixels encode (image, pixel), so any reordering or mix-up shows. */
function smallDataset(): Dataset<Uint8Array> {
  const [n, h, w, c] = [5, 3, 4, 1];
  const images = new Uint8Array(n * h * w * c);
  for (let i = 0; i < images.length; i++) images[i] = (i * 7) % 256;
  return {
    images,
    labels: Int32Array.from([1, 0, 1, 2, 1]),
    classNames: ['square', 'circle', 'triangle'],
    shape: [n, h, w, c],
    meta: { source: 'generator', generatorVersion: 1, preset: 'tiny', seed: 42, params: { size: 4 } },
  };
}

async function writeFile(file: string, bytes: Uint8Array | string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, bytes);
}

async function expectFolderError(promise: Promise<unknown>, where: string, pattern: RegExp): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImageFolderError);
  expect((err as ImageFolderError).path).toBe(where);
  expect((err as Error).message).toContain(where);
  expect((err as Error).message).toMatch(pattern);
}

describe('writeImageFolder', () => {
  it('writes class folders, per-class numbering and the manifest', async () => {
    const root = path.join(await tempDir(), 'out');
    const ds = smallDataset();
    await writeImageFolder(ds, root);

    expect((await fs.readdir(root)).sort()).toEqual(['circle', 'manifest.json', 'square', 'triangle']);
    expect((await fs.readdir(path.join(root, 'circle'))).sort()).toEqual(['0.png', '1.png', '2.png']);
    expect(await fs.readdir(path.join(root, 'square'))).toEqual(['0.png']);
    expect(await fs.readdir(path.join(root, 'triangle'))).toEqual(['0.png']);
    // No temporary folder is left beside the output.
    expect(await fs.readdir(path.dirname(root))).toEqual(['out']);

    const manifest = JSON.parse(await fs.readFile(path.join(root, 'manifest.json'), 'utf8'));
    expect(manifest).toEqual({
      format: 'shapes-image-folder',
      version: 1,
      classNames: ['square', 'circle', 'triangle'],
      counts: { square: 1, circle: 3, triangle: 1 },
      shape: [5, 3, 4, 1],
      meta: ds.meta,
    });
    expect(await readImageFolderManifest(root)).toEqual(manifest);
  });

  it('round-trips pixels and labels exactly, keeping the manifest order of classes', async () => {
    const root = path.join(await tempDir(), 'rt');
    const ds = smallDataset();
    await writeImageFolder(ds, root);
    const back = await readImageFolder(root);

    expect(back.classNames).toEqual(ds.classNames);
    expect(back.shape).toEqual(ds.shape);
    expect(back.meta).toEqual({
      source: 'image-folder',
      root,
      files: ['square/0.png', 'circle/0.png', 'circle/1.png', 'circle/2.png', 'triangle/0.png'],
    });
    // Images come back grouped by class, in write order within each class.
    const order = [1, 0, 2, 4, 3];
    const size = 3 * 4;
    expect(Array.from(back.labels)).toEqual(order.map((i) => ds.labels[i]));
    order.forEach((src, dst) => {
      expect(Array.from(back.images.subarray(dst * size, (dst + 1) * size))).toEqual(
        Array.from(ds.images.subarray(src * size, (src + 1) * size)),
      );
    });
  });

  it('writes RGB datasets and converts float pixels with clamp(round(v * 255))', async () => {
    const root = path.join(await tempDir(), 'float');
    const images = Float32Array.from([0, 0.5, 1, -0.2, 1.7, 0.1]);
    await writeImageFolder(
      {
        images,
        labels: Int32Array.from([0]),
        classNames: ['a'],
        shape: [1, 1, 2, 3],
        meta: { source: 'generator' },
      },
      root,
    );
    const back = await readImageFolder(root, { channels: 3 });
    expect(Array.from(back.images)).toEqual([0, 128, 255, 0, 255, 26]);
    const asFloat = await readImageFolder(root, { channels: 3, pixelType: 'float32' });
    expect(asFloat.images).toBeInstanceOf(Float32Array);
    expect(asFloat.images[2]).toBe(1);
    expect(asFloat.images[1]).toBeCloseTo(128 / 255, 6);
  });

  it('refuses a non-empty folder unless overwrite is set', async () => {
    const root = path.join(await tempDir(), 'busy');
    await writeFile(path.join(root, 'keep.txt'), 'precious');
    await expectFolderError(
      writeImageFolder(smallDataset(), root),
      root,
      /not empty.*overwrite: true.*another folder/,
    );
    expect(await fs.readFile(path.join(root, 'keep.txt'), 'utf8')).toBe('precious');
  });

  it('with overwrite, refuses a folder it did not write (a project) and deletes nothing', async () => {
    const root = path.join(await tempDir(), 'project');
    await writeFile(path.join(root, 'src', 'main.c'), 'int main(void) { return 0; }\n');
    await expectFolderError(
      writeImageFolder(smallDataset(), root, { overwrite: true }),
      path.join(root, 'src'),
      /was not written by writeImageFolder \(".*project" has no valid manifest\.json\), and overwrite only replaces an image folder that writeImageFolder wrote\. Move it out of ".*project", or choose another folder\.$/,
    );
    expect(await fs.readFile(path.join(root, 'src', 'main.c'), 'utf8')).toContain('int main');
    expect(await fs.readdir(root)).toEqual(['src']);
    expect(await fs.readdir(path.dirname(root))).toEqual(['project']);
  });

  it('with overwrite, replaces a folder it wrote, with its contact sheet and OS litter', async () => {
    const root = path.join(await tempDir(), 'again');
    await writeImageFolder(smallDataset(), root);
    await writeFile(path.join(root, 'contact-sheet.png'), encodePng(new Uint8Array(1), 1, 1, 1));
    await writeFile(path.join(root, '.DS_Store'), 'x');
    await writeFile(path.join(root, 'circle', 'Thumbs.db'), 'x');

    const next = { ...smallDataset(), classNames: ['a', 'b', 'c'] };
    await writeImageFolder(next, root, { overwrite: true });
    expect((await fs.readdir(root)).sort()).toEqual(['a', 'b', 'c', 'manifest.json']);
    expect((await readImageFolderManifest(root))?.classNames).toEqual(['a', 'b', 'c']);
    expect(await fs.readdir(path.dirname(root))).toEqual(['again']);
  });

  it('with overwrite, refuses a folder it wrote once something else was added, naming it', async () => {
    const cases = [
      ['circle/notes.txt', 'circle/notes.txt'],
      ['circle/photo.png', 'circle/photo.png'],
      ['circle/sub/0.png', 'circle/sub'],
      ['extra/0.png', 'extra'],
      ['README.md', 'README.md'],
    ];
    for (const [extra, first] of cases) {
      const root = path.join(await tempDir(), 'data');
      await writeImageFolder(smallDataset(), root);
      const file = path.join(root, ...extra.split('/'));
      await writeFile(file, 'mine');
      const named = path.join(root, ...first.split('/'));
      await expectFolderError(
        writeImageFolder(smallDataset(), root, { overwrite: true }),
        named,
        /was not written by writeImageFolder, and overwrite only replaces an image folder that writeImageFolder wrote/,
      );
      expect(await fs.readFile(file, 'utf8')).toBe('mine');
      expect(existsSync(path.join(root, 'manifest.json'))).toBe(true);
    }
  });

  it('writes into an existing empty folder and creates missing parents', async () => {
    const base = await tempDir();
    await fs.mkdir(path.join(base, 'empty'));
    await writeImageFolder(smallDataset(), path.join(base, 'empty'));
    await writeImageFolder(smallDataset(), path.join(base, 'a', 'b', 'c'));
    expect(existsSync(path.join(base, 'empty', 'manifest.json'))).toBe(true);
    expect(existsSync(path.join(base, 'a', 'b', 'c', 'circle', '0.png'))).toBe(true);
  });

  it('refuses a path that is a file', async () => {
    const file = path.join(await tempDir(), 'file');
    await writeFile(file, 'x');
    await expectFolderError(
      writeImageFolder(smallDataset(), file, { overwrite: true }),
      file,
      /not a folder/,
    );
  });

  it('leaves nothing behind when the dataset is invalid or writing fails', async () => {
    const base = await tempDir();
    const ds = smallDataset();
    await expect(
      writeImageFolder({ ...ds, labels: Int32Array.from([0, 0, 0, 0, 9]) }, path.join(base, 'x')),
    ).rejects.toThrow(InvalidOptionError);
    await expect(
      writeImageFolder({ ...ds, classNames: ['a', '../b', 'c'] }, path.join(base, 'x')),
    ).rejects.toThrow(/cannot be a folder name/);
    await expect(
      writeImageFolder({ ...ds, classNames: ['a', 'a', 'c'] }, path.join(base, 'x')),
    ).rejects.toThrow(/twice/);
    await expect(writeImageFolder({ ...ds, shape: [5, 3, 4, 3] }, path.join(base, 'x'))).rejects.toThrow(
      /needs 180/,
    );
    // A JSON-incompatible meta makes the manifest step fail after the images were written.
    const badMeta = { ...ds, meta: { source: 'generator' as const, params: { big: 1n } } };
    await expect(writeImageFolder(badMeta, path.join(base, 'x'))).rejects.toThrow(/BigInt/);
    expect(await fs.readdir(base)).toEqual([]);
  });
});

describe('readImageFolder', () => {
  it('reads mixed PNG/JPEG, any case, sorts classes and files naturally, ignores extras', async () => {
    const root = await tempDir();
    const gray = (v: number) => encodePng(new Uint8Array(4).fill(v), 2, 2, 1);
    await writeFile(path.join(root, 'b', '10.png'), gray(10));
    await writeFile(path.join(root, 'b', '2.PNG'), gray(2));
    await writeFile(path.join(root, 'b', '1.png'), gray(1));
    const rgba = new Uint8Array(16).fill(30);
    await writeFile(
      path.join(root, 'a', 'x.JPEG'),
      jpeg.encode({ data: rgba, width: 2, height: 2 }, 100).data,
    );
    await writeFile(path.join(root, 'a', 'notes.txt'), 'ignored');
    await writeFile(path.join(root, 'a', '.hidden.png'), 'ignored, not even decoded');
    await writeFile(path.join(root, '.cache', '0.png'), gray(99));
    await writeFile(path.join(root, 'manifest.json'), '{}');
    await writeFile(path.join(root, 'README.md'), 'ignored');

    const ds = await readImageFolder(root);
    expect(ds.classNames).toEqual(['a', 'b']);
    expect(ds.meta.files).toEqual(['a/x.JPEG', 'b/1.png', 'b/2.PNG', 'b/10.png']);
    expect(Array.from(ds.labels)).toEqual([0, 1, 1, 1]);
    expect(ds.shape).toEqual([4, 2, 2, 1]);
    expect(ds.images).toBeInstanceOf(Uint8Array);
    for (const v of ds.images.subarray(0, 4)) expect(Math.abs(v - 30)).toBeLessThanOrEqual(2);
    expect(Array.from(ds.images.subarray(4))).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 10, 10, 10, 10]);
  });

  it('converts RGBA to gray over white and resizes to the requested size', async () => {
    const root = await tempDir();
    // 4x4 RGBA: left half opaque black ink, right half transparent.
    const rgba = new Uint8Array(4 * 4 * 4);
    for (let y = 0; y < 4; y++) for (let x = 0; x < 2; x++) rgba[(y * 4 + x) * 4 + 3] = 255;
    await writeFile(path.join(root, 'ink', '0.png'), encodePng(rgba, 4, 4, 4));

    const full = await readImageFolder(root);
    expect(Array.from(full.images)).toEqual([0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255, 255]);
    const small = await readImageFolder(root, { size: 2 });
    expect(small.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(small.images)).toEqual([0, 255, 0, 255]);
    const wide = await readImageFolder(root, { size: [1, 2], channels: 3 });
    expect(wide.shape).toEqual([1, 1, 2, 3]);
    expect(Array.from(wide.images)).toEqual([0, 0, 0, 255, 255, 255]);
  });

  it('requires size when images differ in size, and then resizes them all', async () => {
    const root = await tempDir();
    await writeFile(path.join(root, 'c', '0.png'), encodePng(new Uint8Array(4).fill(50), 2, 2, 1));
    const big = path.join(root, 'c', '1.png');
    await writeFile(big, encodePng(new Uint8Array(9).fill(70), 3, 3, 1));
    await expectFolderError(readImageFolder(root), big, /3x3 but .*0\.png" is 2x2\. Pass size/);
    const ds = await readImageFolder(root, { size: 3 });
    expect(Array.from(ds.images)).toEqual([...new Array(9).fill(50), ...new Array(9).fill(70)]);
  });

  it('uses the given classNames order and rejects folders it does not name', async () => {
    const root = await tempDir();
    for (const c of ['x', 'y'])
      await writeFile(path.join(root, c, '0.png'), encodePng(new Uint8Array(1), 1, 1, 1));
    const ds = await readImageFolder(root, { classNames: ['y', 'x'] });
    expect(ds.classNames).toEqual(['y', 'x']);
    expect(ds.meta.files).toEqual(['y/0.png', 'x/0.png']);
    await expectFolderError(
      readImageFolder(root, { classNames: ['y'] }),
      path.join(root, 'x'),
      /not in classNames.*Add it/,
    );
    await expectFolderError(
      readImageFolder(root, { classNames: ['x', 'y', 'z'] }),
      path.join(root, 'z'),
      /classNames lists "z".*no class folder/,
    );
  });

  it('reports a missing root, a file root, and a root without class folders', async () => {
    const base = await tempDir();
    const missing = path.join(base, 'nope');
    await expectFolderError(readImageFolder(missing), missing, /does not exist/);
    const file = path.join(base, 'file.png');
    await writeFile(file, 'x');
    await expectFolderError(readImageFolder(file), file, /is not a folder/);
    const flat = path.join(base, 'flat');
    await writeFile(path.join(flat, '0.png'), encodePng(new Uint8Array(1), 1, 1, 1));
    await expectFolderError(readImageFolder(flat), flat, /no class subfolders.*own subfolder/);
  });

  it('reports a class folder without images', async () => {
    const root = await tempDir();
    await writeFile(path.join(root, 'ok', '0.png'), encodePng(new Uint8Array(1), 1, 1, 1));
    await writeFile(path.join(root, 'docs', 'readme.txt'), 'no images here');
    await expectFolderError(
      readImageFolder(root),
      path.join(root, 'docs'),
      /no \.png, \.jpg or \.jpeg images/,
    );
  });

  it('reports empty and corrupt image files by path', async () => {
    const root = await tempDir();
    await writeFile(path.join(root, 'c', '0.png'), encodePng(new Uint8Array(1), 1, 1, 1));
    const empty = path.join(root, 'c', '1.png');
    await writeFile(empty, new Uint8Array(0));
    await expectFolderError(readImageFolder(root), empty, /empty \(0 bytes\)/);
    await fs.rm(empty);
    const corrupt = path.join(root, 'c', '2.jpg');
    await writeFile(corrupt, 'this is text, not a JPEG');
    await expectFolderError(readImageFolder(root), corrupt, /not a PNG or JPEG file/);
    const truncated = encodePng(new Uint8Array(64 * 3).fill(9), 8, 8, 3);
    await writeFile(corrupt, truncated.subarray(0, 40));
    await expectFolderError(readImageFolder(root), corrupt, /corrupt or truncated PNG/);
  });

  it('reads images in nested subfolders of a class folder, sorted by their path within it', async () => {
    const root = await tempDir();
    const gray = (v: number) => encodePng(new Uint8Array(4).fill(v), 2, 2, 1);
    await writeFile(path.join(root, 'circle', 'sub', 'deeper', '2.png'), gray(4));
    await writeFile(path.join(root, 'circle', 'sub', '1.png'), gray(3));
    await writeFile(path.join(root, 'circle', 'a', '10.png'), gray(2));
    await writeFile(path.join(root, 'circle', '0.png'), gray(1));
    await writeFile(path.join(root, 'circle', '.cache', '9.png'), 'hidden folder, never decoded');
    await writeFile(path.join(root, 'circle', 'sub', '.9.png'), 'hidden file, never decoded');
    await writeFile(path.join(root, 'square', 'x', 'y', '0.png'), gray(5));

    const ds = await readImageFolder(root);
    expect(ds.classNames).toEqual(['circle', 'square']);
    expect(ds.meta.files).toEqual([
      'circle/0.png',
      'circle/a/10.png',
      'circle/sub/1.png',
      'circle/sub/deeper/2.png',
      'square/x/y/0.png',
    ]);
    expect(Array.from(ds.labels)).toEqual([0, 0, 0, 0, 1]);
    expect(Array.from(ds.images)).toEqual([1, 2, 3, 4, 5].flatMap((v) => [v, v, v, v]));
  });

  it.skipIf(process.platform === 'win32')(
    'follows links inside a class folder without hanging on a loop',
    { timeout: 5000 },
    async () => {
      const root = await tempDir();
      const circle = path.join(root, 'circle');
      await writeFile(path.join(circle, '0.png'), encodePng(new Uint8Array(1).fill(7), 1, 1, 1));
      await writeFile(path.join(circle, 'sub', '1.png'), encodePng(new Uint8Array(1).fill(8), 1, 1, 1));
      await fs.symlink('..', path.join(circle, 'sub', 'up')); // back to the class folder
      await fs.symlink(circle, path.join(circle, 'again')); // the class folder again, by absolute path
      await fs.symlink('self', path.join(circle, 'self')); // a link to itself (ELOOP)
      const elsewhere = path.join(await tempDir(), 'linked');
      await writeFile(path.join(elsewhere, '2.png'), encodePng(new Uint8Array(1).fill(9), 1, 1, 1));
      await fs.symlink(elsewhere, path.join(circle, 'linked'));

      const ds = await readImageFolder(root);
      expect(ds.meta.files).toEqual(['circle/0.png', 'circle/linked/2.png', 'circle/sub/1.png']);
      expect(Array.from(ds.images)).toEqual([7, 9, 8]);
    },
  );

  it('rejects invalid options', async () => {
    const root = await tempDir();
    await expect(readImageFolder(root, { size: 0 })).rejects.toThrow(InvalidOptionError);
    await expect(readImageFolder(root, { size: [2, 2.5] })).rejects.toThrow(/size must be/);
    await expect(readImageFolder(root, { channels: 4 as 3 })).rejects.toThrow(/channels must be 1 or 3/);
    await expect(readImageFolder(root, { classNames: ['a', 'a'] })).rejects.toThrow(/duplicates/);
  });

  const real = '/work/shared/realdata/hand-drawn';
  it.skipIf(!existsSync(real))(
    'reads the real hand-drawn set: 3 classes, 600 images at 64x64 gray',
    async () => {
      const ds = await readImageFolder(real, { size: 64 });
      expect(ds.classNames).toEqual(['circle', 'square', 'triangle']);
      expect(ds.shape).toEqual([600, 64, 64, 1]);
      expect(ds.images.length).toBe(600 * 64 * 64);
      expect(ds.meta.files).toHaveLength(600);
      for (let c = 0; c < 3; c++) expect(ds.labels.filter((l) => l === c).length).toBe(200);
      // Dark ink on a white page: mostly white, but every image has some ink.
      const px = 64 * 64;
      for (let i = 0; i < 600; i++) {
        const img = ds.images.subarray(i * px, (i + 1) * px);
        let min = 255;
        let sum = 0;
        for (const v of img) {
          if (v < min) min = v;
          sum += v;
        }
        expect(min).toBeLessThan(128);
        expect(sum / px).toBeGreaterThan(128);
      }
    },
  );
});
