import { ShapesTrainError } from './shapes-train-error.js';

/**
 * A run stopped because its `AbortSignal` was aborted. Its checkpoints hold `epochsSaved` epochs, so resuming the
 * run continues after them (or starts it over when there are none).
 */
export class TrainingInterruptedError extends ShapesTrainError {
  override name = 'TrainingInterruptedError';

  constructor(
    /** Epochs whose checkpoint is saved, those of earlier sessions of the run included. */
    readonly epochsSaved: number,
    /** Epochs the run was asked to reach. */
    readonly epochs: number,
    /** `training`: stopped between batches; `saving`: every epoch trained, stopped before the model was saved. */
    readonly stage: 'training' | 'saving',
    options?: ErrorOptions,
  ) {
    super(
      stage === 'saving'
        ? 'Interrupted after training, before the model was saved; resume the run to finish it.'
        : epochsSaved === 0
          ? 'Interrupted before the first epoch finished, so nothing was saved; resuming starts the run over.'
          : `Interrupted. Epoch ${epochsSaved} of ${epochs} is saved; resume the run to continue.`,
      options,
    );
  }
}
