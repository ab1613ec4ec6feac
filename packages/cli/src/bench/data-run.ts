import { PRESETS } from '@shapes/data';
import { type ComparisonRow, comparisonTable, NO_PEER, plural, type Unavailable } from './bench-text.js';
import { measureDrawing } from './data-bench.js';
import { NO_DEFAULT_PRESET_PEER, type OpencvPeer, runOpencvPeer } from './opencv-peer.js';
import type { BenchPreset } from './options.js';
import { ratio } from './ratio.js';

/** What `shapes bench data` measures. */
export interface DataBenchOptions {
  preset: BenchPreset;
  perClass: number;
  workers: number;
  /** False with `--no-peer`. */
  peer: boolean;
}

/** `shapes bench data`'s JSON result. */
export interface DataBenchResult {
  preset: BenchPreset;
  size: string;
  images: number;
  workers: number;
  imagesPerSec: number;
  freshMemoryImagesPerSec: number;
  peer: (OpencvPeer & { ratio: number | null; comparedAs: string }) | Unavailable;
}

/**
 * Images/s of the generator into reused and into fresh memory, then the original demo's OpenCV generator on the
 * seed preset (the default preset has no like-for-like peer). `info` gets a line before each step.
 */
export async function runDataBench(
  o: DataBenchOptions,
  info: (line: string) => void,
): Promise<DataBenchResult> {
  const { preset, perClass, workers } = o;
  const { size, channels } = PRESETS[preset];
  const images = perClass * 3;
  const geometry = `${size}x${size}x${channels}`;
  info(
    `${preset} preset (${geometry}): ${images} images on ${plural(workers, 'worker')}, best of 3, into reused memory...`,
  );
  const imagesPerSec = await measureDrawing(preset, { perClass, workers, reuse: true });
  info('...and into fresh memory each run');
  const freshMemoryImagesPerSec = await measureDrawing(preset, { perClass, workers, reuse: false });

  let peer: OpencvPeer | Unavailable;
  if (!o.peer) peer = { unavailable: NO_PEER };
  else if (preset !== 'seed') peer = { unavailable: NO_DEFAULT_PRESET_PEER };
  else {
    info("peer: the original demo's OpenCV generator, best of 3 runs...");
    peer = runOpencvPeer(perClass);
  }
  return {
    preset,
    size: geometry,
    images,
    workers,
    imagesPerSec,
    freshMemoryImagesPerSec,
    peer:
      'unavailable' in peer
        ? peer
        : {
            ...peer,
            ratio: ratio(imagesPerSec, peer.imagesPerSec),
            comparedAs:
              "ours into a reused buffer on every worker; the peer runs the original demo's create_dataset loop as written (without its torch conversion), which allocates every image afresh",
          },
  };
}

/** `shapes bench data`'s result for people: a line, then ours beside the peer. */
export function dataBenchText(r: DataBenchResult): string {
  const p = r.peer;
  const rows: ComparisonRow[] = [
    ['images/s', r.imagesPerSec, ...('unavailable' in p ? [] : ([p.imagesPerSec, p.ratio] as const))],
    ['images/s, fresh memory', r.freshMemoryImagesPerSec],
  ];
  const table = comparisonTable('ours', 'unavailable' in p ? p : p.name, rows);
  return `${r.preset} preset (${r.size}), ${r.images} images, ${plural(r.workers, 'worker')}, best of 3\n\n${table}`;
}
