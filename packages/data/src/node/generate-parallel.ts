import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  type CreateDatasetOptions,
  createDataset,
  datasetLength,
  resolveDatasetConfig,
  toDataset,
} from '../dataset.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { BUILTIN_SHAPES, getShape } from '../shapes.js';
import type { Dataset } from '../types.js';
import type { GenerateWorkerData } from './generate-worker.js';

/** Options of {@link createDatasetParallel} beyond those of `createDataset`. */
export interface ParallelOptions {
  /** Worker threads to use. Default: the number of CPUs. */
  workers?: number;
  /**
   * Render into this buffer instead of a new one (it must hold exactly the dataset). Reusing memory matters:
   * on some virtual machines the first touch of fresh pages costs more than drawing into them.
   */
  into?: SharedArrayBuffer;
}

/**
 * `createDataset` on every core: the same bytes, faster. Each worker renders a contiguous range of images into
 * one `SharedArrayBuffer`; since every image is drawn from its own seeded stream, the split does not change
 * the result. Shapes registered from a function cannot be sent to a worker; such datasets are generated on
 * this thread.
 */
export async function createDatasetParallel(
  options: CreateDatasetOptions,
  { workers = availableParallelism(), into }: ParallelOptions = {},
): Promise<Dataset> {
  const config = resolveDatasetConfig(options);
  const n = datasetLength(config);
  const polygons: Record<string, number[]> = {};
  let portable = true;
  for (const name of config.shapes) {
    if (BUILTIN_SHAPES.includes(name)) continue;
    const polygon = getShape(name).polygon;
    if (polygon) polygons[name] = polygon;
    else portable = false;
  }
  if (!Number.isInteger(workers) || workers < 1) {
    throw new InvalidOptionError(`workers must be a positive integer (got ${workers}).`);
  }
  const pixels = config.size * config.size * config.channels;
  const bytesPer = config.pixelType === 'float32' ? 4 : 1;
  if (into && into.byteLength !== n * pixels * bytesPer) {
    throw new InvalidOptionError(
      `into: the buffer holds ${into.byteLength} bytes but this dataset needs ${n * pixels * bytesPer}.`,
    );
  }
  const count = Math.min(workers, Math.ceil(n / 64));
  if ((count <= 1 || !portable) && !into) return createDataset(options);

  const buffer = into ?? new SharedArrayBuffer(n * pixels * bytesPer);
  const url = workerUrl();
  const jobs: Promise<void>[] = [];
  for (let w = 0; w < count; w++) {
    const data: GenerateWorkerData = {
      config,
      buffer,
      start: Math.floor((n * w) / count),
      end: Math.floor((n * (w + 1)) / count),
      polygons,
      zeroed: !into,
    };
    jobs.push(
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(url, { workerData: data });
        worker.once('message', () => resolve());
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (code !== 0) reject(new Error(`shape generator worker exited with code ${code}`));
        });
      }),
    );
  }
  await Promise.all(jobs);
  const images = config.pixelType === 'float32' ? new Float32Array(buffer) : new Uint8Array(buffer);
  return toDataset(config, images);
}

function workerUrl(): URL {
  const here = new URL(import.meta.url);
  // Run from TypeScript sources (this package's tests), Node 20 cannot load a .ts worker, and loader hooks do
  // not reach worker threads: the tests' global setup bundles the worker to JavaScript in .test-build/.
  if (here.pathname.endsWith('.ts')) return new URL('../../.test-build/generate-worker.js', here);
  // In the bundle this code lives in node/ itself or in a shared chunk beside node/.
  const inNode = here.pathname.split('/').at(-2) === 'node';
  return new URL(inNode ? './generate-worker.js' : './node/generate-worker.js', here);
}
