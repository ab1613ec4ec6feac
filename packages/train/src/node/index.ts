export { FolderLockedError } from '../errors/folder-locked-error.js';
export type { ResumeProblem } from '../errors/resume-error.js';
export { ResumeError } from '../errors/resume-error.js';
export { TrainingInterruptedError } from '../errors/training-interrupted-error.js';
export type {
  CheckpointOptions,
  CheckpointState,
  Checkpoints,
  LoadedCheckpoint,
  SaveCheckpointOptions,
} from './checkpoint.js';
export { checkpoints, hasCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
export type { EvaluateFolderOptions } from './evaluate-folder.js';
export { evaluateFolder } from './evaluate-folder.js';
export type { FolderLock, LockFolderOptions, LockHolder } from './folder-lock.js';
export { LOCK_FILE, lockFolder } from './folder-lock.js';
export { readImagesOf } from './real-images.js';
export type { TrainedModel, TrainModelOptions } from './train-model.js';
export { trainModel } from './train-model.js';
export type { TrainingLogFileOptions } from './training-log-file.js';
export { trainingLogFile } from './training-log-file.js';
export type { RunOptions, TrainingRun } from './training-run.js';
export { CHECKPOINTS_DIR, holdsCheckpointedRun } from './training-run.js';
export type { InputFormat, TrainingSets } from './training-sets.js';
export { folderSets, generatedSets } from './training-sets.js';
export { writeFileAtomic } from './write-file-atomic.js';
export { writeReport } from './write-report.js';
