export { createDefaultCnn } from './architectures/default-cnn.js';
export type { ArchitectureOptions } from './architectures/options.js';
export { EMBEDDING_LAYER } from './architectures/options.js';
export { createSeedCnn } from './architectures/seed-cnn.js';
export { InvalidModelError } from './errors/invalid-model-error.js';
export { ShapesModelsError } from './errors/shapes-models-error.js';
export type { FreezeMode, TransferOptions } from './transfer.js';
export { FREEZE_MODES, setFrozen, transfer } from './transfer.js';
