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
renderRange(job.config, images, job.start, job.end, job.zeroed);
parentPort?.postMessage('done');
