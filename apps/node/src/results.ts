import type { BackendReport } from '@shapes/runtime';
import type { ExperimentRun } from './experiment.js';
import type { ExperimentSizes } from './sizes.js';

/** The files of an output folder, relative to it (the web app fetches `/experiment/<file>`). */
export const OUTPUT_FILES = {
  base: 'base/model.json',
  transfer: 'transfer/model.json',
  report: 'report.html',
  results: 'results.json',
} as const;

/** results.json: what ran, how long each step took, and every figure the report shows. */
export type Results = ReturnType<typeof buildResults>;

/** What {@link buildResults} needs besides the run. */
export interface ResultsContext {
  run: ExperimentRun;
  backend: BackendReport;
  description: string;
  ranOn: string;
  sizes: ExperimentSizes;
  seed: number;
  command: string;
  totalSeconds: number;
  backendStartSeconds: number;
  createdAt?: Date;
}

/** Gathers a run's figures as plain JSON, every fraction kept to what is worth reading (4 digits). */
export function buildResults(c: ResultsContext) {
  const { run } = c;
  return readable({
    app: '@shapes/node-app' as const,
    createdAt: (c.createdAt ?? new Date()).toISOString(),
    /** The command line that made it. */
    command: c.command,
    seed: c.seed,
    sizes: c.sizes,
    /** The backend report, the line printed at start, and `tf.getBackend()` after the last step (what every step ran on). */
    backend: { ...c.backend, description: c.description, ranOn: c.ranOn },
    timings: {
      totalSeconds: c.totalSeconds,
      backendStartSeconds: c.backendStartSeconds,
      baseTrainSeconds: run.base.trainSeconds,
      baseTrainSamplesPerSecond: Math.round(run.base.samplesPerSecond),
      baseEvaluateSeconds: run.base.evaluateSeconds,
      transferTrainSeconds: run.transfer.trainSeconds,
      transferEvaluateSeconds: run.transfer.evaluateSeconds,
      curveSeconds: run.curveSeconds,
    },
    base: {
      classNames: run.base.classNames,
      accuracy: run.base.test.accuracy,
      test: run.base.test,
      history: run.base.history.map((h) => ({
        epoch: h.epoch + 1,
        loss: h.loss,
        accuracy: h.accuracy ?? null,
        rate: h.rate,
      })),
      // The figures of each rule, not the rule itself (the base model's metadata holds the one it uses).
      openSet: run.base.openSet.map(
        ({ method, auroc, knownAccuracyWithRule, unknownFlagged, perUnknownClass }) => ({
          method,
          auroc,
          knownAccuracyWithRule,
          unknownFlagged,
          perUnknownClass,
        }),
      ),
    },
    transfer: {
      classNames: run.transfer.classNames,
      shots: run.transfer.shots,
      accuracy: run.transfer.test.accuracy,
      test: run.transfer.test,
    },
    curve: {
      shapes: run.curve.shapes,
      summary: run.curve.summary.map((s) => ({
        method: s.method,
        shots: s.shots,
        accuracy: s.accuracy.mean,
        std: s.accuracy.std,
        min: s.accuracy.min,
        max: s.accuracy.max,
        seconds: s.seconds.mean,
      })),
      points: run.curve.points,
    },
    outputs: OUTPUT_FILES,
  });
}

/** A copy with every number that is not whole kept to 4 significant digits; non-finite ones stay as they are. */
function readable<T>(value: T): T {
  if (typeof value === 'number') {
    return (Number.isInteger(value) || !Number.isFinite(value) ? value : Number(value.toPrecision(4))) as T;
  }
  if (Array.isArray(value)) return value.map(readable) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readable(v)])) as T;
  }
  return value;
}
