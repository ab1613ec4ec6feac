/** How big each step of the experiment is. */
export interface ExperimentSizes {
  /** `full` (the default), `quick` (`--quick`), or `custom` once an option changed either. */
  name: 'full' | 'quick' | 'custom';
  /** Base model: training images per class of circle, square and triangle (and as many outliers, at least 2,000). */
  basePerClass: number;
  baseEpochs: number;
  /** Images per class of every held-out set: tests, calibration, and the shapes that should come back unknown. */
  testPerClass: number;
  /** Transfer: examples per class of star, pentagon and hexagon. */
  shots: number;
  /** Samples the new head trains on (on embeddings computed once, so cheap). */
  headSamples: number;
  /** Learning curve: examples per class, and one run per seed at each. */
  curveShots: number[];
  curveSeeds: number[];
  /** Samples the from-scratch baseline trains on, through the whole network. */
  scratchSamples: number;
}

/**
 * The whole experiment: the base recipe of `trainBase` (2,000 per class, 3 epochs) and the learning curve of
 * `pnpm bench transfer --curve` (1 to 100 examples per class, seeds 1 to 3). Meant for a GPU or a patient CPU.
 */
export const FULL: ExperimentSizes = {
  name: 'full',
  basePerClass: 2000,
  baseEpochs: 3,
  testPerClass: 300,
  shots: 20,
  headSamples: 100_000,
  curveShots: [1, 2, 5, 10, 20, 50, 100],
  curveSeeds: [1, 2, 3],
  scratchSamples: 10_000,
};

/**
 * `--quick`: every step, small, for CI on two cores (84 s on wasm on two shared cores). The base needs about 10,000
 * training samples to leave chance level (300 per class for 2 epochs stayed at 35%; 800 for 3 reached 98.7%),
 * so the savings are elsewhere: smaller held-out sets, three points of the curve on one seed, and a scratch
 * baseline with 15% of the full budget.
 */
export const QUICK: ExperimentSizes = {
  name: 'quick',
  basePerClass: 800,
  baseEpochs: 3,
  testPerClass: 100,
  shots: 20,
  headSamples: 30_000,
  curveShots: [1, 5, 20],
  curveSeeds: [1],
  scratchSamples: 1500,
};

/** The preset, with any option the user set on top; the name says `custom` when one changed it. */
export function resolveSizes(
  quick: boolean,
  overrides: Partial<Omit<ExperimentSizes, 'name'>>,
): ExperimentSizes {
  const preset = quick ? QUICK : FULL;
  const set = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const changed = Object.entries(set).some(
    ([k, v]) => JSON.stringify(v) !== JSON.stringify(preset[k as keyof ExperimentSizes]),
  );
  return { ...preset, ...set, name: changed ? 'custom' : preset.name };
}
