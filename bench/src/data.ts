import { availableParallelism } from 'node:os';
import { createDataset, type PresetName } from '@shapes/data';
import { createDatasetParallel } from '@shapes/data/node';
import { Command } from 'commander';
import { parseNumber } from './options.js';
import { log, machine, printJson, ratioOf } from './output.js';
import { type PeerRun, rateOf, runPeer } from './peers.js';

interface DataOptions {
  seedPerClass: number;
  defaultPerClass: number;
  workers: number;
}

const SHAPES = ['circle', 'square', 'triangle'];
/** Runs of each measurement, ours and the peer's; the best counts (the least disturbed by the rest of the machine). */
const BEST_OF = 3;

/** How a measurement draws: on the worker pool or the main thread, into one reused buffer or fresh memory. */
export interface DrawMode {
  parallel: boolean;
  reuse: boolean;
}

/** The images of one preset, in bytes: what a reused buffer must hold. */
export function datasetBytes(preset: PresetName, perClass: number): number {
  const pixels = preset === 'seed' ? 256 * 256 * 3 : 64 * 64;
  return perClass * SHAPES.length * pixels;
}

/**
 * Images/s, best of {@link BEST_OF} runs. `reuse` renders into one buffer touched beforehand, as the peer's
 * `inplace` mode fills one preallocated array; otherwise each run allocates fresh memory, whose first touch is
 * counted, as in the original demo (which keeps every image it makes). The worker pool is started before
 * timing, as the peer warms up before its own.
 */
async function measure(
  preset: PresetName,
  perClass: number,
  workers: number,
  mode: DrawMode,
): Promise<number> {
  const opts = { shapes: SHAPES, perClass, preset, seed: 1 };
  createDataset({ ...opts, perClass: 50 });
  if (mode.parallel) await createDatasetParallel({ ...opts, perClass: 50 }, { workers });
  const into = mode.reuse ? new SharedArrayBuffer(datasetBytes(preset, perClass)) : undefined;
  if (into) new Uint8Array(into).fill(1);
  let best = 0;
  for (let rep = 0; rep < BEST_OF; rep++) {
    const t = performance.now();
    const ds =
      mode.parallel || into
        ? await createDatasetParallel(opts, { workers: mode.parallel ? workers : 1, into })
        : createDataset(opts);
    best = Math.max(best, ds.shape[0] / ((performance.now() - t) / 1000));
  }
  return Math.round(best);
}

/** The fastest of a peer's runs, its rate rounded, with how many runs there were and the python that ran it. */
export function bestPeerRun(runs: readonly PeerRun[]): PeerRun | { unavailable: string } {
  if (runs.length === 0) return { unavailable: 'python3 with cv2 not found: apt-get install python3-opencv' };
  const rate = (r: PeerRun) => rateOf(r, 'imagesPerSec') ?? 0;
  const best = runs.reduce((a, b) => (rate(b) > rate(a) ? b : a));
  const { python, ...json } = best;
  return { ...json, imagesPerSec: Math.round(rate(best)), runs: runs.length, python };
}

/** The OpenCV peer in `mode`, best of {@link BEST_OF} runs, each in a new process; stops at a failed run. */
function peer(perClass: number, mode: 'original' | 'inplace'): PeerRun | { unavailable: string } {
  const runs: PeerRun[] = [];
  for (let i = 0; i < BEST_OF; i++) {
    const run = runPeer('opencv_peer.py', ['--per-class', String(perClass), '--mode', mode]);
    if (!run) break;
    runs.push(run);
  }
  return bestPeerRun(runs);
}

async function run(o: DataOptions): Promise<void> {
  const { workers, seedPerClass: seedPer, defaultPerClass: defaultPer } = o;
  const vs = (ours: number, theirs: ReturnType<typeof peer>) =>
    ratioOf(ours, 'unavailable' in theirs ? undefined : rateOf(theirs, 'imagesPerSec'));
  log('seed preset...');
  const seedReused = await measure('seed', seedPer, workers, { parallel: true, reuse: true });
  const seedFresh = await measure('seed', seedPer, workers, { parallel: true, reuse: false });
  const seedSingle = await measure('seed', seedPer, workers, { parallel: false, reuse: false });
  log('peer (OpenCV)...');
  const original = peer(seedPer, 'original');
  const inplace = peer(seedPer, 'inplace');
  log('default preset...');
  const defReused = await measure('default', defaultPer, workers, { parallel: true, reuse: true });
  const defFresh = await measure('default', defaultPer, workers, { parallel: true, reuse: false });
  const defSingle = await measure('default', Math.min(defaultPer, 10000), workers, {
    parallel: false,
    reuse: false,
  });

  const vsOriginal = vs(seedReused, original);
  printJson(
    {
      machine: { ...machine(), workers },
      seed: {
        preset: 'seed',
        size: '256x256x3',
        images: seedPer * 3,
        imagesPerSec: seedReused,
        freshMemoryImagesPerSec: seedFresh,
        singleThreadFreshMemoryImagesPerSec: seedSingle,
        peer: { original, inplace },
        ratioToOriginal: vsOriginal,
        ratioToOriginalComparedAs:
          "ours into a reused buffer on all workers; the original demo's create_dataset loop as written (without its torch conversion), which allocates every image afresh",
        freshMemoryRatioToOriginal: vs(seedFresh, original),
        freshMemoryComparedAs:
          'both allocate fresh memory for every image and keep them all; the first touch of fresh pages (a kernel cost) is counted on both sides',
        ratioToInplace: vs(seedReused, inplace),
        ratioToInplaceComparedAs:
          "both draw into one preallocated, already-touched buffer: the peer is the original's drawing code without its per-image allocation",
        goal: "at least 2x the original demo's generator",
        met: vsOriginal !== null && vsOriginal >= 2,
      },
      default: {
        preset: 'default',
        size: '64x64x1',
        images: defaultPer * 3,
        imagesPerSec: Math.max(defReused, defFresh),
        reusedMemoryImagesPerSec: defReused,
        freshMemoryImagesPerSec: defFresh,
        singleThreadFreshMemoryImagesPerSec: defSingle,
        goal: 'at least 50000 images/s',
        met: Math.max(defReused, defFresh) >= 50000,
      },
    },
    true,
  );
}

export const data = new Command('data')
  .description(
    "Images/s of the generator: the seed preset (256x256 RGB) beside the original demo's OpenCV generator (opencv_peer.py), and the default preset (64x64 gray)",
  )
  .option('--seed-per-class <n>', 'seed-preset images per class', parseNumber, 3000)
  .option('--default-per-class <n>', 'default-preset images per class', parseNumber, 40000)
  .option('--workers <n>', 'worker threads (one per core unless given)', parseNumber, availableParallelism())
  .action((o: DataOptions) => run(o));
