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
import { ShapesDataError } from '../errors/shapes-data-error.js';
import { getShape, LOADED_SHAPES } from '../shapes.js';
import type { Dataset } from '../types.js';
import type { GenerateJob, GenerateReply } from './generate-worker.js';

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
 * `createDataset` on every core: the same bytes, faster. Workers take chunks of images in turn from a shared
 * counter and render them into one `SharedArrayBuffer`; since every image is drawn from its own seeded stream,
 * which worker draws it does not change the result. Shapes a program registers from a function cannot be sent
 * to a worker; such datasets are generated on this thread.
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
    if (LOADED_SHAPES.includes(name)) continue;
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
  const pool = workerPool(count);
  // Chunks rather than one half each: on a shared machine one core is often slower than the other, and a
  // fixed split would wait for it (measured: a tenth of the time on a 2-vCPU virtual machine).
  const job: GenerateJob = {
    config,
    buffer,
    cursor: new SharedArrayBuffer(4),
    chunk: Math.max(16, Math.min(CHUNK, Math.ceil(n / (8 * count)))),
    end: n,
    polygons,
    zeroed: !into,
  };
  await Promise.all(pool.map((worker) => worker.run(job)));
  const images = config.pixelType === 'float32' ? new Float32Array(buffer) : new Uint8Array(buffer);
  return toDataset(config, images);
}

// Images per chunk: a few milliseconds of work, so the counter is touched rarely.
const CHUNK = 256;

// Workers outlive a call: starting a thread and compiling the renderer costs about 200 ms, as long as drawing
// thousands of images. Idle workers are unreferenced, so they never keep the process alive.
const pool: PooledWorker[] = [];

function workerPool(count: number): PooledWorker[] {
  while (pool.length < count) pool.push(new PooledWorker());
  return pool.slice(0, count);
}

class PooledWorker {
  private readonly worker: Worker;
  private pending: { resolve: () => void; reject: (e: Error) => void } | undefined;
  // Jobs of overlapping calls wait their turn: a worker holds one job at a time.
  private tail: Promise<void> = Promise.resolve();

  constructor() {
    this.worker = new Worker(workerUrl());
    this.worker.unref();
    this.worker.on('message', (reply: GenerateReply) => {
      const p = this.settle();
      if (reply.ok) p?.resolve();
      else p?.reject(new ShapesDataError(`shape generator worker: ${reply.message}`));
    });
    const fail = (error: Error) => {
      const i = pool.indexOf(this);
      if (i >= 0) pool.splice(i, 1);
      this.settle()?.reject(error);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) =>
      fail(new ShapesDataError(`shape generator worker exited with code ${code}`)),
    );
  }

  run(job: GenerateJob): Promise<void> {
    const done = this.tail.then(() => this.send(job));
    this.tail = done.catch(() => undefined);
    return done;
  }

  private send(job: GenerateJob): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.ref();
      this.worker.postMessage(job);
    });
  }

  private settle() {
    const p = this.pending;
    this.pending = undefined;
    this.worker.unref();
    return p;
  }
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
