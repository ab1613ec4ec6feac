import { BEST_OF, bestRun } from './data-bench.js';
import { numberField, stringField } from './peer-output.js';
import { peerScript, runPythonPeer, type Spawn } from './python-peer.js';

/** Why there is no OpenCV peer when python3 or its cv2 module is missing. */
export const OPENCV_MISSING = 'python3 with cv2 not found: apt-get install python3-opencv';

/** The OpenCV peer script, in the `peers` folder the CLI ships. */
export const OPENCV_PEER = 'opencv_peer.py';

/** Why the `default` preset has no peer. */
export const NO_DEFAULT_PRESET_PEER =
  "no like-for-like peer for the default preset: the original demo's OpenCV generator draws only seed-preset " +
  'images (256x256 RGB, one filled shape on black); compare with --preset seed';

/** The OpenCV peer's best run. */
export interface OpencvPeer {
  name: string;
  imagesPerSec: number;
  /** The peer's mode: `original`, the original demo's `create_dataset` loop as written, without its torch conversion. */
  mode: 'original';
  runs: number;
  python: string;
}

/**
 * The original demo's OpenCV generator (the CLI's `peers/opencv_peer.py`, mode `original`) drawing `perClass`
 * seed-preset images of each of three shapes: best of {@link BEST_OF} runs, each in a new process, as the
 * `@shapes/bench` data benchmark runs it. Stops at the first failed run; `unavailable` says why when none ran.
 */
export function runOpencvPeer(perClass: number, spawn?: Spawn): OpencvPeer | { unavailable: string } {
  const script = peerScript(OPENCV_PEER);
  if (!script) return { unavailable: `@shapes/cli has no peers/${OPENCV_PEER}: reinstall @shapes/cli` };
  const runs: { imagesPerSec: number; version: string | null; python: string }[] = [];
  let reason: string = OPENCV_MISSING;
  for (let i = 0; i < BEST_OF; i++) {
    const r = runPythonPeer(
      script,
      ['--per-class', String(perClass), '--mode', 'original'],
      OPENCV_MISSING,
      spawn,
    );
    if (!r.ok) {
      reason = r.reason;
      break;
    }
    const imagesPerSec = numberField(r.json, 'imagesPerSec');
    if (imagesPerSec === null) {
      reason = `${OPENCV_PEER} printed no imagesPerSec`;
      break;
    }
    runs.push({ imagesPerSec, version: stringField(r.json, 'opencvVersion'), python: r.python });
  }
  const best = bestRun(runs);
  if (!best) return { unavailable: reason };
  return {
    name: `OpenCV ${best.version ?? ''} (original demo's generator)`.replace('  ', ' '),
    imagesPerSec: Math.round(best.imagesPerSec),
    mode: 'original',
    runs: runs.length,
    python: best.python,
  };
}
