import { parentPort } from 'node:worker_threads';
import { type DatasetConfig, renderRange } from '../dataset.js';
import { listShapes, registerShape } from '../shapes.js';

/** One job `createDatasetParallel` sends a pooled worker: render images `[start, end)` into `buffer`. */
export interface GenerateJob {
  config: DatasetConfig;
  buffer: SharedArrayBuffer;
  start: number;
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
    const warm = Math.min(64, job.end - job.start);
    const scratch = pixelType === 'float32' ? Float32Array : Uint8Array;
    renderRange(job.config, new scratch(warm * size * size * channels), 0, warm, false);
    warmed = true;
  }
  renderRange(job.config, images, job.start, job.end, job.zeroed);
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
