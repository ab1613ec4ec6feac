export { classify } from './classify-node.js';
export type { FileSystemHandlerOptions } from './file-system-handler.js';
export { fileSystemHandler, MODEL_JSON_FILE } from './file-system-handler.js';
export type { LoadedModelFromPath, ModelLocation } from './model-path.js';
export { findModelJson, loadModelFromPath } from './model-path.js';
export type { NodeImageSource } from './read-image-file.js';
export { nodeImagePixels, readImageBatch, readImageFile } from './read-image-file.js';
export type { LoadModelFromDirOptions, SaveModelToDirOptions } from './save-load-node.js';
export { loadModelFromDir, saveModelToDir } from './save-load-node.js';
export type { SavedTeachableMachine, SaveTeachableMachineOptions } from './teachable-machine-dir.js';
export {
  loadTeachableMachineFromDir,
  readTeachableMachineMetadata,
  saveTeachableMachineToDir,
} from './teachable-machine-dir.js';
