import { ShapesTrainError } from './shapes-train-error.js';

/**
 * The training loss (or its gradients) became NaN or infinite. Training stops at once; the update of the
 * offending batch is not applied, so the model keeps the weights that last gave a finite loss.
 */
export class NonFiniteLossError extends ShapesTrainError {
  override name = 'NonFiniteLossError';

  constructor(
    /** 0-based epoch. */
    readonly epoch: number,
    /** 0-based batch within the epoch. */
    readonly batch: number,
    /** The loss read back: `NaN`, `Infinity` or, when only a gradient was non-finite, a finite number. */
    readonly loss: number,
    /** Learning rate the epoch trained with. */
    readonly rate: number,
  ) {
    const what = Number.isFinite(loss)
      ? `A gradient became non-finite (loss ${loss})`
      : `The loss became ${loss}`;
    super(
      `${what} at epoch ${epoch}, batch ${batch}; training stopped and the model keeps the weights from before ` +
        `that batch. Try a lower learning rate (this epoch used ${rate}), and check the images for NaN or ` +
        'infinite values.',
    );
  }
}
