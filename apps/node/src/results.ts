import type { PredictionSummary } from '@shapes/train';
import type { AppBackendReport } from './backend.js';
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
export interface Results {
  app: '@shapes/node-app';
  createdAt: string;
  /** The command line that made it. */
  command: string;
  seed: number;
  sizes: ExperimentSizes;
  backend: AppBackendReport & {
    /** The line printed at start. */
    description: string;
    /** `tf.getBackend()` after the last step: the backend every step ran on. */
    ranOn: string;
  };
  timings: {
    totalSeconds: number;
    backendStartSeconds: number;
    baseTrainSeconds: number;
    baseTrainSamplesPerSecond: number;
    baseEvaluateSeconds: number;
    transferTrainSeconds: number;
    transferEvaluateSeconds: number;
    curveSeconds: number;
  };
  base: {
    classNames: string[];
    accuracy: number;
    test: PredictionSummary;
    history: { epoch: number; loss: number; accuracy: number | null; rate: number }[];
    openSet: {
      method: string;
      auroc: number;
      knownAccuracyWithRule: number;
      unknownFlagged: number;
      perUnknownClass: { name: string; auroc: number; flagged: number }[];
    }[];
  };
  transfer: { classNames: string[]; shots: number; accuracy: number; test: PredictionSummary };
  curve: {
    shapes: string[];
    summary: {
      method: string;
      shots: number;
      accuracy: number;
      std: number;
      min: number;
      max: number;
      seconds: number;
    }[];
    points: { method: string; shots: number; seed: number; accuracy: number; seconds: number }[];
  };
  outputs: typeof OUTPUT_FILES;
}

/** What {@link buildResults} needs besides the run. */
export interface ResultsContext {
  run: ExperimentRun;
  backend: AppBackendReport;
  description: string;
  ranOn: string;
  sizes: ExperimentSizes;
  seed: number;
  command: string;
  totalSeconds: number;
  backendStartSeconds: number;
  createdAt?: Date;
}

const round = (x: number, digits = 4) => (Number.isFinite(x) ? +x.toFixed(digits) : x);

/** Gathers a run's figures as plain JSON, numbers rounded to what is worth reading. */
export function buildResults(c: ResultsContext): Results {
  const { run } = c;
  return {
    app: '@shapes/node-app',
    createdAt: (c.createdAt ?? new Date()).toISOString(),
    command: c.command,
    seed: c.seed,
    sizes: c.sizes,
    backend: { ...c.backend, description: c.description, ranOn: c.ranOn },
    timings: {
      totalSeconds: round(c.totalSeconds, 1),
      backendStartSeconds: round(c.backendStartSeconds, 2),
      baseTrainSeconds: round(run.base.trainSeconds, 1),
      baseTrainSamplesPerSecond: Math.round(run.base.samplesPerSecond),
      baseEvaluateSeconds: round(run.base.evaluateSeconds, 1),
      transferTrainSeconds: round(run.transfer.trainSeconds, 2),
      transferEvaluateSeconds: round(run.transfer.evaluateSeconds, 1),
      curveSeconds: round(run.curveSeconds, 1),
    },
    base: {
      classNames: run.base.classNames,
      accuracy: round(run.base.test.accuracy),
      test: roundSummary(run.base.test),
      history: run.base.history.map((h) => ({
        epoch: h.epoch + 1,
        loss: round(h.loss),
        accuracy: h.accuracy === undefined ? null : round(h.accuracy),
        rate: h.rate,
      })),
      openSet: run.base.openSet.map((m) => ({
        method: m.method,
        auroc: round(m.auroc),
        knownAccuracyWithRule: round(m.knownAccuracyWithRule),
        unknownFlagged: round(m.unknownFlagged),
        perUnknownClass: m.perUnknownClass.map((u) => ({
          ...u,
          auroc: round(u.auroc),
          flagged: round(u.flagged),
        })),
      })),
    },
    transfer: {
      classNames: run.transfer.classNames,
      shots: run.transfer.shots,
      accuracy: round(run.transfer.test.accuracy),
      test: roundSummary(run.transfer.test),
    },
    curve: {
      shapes: run.curve.shapes,
      summary: run.curve.summary.map((s) => ({
        method: s.method,
        shots: s.shots,
        accuracy: round(s.accuracy.mean),
        std: round(s.accuracy.std),
        min: round(s.accuracy.min),
        max: round(s.accuracy.max),
        seconds: round(s.seconds.mean, 2),
      })),
      points: run.curve.points.map((p) => ({
        ...p,
        accuracy: round(p.accuracy),
        seconds: round(p.seconds, 2),
      })),
    },
    outputs: OUTPUT_FILES,
  };
}

function roundSummary(s: PredictionSummary): PredictionSummary {
  return {
    ...s,
    accuracy: round(s.accuracy),
    accuracyWithUnknown: round(s.accuracyWithUnknown),
    macroF1: round(s.macroF1),
    perClass: Object.fromEntries(
      Object.entries(s.perClass).map(([k, m]) => [
        k,
        { precision: round(m.precision), recall: round(m.recall), f1: round(m.f1), support: m.support },
      ]),
    ),
    unknown: { ...s.unknown, auroc: s.unknown.auroc === null ? null : round(s.unknown.auroc) },
  };
}
