/**
 * Base class of every error `@shapes/data` throws on purpose. Each subclass has a stable `name`, so callers
 * (the CLI above all) can tell a user's mistake from a bug and print the message without a stack trace.
 */
export class ShapesDataError extends Error {
  override readonly name: string = 'ShapesDataError';
}
