/** Base class of every error `@shapes/runtime` throws on purpose; `name` is stable for `instanceof`-free checks. */
export class ShapesRuntimeError extends Error {
  override name = 'ShapesRuntimeError';
}
