export { BENCH_CNN_CLASSES, createBenchCnn } from './architectures/bench-cnn.js';
export type { DefaultCnnOptions } from './architectures/default-cnn.js';
export { createDefaultCnn } from './architectures/default-cnn.js';
export type { ArchitectureOptions } from './architectures/options.js';
export { EMBEDDING_LAYER } from './architectures/options.js';
export { createSeedCnn } from './architectures/seed-cnn.js';
export type { Classifier } from './classifier.js';
export { classifierOf } from './classifier.js';
export type { ClassifyOptions } from './classify/classify.js';
export type { ImageSource, PixelImage } from './classify/image-source.js';
export { imagePixels } from './classify/image-source.js';
export type { ByteBatch, ImageFormat } from './classify/model-input.js';
export { imageBatchOf } from './classify/model-input.js';
export type { Classification } from './classify/top-classes.js';
export { topClasses } from './classify/top-classes.js';
export type { ModelOutputs, OutputOptions } from './embeddings.js';
export { argMaxRows, embed, modelOutputs, softmaxRows } from './embeddings.js';
export { ImageSourceError } from './errors/image-source-error.js';
export { InvalidModelError } from './errors/invalid-model-error.js';
export { ModelExistsError } from './errors/model-exists-error.js';
export { ModelFileError } from './errors/model-file-error.js';
export { ShapesModelsError } from './errors/shapes-models-error.js';
export type { FewShotState } from './few-shot.js';
export { FewShotClassifier } from './few-shot.js';
export type { ImageBatch, LabelledBatch } from './image-batch.js';
export { MAX_INPUT_SIZE } from './limits.js';
export type { MetadataOptions, ModelMetadata, ModelProvenance, OpenSetMetadata } from './metadata.js';
export { checkMetadata, createMetadata, readMetadata } from './metadata.js';
export type { ModelFiles, ModelFilesOptions } from './model-files.js';
export { modelFiles } from './model-files.js';
export type {
  BaseCheck,
  CalibrateOptions,
  DenseWeights,
  OpenSetMethod,
  OpenSetRule,
  Prediction,
} from './open-set/index.js';
export {
  calibrateOpenSet,
  DEFAULT_KNOWN_RATE,
  OPEN_SET_METHODS,
  openSetScores,
  predict,
  ruleFromOutputs,
  ruleScores,
  thresholdKeeping,
  whyNoBaseCheck,
} from './open-set/index.js';
export type { Preprocessing } from './preprocessing.js';
export { preprocessImages, preprocessingOf, setPreprocessing } from './preprocessing.js';
export type { PretrainedArtifacts } from './pretrained/load-pretrained-base.js';
export { loadPretrainedBase, PRETRAINED, pretrainedArtifacts } from './pretrained/load-pretrained-base.js';
export type { LoadedModel, LoadModelOptions } from './save-load.js';
export { loadModel, saveModel } from './save-load.js';
export type {
  TeachableMachineFiles,
  TeachableMachineMetadata,
  TeachableMachineModel,
  TeachableMachineOptions,
} from './teachable-machine/index.js';
export {
  checkTeachableMachineMetadata,
  fromTeachableMachine,
  loadTeachableMachine,
  TM_DEFAULT_IMAGE_SIZE,
  TM_INPUT_LAYER,
  TM_METADATA_FILE,
  TM_MODEL_FILE,
  TM_PACKAGE_NAME,
  TM_PACKAGE_VERSION,
  TM_WEIGHTS_FILE,
  teachableMachineFiles,
  toTeachableMachine,
} from './teachable-machine/index.js';
export type { FreezeMode, TransferOptions } from './transfer.js';
export { copyLayer, FREEZE_MODES, setFrozen, transfer } from './transfer.js';
