import { ShapesDataError } from './shapes-data-error.js';

/** A shape name that is not in the registry; the message lists the shapes that are. */
export class UnknownShapeError extends ShapesDataError {
  override readonly name = 'UnknownShapeError';
  constructor(
    readonly shape: string,
    known: readonly string[],
  ) {
    super(
      `Unknown shape "${shape}". Known shapes: ${known.join(', ')}. Register new ones with registerShape().`,
    );
  }
}
