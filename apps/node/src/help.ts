import { FULL, QUICK } from './sizes.js';

const list = (values: readonly number[]) => values.join(',');

/** What `--help` prints after the options: the steps, the backend ladder, the sizes, the outputs and examples. */
export function helpText(backends: readonly string[]): string {
  return `
What it runs (every test image is drawn from other seeds than any training image, and checked):
  1. base       trains the default CNN on circle, square and triangle (and random other shapes as "none of these")
  2. evaluate   tests it on held-out images, and on star, pentagon and hexagon, which should come back
                "unknown" (open set: AUROC of each rule, calibrated on known images only)
  3. transfer   teaches star, pentagon and hexagon from ${FULL.shots} examples each, on the base's frozen features
  4. evaluate   tests the new model on held-out images (circle, square and triangle should come back "unknown")
  5. curve      transfer against the same network trained from scratch and a prototype head, at several
                numbers of examples per class and seeds, on one held-out test set

Backends, fastest first (the first that runs is used; the others are reported with the reason):
  ${backends.join(', ')}
  tfjs-node-gpu and tfjs-node load only when installed (see the README: CUDA, libtensorflow); webgpu runs tfjs's
  WebGPU backend on Dawn (the optional "webgpu" package) and is used only when Dawn finds a GPU adapter that
  computes a test product right.

Sizes:
  full (default)  base ${FULL.basePerClass} per class x ${FULL.baseEpochs} epochs; curve at ${list(FULL.curveShots)} examples, seeds ${list(FULL.curveSeeds)}
                  (meant for a GPU; an estimated 15-20 minutes on two CPU cores)
  --quick         base ${QUICK.basePerClass} per class x ${QUICK.baseEpochs} epochs; curve at ${list(QUICK.curveShots)} examples, seed ${list(QUICK.curveSeeds)}

Outputs (--out): base/ and transfer/ (model.json + weights.bin, with class names and the open-set rule),
report.html, results.json. Written into a temporary folder and renamed into place.

Examples:
  $ node dist/main.js --quick --out /tmp/experiment
  $ node dist/main.js                              the full experiment, into the web app's public/experiment
  $ node dist/main.js --backend wasm --json > results.json
  $ SHAPES_BACKEND=cpu node dist/main.js --quick --out /tmp/cpu --epochs 1

Exit codes: 0 done, 1 the run failed or the backend asked for cannot run, 2 bad input (the message says the fix).
`;
}

/** An option's help: the full and quick values of one size. */
export function sizeHelp(what: string, key: Exclude<keyof typeof FULL, 'name'>): string {
  const [full, quick] = [FULL[key], QUICK[key]].map((v) => (Array.isArray(v) ? list(v) : String(v)));
  return full === quick ? `${what} (${full})` : `${what} (full ${full}, quick ${quick})`;
}
