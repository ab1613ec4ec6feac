import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { ImageFolderError } from '../errors/image-folder-error.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { resizeImage, toChannels } from '../resize.js';
import type { Channels, Dataset, DatasetMeta, PixelArray, PixelType } from '../types.js';
import { naturalCompare } from './natural-sort.js';
import { OS_LITTER } from './os-litter.js';
import { decodeImage, encodePng } from './png.js';

/** Options of {@link writeImageFolder}. */
export interface WriteImageFolderOptions {
  /**
   * Replace an existing non-empty folder at `root`, but only one that this function wrote: a valid
   * `manifest.json`, its class folders holding only `<n>.png` files, and at most a `contact-sheet.png` beside them
   * (what `shapes generate` adds) and the files an OS drops (`.DS_Store`, `Thumbs.db`, `desktop.ini`). Anything
   * else in it is refused by name, so a mistyped path never deletes a project. Default false.
   */
  overwrite?: boolean;
}

/** Options of {@link readImageFolder}. */
export interface ReadImageFolderOptions {
  /** Output size: `n` for `n x n`, or `[height, width]`. Default: the first image's size. */
  size?: number | [number, number];
  /** 1 (gray, default) or 3 (RGB). */
  channels?: Channels;
  /** `uint8` (default, bytes 0-255) or `float32` (0-1). */
  pixelType?: PixelType;
  /** Class order (label `i` is `classNames[i]`); it must name every class folder. Default: folders sorted. */
  classNames?: string[];
}

/** The `manifest.json` that {@link writeImageFolder} puts beside the class folders. */
export interface ImageFolderManifest {
  format: 'shapes-image-folder';
  version: 1;
  classNames: string[];
  counts: Record<string, number>;
  /** `[n, height, width, channels]` of the dataset that was written. */
  shape: [number, number, number, number];
  meta: DatasetMeta;
}

const MANIFEST = 'manifest.json';
const IMAGE_EXTENSION = /\.(png|jpe?g)$/i;
// The names writeImageFolder gives images: `<n>.png`, n counting from 0 within each class.
const WRITTEN_IMAGE = /^(0|[1-9]\d*)\.png$/;
// `shapes generate` draws its contact sheet beside the manifest, so it belongs to the folder it wrote.
const CONTACT_SHEET = 'contact-sheet.png';
// Enough files in flight to hide disk latency without holding thousands of open handles.
const IO_BATCH = 32;

/**
 * Writes a dataset as an ImageFolder: `root/<class>/<n>.png`, `n` counting from 0 within each class, plus
 * `root/manifest.json` ({@link ImageFolderManifest}) recording class order, counts, shape and the dataset's
 * `meta`. Float pixels are stored as bytes, `clamp(round(v * 255))`.
 *
 * The folder is built beside `root` under a hidden temporary name and renamed into place, so an interrupted
 * write never leaves a partial dataset at `root`. A class with no images still gets its (empty) folder, so the
 * class list survives; note that {@link readImageFolder} refuses empty class folders.
 *
 * @throws ImageFolderError when `root` exists and is a file, or is a non-empty folder and `overwrite` is not set,
 *   or holds something this function does not write (named in the message) and would be lost.
 * @throws InvalidOptionError when the dataset's shape, labels or class names are inconsistent or a class name
 *   cannot be a folder name.
 */
export async function writeImageFolder(
  dataset: Dataset,
  root: string,
  options: WriteImageFolderOptions = {},
): Promise<void> {
  const { images, labels, classNames, shape } = dataset;
  checkDataset(dataset);
  const [n, height, width] = shape;
  const channels = shape[3] as Channels; // checked by checkDataset
  const overwrite = options.overwrite ?? false;

  const target = path.resolve(root);
  const parent = path.dirname(target);
  if (parent === target) {
    throw new ImageFolderError(
      `Cannot write an image folder at the filesystem root "${root}". Choose a subfolder.`,
      root,
    );
  }
  const existing = await statOrUndefined(target);
  if (existing && !existing.isDirectory()) {
    throw new ImageFolderError(
      `"${root}" exists and is not a folder. Choose another path for the image folder.`,
      root,
    );
  }
  if (existing && (await fs.readdir(target)).length > 0) {
    if (!overwrite) {
      throw new ImageFolderError(
        `Folder "${root}" already exists and is not empty. Pass overwrite: true to replace it, or choose another folder.`,
        root,
      );
    }
    await assertReplaceable(target, root);
  }

  await fs.mkdir(parent, { recursive: true });
  const base = path.basename(target);
  const tmp = await fs.mkdtemp(path.join(parent, `.${base}.tmp-`));
  try {
    for (const name of classNames) await fs.mkdir(path.join(tmp, name));
    const counts = new Array<number>(classNames.length).fill(0);
    const size = height * width * channels;
    const jobs: Array<{ file: string; index: number }> = [];
    for (let i = 0; i < n; i++) {
      const label = labels[i];
      jobs.push({ file: path.join(tmp, classNames[label], `${counts[label]++}.png`), index: i });
    }
    for (let b = 0; b < jobs.length; b += IO_BATCH) {
      await Promise.all(
        jobs.slice(b, b + IO_BATCH).map(({ file, index }) => {
          const pixels = toBytes(images.subarray(index * size, (index + 1) * size));
          return fs.writeFile(file, encodePng(pixels, width, height, channels));
        }),
      );
    }
    const manifest: ImageFolderManifest = {
      format: 'shapes-image-folder',
      version: 1,
      classNames: [...classNames],
      counts: Object.fromEntries(classNames.map((name, i) => [name, counts[i]])),
      shape: [n, height, width, channels],
      meta: dataset.meta,
    };
    await fs.writeFile(path.join(tmp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    await moveIntoPlace(tmp, target, existing !== undefined);
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Refuses to replace `target` unless it holds only what {@link writeImageFolder} writes, naming the first thing
 * (in name order) that it does not.
 */
async function assertReplaceable(target: string, root: string): Promise<void> {
  const manifest = await readImageFolderManifest(target).catch(() => undefined);
  const foreign = await firstForeignEntry(target, manifest);
  if (foreign === undefined) return;
  const file = path.join(root, foreign);
  const why = manifest ? '' : ` ("${root}" has no valid ${MANIFEST})`;
  throw new ImageFolderError(
    `"${file}" was not written by writeImageFolder${why}, and overwrite only replaces an image folder that ` +
      `writeImageFolder wrote. Move it out of "${root}", or choose another folder.`,
    file,
  );
}

/** The first entry, as a path relative to `dir`, that {@link writeImageFolder} would not have written there. */
async function firstForeignEntry(
  dir: string,
  manifest: ImageFolderManifest | undefined,
): Promise<string | undefined> {
  for (const entry of await sortedEntries(dir)) {
    if (OS_LITTER.has(entry.name)) continue;
    if (entry.isFile() && ((manifest && entry.name === MANIFEST) || entry.name === CONTACT_SHEET)) continue;
    if (!entry.isDirectory() || !manifest?.classNames.includes(entry.name)) return entry.name;
    for (const inner of await sortedEntries(path.join(dir, entry.name))) {
      if (OS_LITTER.has(inner.name) || (inner.isFile() && WRITTEN_IMAGE.test(inner.name))) continue;
      return `${entry.name}/${inner.name}`;
    }
  }
  return undefined;
}

async function sortedEntries(dir: string): Promise<Dirent[]> {
  return (await readDir(dir)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Reads the `manifest.json` that {@link writeImageFolder} wrote, e.g. to pass its `classNames` back to
 * {@link readImageFolder} so labels keep the writer's order.
 *
 * @returns the manifest, or undefined when `root` has none.
 * @throws ImageFolderError when the manifest exists but is not valid JSON of the expected format.
 */
export async function readImageFolderManifest(root: string): Promise<ImageFolderManifest | undefined> {
  const file = path.join(root, MANIFEST);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw new ImageFolderError(`Could not read "${file}": ${errorMessage(err)}.`, file);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (err) {
    throw new ImageFolderError(`"${file}" is not valid JSON (${errorMessage(err)}). Delete or fix it.`, file);
  }
  const m = manifest as Partial<ImageFolderManifest> | null;
  if (m?.format !== 'shapes-image-folder' || !Array.isArray(m.classNames)) {
    throw new ImageFolderError(
      `"${file}" is not a shapes-image-folder manifest (expected format "shapes-image-folder" and classNames).`,
      file,
    );
  }
  if (m.version !== 1) {
    throw new ImageFolderError(
      `"${file}" has manifest version ${String(m.version)}; this version of @shapes/data reads version 1. ` +
        'Upgrade @shapes/data.',
      file,
    );
  }
  return m as ImageFolderManifest;
}

/**
 * Reads an ImageFolder: one subfolder per class holding `.png`, `.jpg` or `.jpeg` files (any case, colour layout
 * or size up to 16384 pixels a side and 16.7 MP, see {@link decodeImage}). As in torchvision's ImageFolder, a class folder is read at any depth: images in its
 * subfolders belong to the class too. Hidden entries and `manifest.json` are ignored, as are other files.
 * Symbolic links are followed; a folder reached a second time (a link loop, or two links to one folder) is read
 * only the first time, so a loop cannot hang the reader.
 *
 * Classes are sorted by code unit (the order of Python's `sorted()`, as torchvision uses) unless `classNames`
 * is given; a class's files are sorted naturally by their path within the class folder (`2.png` before
 * `10.png`). Every image is converted to `channels` (alpha composited over white) and resized to `size`
 * (area-averaged when shrinking, bilinear when growing).
 *
 * @returns a dataset whose `meta` is `{ source: 'image-folder', root, files }`, `files[i]` being image `i`'s
 *   path relative to `root` with `/` separators (`circle/sub/3.png`).
 * @throws ImageFolderError naming the offending path when `root` is missing or not a folder, has no class
 *   folders, a class folder has no images, a class folder and `classNames` disagree, an image is empty or
 *   corrupt, or images differ in size and no `size` was given.
 * @throws InvalidOptionError for an invalid option.
 */
export async function readImageFolder(
  root: string,
  options?: ReadImageFolderOptions & { pixelType?: 'uint8' },
): Promise<Dataset<Uint8Array>>;
export async function readImageFolder(
  root: string,
  options: ReadImageFolderOptions & { pixelType: 'float32' },
): Promise<Dataset<Float32Array>>;
export async function readImageFolder(root: string, options?: ReadImageFolderOptions): Promise<Dataset>;
export async function readImageFolder(root: string, options: ReadImageFolderOptions = {}): Promise<Dataset> {
  const { size, channels, pixelType, classNames: wantedClasses } = checkReadOptions(options);

  const rootStat = await statOrUndefined(root);
  if (!rootStat) {
    throw new ImageFolderError(`Image folder "${root}" does not exist. Check the path.`, root);
  }
  if (!rootStat.isDirectory()) {
    throw new ImageFolderError(
      `"${root}" is not a folder. Pass the folder that holds one subfolder per class (e.g. ${path.join(root, 'circle')}).`,
      root,
    );
  }

  const found: string[] = [];
  for (const entry of await readDir(root)) {
    if (entry.name.startsWith('.')) continue;
    if (await isKind(root, entry, 'dir')) found.push(entry.name);
  }
  if (found.length === 0) {
    throw new ImageFolderError(
      `Image folder "${root}" has no class subfolders. Put each class's images in its own subfolder, ` +
        `e.g. ${path.join(root, 'circle', '0.png')}.`,
      root,
    );
  }
  let classNames: string[];
  if (wantedClasses) {
    for (const name of [...found].sort()) {
      if (!wantedClasses.includes(name)) {
        const dir = path.join(root, name);
        throw new ImageFolderError(
          `Class folder "${dir}" is not in classNames [${wantedClasses.join(', ')}]. ` +
            'Add it to classNames or move the folder out.',
          dir,
        );
      }
    }
    for (const name of wantedClasses) {
      if (!found.includes(name)) {
        const dir = path.join(root, name);
        throw new ImageFolderError(
          `classNames lists "${name}" but there is no class folder "${dir}". Remove it from classNames or create the folder.`,
          dir,
        );
      }
    }
    classNames = [...wantedClasses];
  } else {
    // A folder this package wrote keeps its label order (the manifest's), so a round trip keeps labels.
    const manifest = await readImageFolderManifest(root).catch(() => undefined);
    const fromManifest = manifest?.classNames;
    const same =
      fromManifest &&
      fromManifest.length === found.length &&
      fromManifest.every((name) => found.includes(name));
    classNames = same ? [...fromManifest] : found.sort();
  }

  const files: string[] = [];
  const labels: number[] = [];
  for (let label = 0; label < classNames.length; label++) {
    const name = classNames[label];
    const dir = path.join(root, name);
    const images = await listImages(dir);
    if (images.length === 0) {
      throw new ImageFolderError(
        `Class folder "${dir}" has no .png, .jpg or .jpeg images, nor do its subfolders. Add images to it or ` +
          'remove the folder.',
        dir,
      );
    }
    images.sort(naturalCompare);
    for (const file of images) {
      files.push(`${name}/${file}`);
      labels.push(label);
    }
  }

  const n = files.length;
  let outH = size?.[0];
  let outW = size?.[1];
  let first: { file: string; width: number; height: number } | undefined;
  let out: PixelArray | undefined;
  for (let b = 0; b < n; b += IO_BATCH) {
    const batch = files.slice(b, b + IO_BATCH);
    const contents = await Promise.all(batch.map((rel) => readImageBytes(path.join(root, rel))));
    for (let k = 0; k < batch.length; k++) {
      const file = path.join(root, batch[k]);
      const img = decodeImage(contents[k], file);
      if (!first) {
        first = { file, width: img.width, height: img.height };
        outH ??= img.height;
        outW ??= img.width;
      } else if (!size && (img.width !== first.width || img.height !== first.height)) {
        throw new ImageFolderError(
          `Image "${file}" is ${img.width}x${img.height} but "${first.file}" is ${first.width}x${first.height}. ` +
            'Pass size (e.g. size: 64) to resize every image to one size.',
          file,
        );
      }
      const h = outH as number;
      const w = outW as number;
      const pixels = resizeImage(
        toChannels(img.data, img.width, img.height, img.channels, channels),
        img.width,
        img.height,
        channels,
        w,
        h,
      );
      out ??=
        pixelType === 'float32'
          ? new Float32Array(n * h * w * channels)
          : new Uint8Array(n * h * w * channels);
      const offset = (b + k) * pixels.length;
      if (out instanceof Float32Array) {
        for (let p = 0; p < pixels.length; p++) out[offset + p] = pixels[p] / 255;
      } else {
        out.set(pixels, offset);
      }
    }
  }

  return {
    images: out as PixelArray,
    labels: Int32Array.from(labels),
    classNames,
    shape: [n, outH as number, outW as number, channels],
    meta: { source: 'image-folder', root, files },
  };
}

function checkDataset(dataset: Dataset): void {
  const { images, labels, classNames, shape } = dataset;
  if (!Array.isArray(shape) || shape.length !== 4 || !shape.every((v) => Number.isInteger(v) && v >= 0)) {
    throw new InvalidOptionError(
      `dataset.shape must be [n, height, width, channels], got ${JSON.stringify(shape)}.`,
    );
  }
  const [n, height, width, channels] = shape;
  if (height < 1 || width < 1) {
    throw new InvalidOptionError(
      `dataset.shape height and width must be at least 1, got ${height}x${width}.`,
    );
  }
  if (channels !== 1 && channels !== 3) {
    throw new InvalidOptionError(`dataset.shape channels must be 1 or 3, got ${channels}.`);
  }
  if (images.length !== n * height * width * channels) {
    throw new InvalidOptionError(
      `dataset.images has ${images.length} values but shape ${JSON.stringify(shape)} needs ${n * height * width * channels}.`,
    );
  }
  if (labels.length !== n) {
    throw new InvalidOptionError(
      `dataset.labels has ${labels.length} entries but the dataset has ${n} images.`,
    );
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(labels[i]) || labels[i] < 0 || labels[i] >= classNames.length) {
      throw new InvalidOptionError(
        `dataset.labels[${i}] is ${labels[i]}, outside 0..${classNames.length - 1} (the classNames indices).`,
      );
    }
  }
  const seen = new Set<string>();
  for (const name of classNames) {
    // A name the reader would skip (hidden) or that escapes its folder would not survive a round trip.
    if (
      typeof name !== 'string' ||
      name === '' ||
      name.startsWith('.') ||
      /[/\\\0]/.test(name) ||
      name === MANIFEST
    ) {
      throw new InvalidOptionError(
        `Class name ${JSON.stringify(name)} cannot be a folder name: it must be non-empty, not start with ".", ` +
          `contain no "/", "\\" or NUL, and not be "${MANIFEST}".`,
      );
    }
    if (seen.has(name))
      throw new InvalidOptionError(`Class name "${name}" appears twice in dataset.classNames.`);
    seen.add(name);
  }
}

function checkReadOptions(options: ReadImageFolderOptions): {
  size: [number, number] | undefined;
  channels: Channels;
  pixelType: PixelType;
  classNames: string[] | undefined;
} {
  let size: [number, number] | undefined;
  if (options.size !== undefined) {
    const s = options.size;
    const pair = typeof s === 'number' ? [s, s] : s;
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => Number.isInteger(v) && v >= 1)) {
      throw new InvalidOptionError(
        `size must be a positive integer or [height, width] of positive integers, got ${JSON.stringify(s)}.`,
      );
    }
    size = [pair[0], pair[1]];
  }
  const channels = options.channels ?? 1;
  if (channels !== 1 && channels !== 3) {
    throw new InvalidOptionError(`channels must be 1 or 3, got ${JSON.stringify(channels)}.`);
  }
  const pixelType = options.pixelType ?? 'uint8';
  if (pixelType !== 'uint8' && pixelType !== 'float32') {
    throw new InvalidOptionError(`pixelType must be "uint8" or "float32", got ${JSON.stringify(pixelType)}.`);
  }
  const classNames = options.classNames;
  if (classNames !== undefined) {
    if (
      !Array.isArray(classNames) ||
      classNames.length === 0 ||
      !classNames.every((c) => typeof c === 'string')
    ) {
      throw new InvalidOptionError('classNames must be a non-empty array of class folder names.');
    }
    if (new Set(classNames).size !== classNames.length) {
      throw new InvalidOptionError(`classNames has duplicates: [${classNames.join(', ')}].`);
    }
  }
  return { size, channels, pixelType, classNames };
}

/** Swaps the finished temporary folder in for `target`, keeping the old folder until the new one is in place. */
async function moveIntoPlace(tmp: string, target: string, targetExists: boolean): Promise<void> {
  if (!targetExists) {
    await fs.rename(tmp, target);
    return;
  }
  // rename() cannot replace a non-empty folder, so move the old one aside first and restore it on failure.
  const old = path.join(
    path.dirname(target),
    `.${path.basename(target)}.old-${randomBytes(6).toString('hex')}`,
  );
  await fs.rename(target, old);
  try {
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rename(old, target);
    throw err;
  }
  await fs.rm(old, { recursive: true, force: true });
}

function toBytes(pixels: PixelArray): Uint8Array {
  if (pixels instanceof Uint8Array) return pixels;
  const out = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const v = Math.round(pixels[i] * 255);
    // Written so NaN (which fails every comparison) becomes 0 on purpose rather than by typed-array coercion.
    out[i] = v > 0 ? Math.min(v, 255) : 0;
  }
  return out;
}

async function readImageBytes(file: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    throw new ImageFolderError(`Could not read image file "${file}": ${errorMessage(err)}.`, file);
  }
  if (bytes.length === 0) {
    throw new ImageFolderError(
      `Image file "${file}" is empty (0 bytes). Delete it or replace it with a valid image.`,
      file,
    );
  }
  return bytes;
}

/**
 * The images under a class folder at any depth, as `/`-separated paths relative to it, unsorted. Each folder is
 * walked once by its real path, so a symbolic link back up the tree is skipped rather than followed for ever.
 */
async function listImages(classDir: string): Promise<string[]> {
  const images: string[] = [];
  const walked = new Set<string>();
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const real = await realPath(dir);
    if (walked.has(real)) return;
    walked.add(real);
    for (const entry of await readDir(dir)) {
      if (entry.name.startsWith('.')) continue;
      if (await isKind(dir, entry, 'dir')) {
        await walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
      } else if (IMAGE_EXTENSION.test(entry.name) && (await isKind(dir, entry, 'file'))) {
        images.push(`${prefix}${entry.name}`);
      }
    }
  };
  await walk(classDir, '');
  return images;
}

async function realPath(dir: string): Promise<string> {
  try {
    return await fs.realpath(dir);
  } catch (err) {
    throw new ImageFolderError(`Could not access folder "${dir}": ${errorMessage(err)}.`, dir);
  }
}

async function readDir(dir: string): Promise<Dirent[]> {
  try {
    return await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new ImageFolderError(`Could not list folder "${dir}": ${errorMessage(err)}.`, dir);
  }
}

/** Whether a directory entry is a folder or file, following symbolic links (datasets are often linked in). */
async function isKind(dir: string, entry: Dirent, kind: 'dir' | 'file'): Promise<boolean> {
  if (entry.isSymbolicLink()) {
    const link = path.join(dir, entry.name);
    // A dangling link, or one that leads back to itself (ELOOP), points at nothing: skip it like other non-images.
    const target = await fs.stat(link).catch((err: unknown) => {
      if (isNotFound(err) || (err as NodeJS.ErrnoException).code === 'ELOOP') return undefined;
      throw new ImageFolderError(`Could not access "${link}": ${errorMessage(err)}.`, link);
    });
    return target !== undefined && (kind === 'dir' ? target.isDirectory() : target.isFile());
  }
  return kind === 'dir' ? entry.isDirectory() : entry.isFile();
}

async function statOrUndefined(p: string) {
  try {
    return await fs.stat(p);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw new ImageFolderError(`Could not access "${p}": ${errorMessage(err)}.`, p);
  }
}

function isNotFound(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
