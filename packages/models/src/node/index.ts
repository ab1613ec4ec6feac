export type { FileSystemHandlerOptions } from './file-system-handler.js';
export { fileSystemHandler, MODEL_JSON_FILE } from './file-system-handler.js';
export type { LoadModelFromDirOptions, SaveModelToDirOptions } from './save-load-node.js';
export { loadModelFromDir, saveModelToDir } from './save-load-node.js';
