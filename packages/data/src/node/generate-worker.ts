import { parentPort, workerData } from 'node:worker_threads';
import { type DatasetConfig, renderRange } from '../dataset.js';
import { listShapes, registerShape } from '../shapes.js';

/** What `createDatasetParallel` sends each worker. */
export interface GenerateWorkerData {
  config: DatasetConfig;
  buffer: SharedArrayBuffer;
  start: number;
  end: number;
  /** Polygons of shapes the parent registered, so the worker's registry matches. */
  polygons: Record<string, number[]>;
  /** The buffer is fresh (all zeros), so black backgrounds need not be written. */
  zeroed: boolean;
}

const job = workerData as GenerateWorkerData;
const known = new Set(listShapes());
for (const [name, polygon] of Object.entries(job.polygons)) {
  if (!known.has(name)) registerShape({ name, polygon });
}
const images = job.config.pixelType === 'float32' ? new Float32Array(job.buffer) : new Uint8Array(job.buffer);
// A fresh thread runs cold code: draw a few throwaway images into a private buffer first, so the optimising
// compiler has done its work before the real range. Every image has its own random stream, so this changes
// no output byte.
const warm = Math.min(64, job.end - job.start);
const { size, channels } = job.config;
const scratch = job.config.pixelType === 'float32' ? Float32Array : Uint8Array;
renderRange(job.config, new scratch(warm * size * size * channels), 0, warm, false);
renderRange(job.config, images, job.start, job.end, job.zeroed);
parentPort?.postMessage('done');
