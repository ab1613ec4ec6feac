import { ShapesDataError } from './shapes-data-error.js';

/**
 * A folder or image file that is missing, empty or unreadable; `path` names it. When a library's error led to
 * it, that error is the `cause`, kept for debugging but out of the message.
 */
export class ImageFolderError extends ShapesDataError {
  override readonly name = 'ImageFolderError';
  constructor(
    message: string,
    readonly path: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
