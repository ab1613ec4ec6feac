export type {
  CheckpointOptions,
  CheckpointState,
  Checkpoints,
  LoadedCheckpoint,
  SaveCheckpointOptions,
} from './checkpoint.js';
export { checkpoints, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
export { readImagesOf } from './real-images.js';
