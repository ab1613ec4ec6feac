export { resizeImage, toChannels } from '../resize.js';
export { writeContactSheet } from './contact-sheet-png.js';
export type { ParallelOptions } from './generate-parallel.js';
export { createDatasetParallel } from './generate-parallel.js';
export type {
  ImageFolderManifest,
  ReadImageFolderOptions,
  WriteImageFolderOptions,
} from './image-folder.js';
export { readImageFolder, readImageFolderManifest, writeImageFolder } from './image-folder.js';
export { OS_LITTER } from './os-litter.js';
export type { DecodedChannels, DecodedImage } from './png.js';
export { decodeImage, encodePng } from './png.js';
