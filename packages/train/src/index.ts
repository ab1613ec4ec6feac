export type {
  BatchProgress,
  BatchStart,
  EpochEndResult,
  EpochTiming,
  TrainContext,
  TrainEnd,
  TrainerCallback,
  TrainerSnapshot,
} from './callbacks/callback.js';
export type { EarlyStopping, EarlyStoppingOptions, Monitor } from './callbacks/early-stopping.js';
export { earlyStopping } from './callbacks/early-stopping.js';
export type { ProgressLogOptions } from './callbacks/progress-log.js';
export { progressLog } from './callbacks/progress-log.js';
export { fromTfCallbacks } from './callbacks/tf-callbacks.js';
export type {
  TrainingLog,
  TrainingLogField,
  TrainingLogFormat,
  TrainingLogOptions,
  TrainingLogRow,
} from './callbacks/training-log.js';
export { TRAINING_LOG_COLUMNS, trainingLog } from './callbacks/training-log.js';
export { CheckpointError } from './errors/checkpoint-error.js';
export { DatasetOverlapError } from './errors/dataset-overlap-error.js';
export { InvalidArgumentError } from './errors/invalid-argument-error.js';
export { NonFiniteLossError } from './errors/non-finite-loss-error.js';
export { ShapesTrainError } from './errors/shapes-train-error.js';
export type {
  BaseExperimentOptions,
  BaseExperimentResult,
  MakeDataset,
} from './experiments/base-experiment.js';
export { BASE_SHAPES, trainBase } from './experiments/base-experiment.js';
export type {
  CompareMethodsOptions,
  ComparePoint,
  FewShotMethod,
  FewShotTrained,
  FewShotTrainingOptions,
  LearningCurve,
  LearningCurveOptions,
  LearningCurvePoint,
  MethodRun,
} from './experiments/few-shot-experiment.js';
export {
  compareMethods,
  fineTune,
  learningCurve,
  trainFromScratch,
} from './experiments/few-shot-experiment.js';
export { learningCurveSvg } from './experiments/learning-curve-svg.js';
export type { OpenSetExperimentOptions, OpenSetMeasurement } from './experiments/open-set-experiment.js';
export { measureOpenSet } from './experiments/open-set-experiment.js';
export { concatDatasets, outlierDataset, withUnknowns } from './experiments/outliers.js';
export type {
  CosineDecayOptions,
  LearningRateSchedule,
  ReduceOnPlateauOptions,
  StepDecayOptions,
} from './lr-schedule.js';
export { constantRate, cosineDecay, reduceOnPlateau, stepDecay } from './lr-schedule.js';
export type { AnsweredSet } from './metrics/answer-set.js';
export { answerSet } from './metrics/answer-set.js';
export type { RocPoint } from './metrics/auroc.js';
export { auroc, rocCurve, thresholdAtTpr } from './metrics/auroc.js';
export type { ClassificationReport, ClassMetrics } from './metrics/classification-report.js';
export { classificationReport, formatConfusionMatrix } from './metrics/classification-report.js';
export { confusionMatrix } from './metrics/confusion-matrix.js';
export type { MeanStd } from './metrics/mean-std.js';
export { meanStd } from './metrics/mean-std.js';
export type { PredictionSummary } from './metrics/prediction-summary.js';
export { summarizePredictions, UNKNOWN_LABEL } from './metrics/prediction-summary.js';
export type { DisjointNames } from './overlap.js';
export { assertDisjoint } from './overlap.js';
export type {
  CurvePoint,
  HistoryPoint,
  Report,
  ReportClassMetrics,
  ReportImage,
  ReportSection,
  SampleImage,
  SamplesOfOptions,
} from './report/index.js';
export { renderReport, samplesOf } from './report/index.js';
export type { Evaluation, FitOptions, InferenceOptions, TrainerOptions, TrainResult } from './trainer.js';
export { OUTLIER_LABEL, Trainer } from './trainer.js';
export type { EpochLogs } from './types.js';
export { BASE_DEFAULTS, PRETRAINED_RECIPE, TRANSFER_DEFAULTS } from './workflows/defaults.js';
export type { DemoRun, RunDemoOptions } from './workflows/run-demo.js';
export { DEMO, runDemo } from './workflows/run-demo.js';
export type { RunTransferOptions, TransferMethod, TransferRun } from './workflows/run-transfer.js';
export { outliersFit, runTransfer } from './workflows/run-transfer.js';
