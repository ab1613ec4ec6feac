/** What one finished epoch produced; the trainer records one per epoch and passes them to schedules. */
export interface EpochLogs {
  /** 0-based index of the epoch. */
  epoch: number;
  /** Mean training loss over the epoch. */
  loss: number;
  accuracy?: number;
  /** Present only when the epoch was validated. */
  valLoss?: number;
  valAccuracy?: number;
  /** Learning rate the epoch trained with. */
  rate: number;
}
