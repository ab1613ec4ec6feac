/** Base class of every error `@shapes/models` throws on purpose; `name` is stable for checks without `instanceof`. */
export class ShapesModelsError extends Error {
  override name = 'ShapesModelsError';
}
