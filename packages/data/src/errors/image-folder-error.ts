import { ShapesDataError } from './shapes-data-error.js';

/** A folder or image file that is missing, empty or unreadable; `path` names it. */
export class ImageFolderError extends ShapesDataError {
  override readonly name = 'ImageFolderError';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}
