export { FolderLockedError } from '../errors/folder-locked-error.js';
export type {
  CheckpointOptions,
  CheckpointState,
  Checkpoints,
  LoadedCheckpoint,
  SaveCheckpointOptions,
} from './checkpoint.js';
export { checkpoints, hasCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
export type { FolderLock, LockHolder } from './folder-lock.js';
export { LOCK_FILE, lockFolder } from './folder-lock.js';
export { readImagesOf } from './real-images.js';
