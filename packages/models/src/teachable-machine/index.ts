export type {
  TeachableMachineFiles,
  TeachableMachineModel,
  TeachableMachineOptions,
} from './export-model.js';
export { teachableMachineFiles, toTeachableMachine } from './export-model.js';
export { fromTeachableMachine, loadTeachableMachine, TM_INPUT_LAYER } from './import-model.js';
export type { TeachableMachineMetadata } from './tm-metadata.js';
export {
  checkTeachableMachineMetadata,
  TM_DEFAULT_IMAGE_SIZE,
  TM_METADATA_FILE,
  TM_MODEL_FILE,
  TM_PACKAGE_NAME,
  TM_PACKAGE_VERSION,
  TM_WEIGHTS_FILE,
} from './tm-metadata.js';
