import { parentPort } from 'node:worker_threads';
import { type DatasetConfig, renderRange } from '../dataset.js';
import { listShapes, registerShape } from '../shapes.js';

/**
 * One job `createDatasetParallel` sends every pooled worker: render images `[0, end)` into `buffer`, taking
 * `chunk` images at a time from the shared counter `cursor` until none are left.
 */
export interface GenerateJob {
  config: DatasetConfig;
  buffer: SharedArrayBuffer;
  cursor: SharedArrayBuffer;
  chunk: number;
  end: number;
  /** Polygons of shapes the parent registered, so the worker's registry matches. */
  polygons: Record<string, number[]>;
  /** The buffer is fresh (all zeros), so black backgrounds need not be written. */
  zeroed: boolean;
}

/** A worker's answer to a job. */
export type GenerateReply = { ok: true } | { ok: false; message: string };

let warmed = false;

function run(job: GenerateJob): void {
  const known = new Set(listShapes());
  for (const [name, polygon] of Object.entries(job.polygons)) {
    if (!known.has(name)) registerShape({ name, polygon });
  }
  const { size, channels, pixelType } = job.config;
  const images = pixelType === 'float32' ? new Float32Array(job.buffer) : new Uint8Array(job.buffer);
  if (!warmed) {
    // A fresh thread runs cold code: draw throwaway images into a private buffer first, so the optimising
    // compiler has done its work before the real range. Every image has its own random stream, so this
    // changes no output byte.
    const warm = Math.min(64, job.end);
    const scratch = pixelType === 'float32' ? Float32Array : Uint8Array;
    renderRange(job.config, new scratch(warm * size * size * channels), 0, warm, false);
    warmed = true;
  }
  const cursor = new Int32Array(job.cursor);
  for (;;) {
    const start = Atomics.add(cursor, 0, job.chunk);
    if (start >= job.end) break;
    renderRange(job.config, images, start, Math.min(start + job.chunk, job.end), job.zeroed);
  }
}

parentPort?.on('message', (job: GenerateJob) => {
  let reply: GenerateReply;
  try {
    run(job);
    reply = { ok: true };
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
