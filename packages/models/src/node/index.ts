export type { FileSystemHandlerOptions } from './file-system-handler.js';
export {
  DEFAULT_MAX_MODEL_JSON_BYTES,
  DEFAULT_MAX_WEIGHTS_BYTES,
  fileSystemHandler,
  MODEL_JSON_FILE,
  WEIGHTS_FILE,
} from './file-system-handler.js';
export type { LoadModelFromDirOptions, SaveModelToDirOptions } from './save-load-node.js';
export { loadModelFromDir, saveModelToDir } from './save-load-node.js';
