export { dihedral, rotations } from './augment.js';
export type { ContactSheetOptions, RgbImage } from './contact-sheet.js';
export { contactSheet } from './contact-sheet.js';
export type { CreateDatasetOptions, DatasetConfig } from './dataset.js';
export { createDataset, GENERATOR_VERSION, renderRange, resolveDatasetConfig } from './dataset.js';
export { cos, sin } from './det-math.js';
export { ImageFolderError } from './errors/image-folder-error.js';
export { InvalidOptionError } from './errors/invalid-option-error.js';
export { ShapesDataError } from './errors/shapes-data-error.js';
export { UnknownShapeError } from './errors/unknown-shape-error.js';
export type { FrameInkOptions, ImageBlock } from './frame-ink.js';
export { frameInk } from './frame-ink.js';
export { contentHash } from './hash.js';
export type { Preset, PresetName } from './presets.js';
export { PRESETS } from './presets.js';
export { mixSeed, Rng } from './prng.js';
export type { Surface } from './rasterize.js';
export { Rasterizer } from './rasterize.js';
export type { Range, RenderOptions, RenderStyle } from './render-options.js';
export { DEFAULT_RENDER_OPTIONS, RENDER_STYLES } from './render-options.js';
export { resizeImage, toChannels } from './resize.js';
export type { SeedStream } from './seed-streams.js';
export { CURVE_TEST_SEED, examplesSeed, SEED_STREAMS, seedOf } from './seed-streams.js';
export type { RegisterShapeOptions, ShapeDefinition, ShapeOutline } from './shapes.js';
export { getShape, listShapes, registerShape, regularPolygon, starPolygon } from './shapes.js';
export type { Batch, BatchOptions, SplitOptions, SplitResult } from './split.js';
export { batches, split, subset } from './split.js';
export { strokePolyline } from './stroke.js';
export type {
  Channels,
  Dataset,
  DatasetMeta,
  DecodedChannels,
  DecodedImage,
  PixelArray,
  PixelType,
} from './types.js';
