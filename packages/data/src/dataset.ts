import { drawSeed } from './draw-seed.js';
import { type DrawContext, drawVaried } from './draw-varied.js';
import { InvalidOptionError } from './errors/invalid-option-error.js';
import { PRESETS, type PresetName } from './presets.js';
import { hashString, mixSeed, Rng } from './prng.js';
import { Rasterizer } from './rasterize.js';
import { type RenderOptions, type RenderStyle, resolveRenderOptions } from './render-options.js';
import { getShape, type ShapeDefinition } from './shapes.js';
import type { Channels, Dataset, PixelArray, PixelType } from './types.js';

/**
 * Bumped whenever the same options and seed would give different bytes, and written to every manifest, so a
 * dataset on disk says which generator made it.
 */
export const GENERATOR_VERSION = 5;

/** Options of {@link createDataset}. */
export interface CreateDatasetOptions {
  /** Class names, in label order; each must be a registered shape. */
  shapes: readonly string[];
  /** Images per class. */
  perClass: number;
  /** `default` (64x64 gray, varied) or `seed` (the original demo's 256x256 RGB). Default: `default`. */
  preset?: PresetName;
  /** Any integer; the same seed gives the same bytes on every machine. Default: 0. */
  seed?: number;
  /** Image side in pixels (images are square). Default: the preset's. */
  size?: number;
  /** 1 for grayscale, 3 for RGB. Default: the preset's. */
  channels?: Channels;
  /** `uint8` (0-255) or `float32` (0-1). Default: `uint8`. */
  pixelType?: PixelType;
  /** Overrides of the varied renderer's ranges (the `default` preset only). */
  render?: Partial<RenderOptions>;
  /** Shorthand that draws only these styles, equally often (the `default` preset only). */
  styles?: readonly RenderStyle[];
}

/**
 * Everything needed to render a dataset, as plain data: what a worker thread receives, and what a manifest
 * records as the dataset's parameters.
 */
export interface DatasetConfig {
  shapes: string[];
  perClass: number;
  preset: PresetName;
  seed: number;
  size: number;
  channels: Channels;
  pixelType: PixelType;
  render: RenderOptions;
}

/** Checks options and fills in the defaults; errors name the option and what it accepts. */
export function resolveDatasetConfig(options: CreateDatasetOptions): DatasetConfig {
  const preset = options.preset ?? 'default';
  if (!(preset in PRESETS)) {
    throw new InvalidOptionError(
      `Unknown preset "${preset}". Use one of: ${Object.keys(PRESETS).join(', ')}.`,
    );
  }
  const p = PRESETS[preset];
  if (!Array.isArray(options.shapes) || options.shapes.length === 0) {
    throw new InvalidOptionError(
      'shapes: give at least one shape name, e.g. ["circle", "square", "triangle"].',
    );
  }
  const seen = new Set<string>();
  for (const name of options.shapes) {
    getShape(name);
    if (seen.has(name)) throw new InvalidOptionError(`shapes: "${name}" is listed twice; each class once.`);
    seen.add(name);
  }
  const perClass = options.perClass;
  if (!Number.isInteger(perClass) || perClass < 1) {
    throw new InvalidOptionError(`perClass must be a positive integer (got ${perClass}).`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new InvalidOptionError(`seed must be an integer (got ${seed}).`);
  const size = options.size ?? p.size;
  if (!Number.isInteger(size) || size < 8 || size > 1024) {
    throw new InvalidOptionError(`size must be an integer from 8 to 1024 pixels (got ${size}).`);
  }
  const channels = options.channels ?? p.channels;
  if (channels !== 1 && channels !== 3) {
    throw new InvalidOptionError(`channels must be 1 (grayscale) or 3 (RGB) (got ${channels}).`);
  }
  const pixelType = options.pixelType ?? 'uint8';
  if (pixelType !== 'uint8' && pixelType !== 'float32') {
    throw new InvalidOptionError(`pixelType must be "uint8" or "float32" (got ${pixelType}).`);
  }
  const overrides: Partial<RenderOptions> = { ...(options.render ?? {}) };
  if (options.styles) {
    const styles = { filled: 0, outline: 0, sketch: 0 };
    for (const s of options.styles) {
      if (!(s in styles))
        throw new InvalidOptionError(`styles: unknown style "${s}"; use filled, outline or sketch.`);
      styles[s] = 1;
    }
    overrides.styles = styles;
  }
  if (preset === 'seed' && Object.keys(overrides).length > 0) {
    throw new InvalidOptionError(
      'render and styles apply to the "default" preset; "seed" draws as the original demo.',
    );
  }
  return {
    shapes: [...options.shapes],
    perClass,
    preset,
    seed,
    size,
    channels,
    pixelType,
    render: resolveRenderOptions(overrides),
  };
}

/** Total number of images in a dataset of this configuration. */
export function datasetLength(config: DatasetConfig): number {
  return config.shapes.length * config.perClass;
}

/**
 * Renders images `[start, end)` of a dataset into `images` (the whole dataset's buffer, NHWC). Image `i` is
 * of class `i % k` and is drawn from its own random stream, seeded by the dataset seed, the class NAME and
 * its index within the class: any range can be rendered on its own (worker threads split the work this way),
 * and a star is the same star whichever other classes are asked for. `zeroed` says the buffer is known to be
 * all zeros (fresh), so a black background need not be written again.
 */
export function renderRange(
  config: DatasetConfig,
  images: PixelArray,
  start: number,
  end: number,
  zeroed = false,
): void {
  const { size, channels, shapes } = config;
  const k = shapes.length;
  const defs: ShapeDefinition[] = shapes.map((s) => getShape(s));
  const salts = shapes.map((s) => hashString(s));
  // Only the varied renderer blurs; the seed preset would never touch a scratch image (786 KB at 256x256x3).
  const scratchSize = config.preset === 'seed' ? 0 : Math.max(size, 3) * size * channels;
  const ctx: DrawContext = {
    raster: new Rasterizer(),
    scratch: new Float32Array(scratchSize),
    box: new Int32Array(4),
  };
  const pixels = size * size * channels;
  const presetSalt = hashString(config.preset);
  for (let i = start; i < end; i++) {
    const c = i % k;
    const rng = new Rng(mixSeed(config.seed, presetSalt, salts[c] as number, Math.floor(i / k)));
    const surface = { data: images, width: size, height: size, channels, offset: i * pixels };
    if (config.preset === 'seed') drawSeed(surface, defs[c] as ShapeDefinition, rng, ctx.raster, !zeroed);
    else drawVaried(surface, defs[c] as ShapeDefinition, rng, config.render, ctx);
  }
}

/** Class labels of a dataset of this configuration: image `i` has label `i % k`. */
export function datasetLabels(config: DatasetConfig): Int32Array {
  const n = datasetLength(config);
  const k = config.shapes.length;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = i % k;
  return labels;
}

/** Wraps rendered images as a {@link Dataset} with its metadata. */
export function toDataset<T extends PixelArray>(config: DatasetConfig, images: T): Dataset<T> {
  const { size, channels } = config;
  return {
    images,
    labels: datasetLabels(config),
    classNames: [...config.shapes],
    shape: [datasetLength(config), size, size, channels],
    meta: {
      source: 'generator',
      generatorVersion: GENERATOR_VERSION,
      preset: config.preset,
      seed: config.seed,
      params: JSON.parse(JSON.stringify(config)) as Record<string, unknown>,
    },
  };
}

/**
 * Generates a labelled dataset of shape images, deterministically: the same options give the same bytes in
 * Node and in browsers. Classes are interleaved (image `i` has label `i % shapes.length`). For large
 * datasets in Node, `createDatasetParallel` from `@shapes/data/node` gives the same bytes on all cores.
 *
 * @example
 * const ds = createDataset({ shapes: ['circle', 'square', 'triangle'], perClass: 100, seed: 1 });
 * ds.shape; // [300, 64, 64, 1]
 */
export function createDataset(options: CreateDatasetOptions): Dataset {
  const config = resolveDatasetConfig(options);
  const n = datasetLength(config) * config.size * config.size * config.channels;
  const images = config.pixelType === 'float32' ? new Float32Array(n) : new Uint8Array(n);
  renderRange(config, images, 0, datasetLength(config), true);
  return toDataset(config, images);
}
