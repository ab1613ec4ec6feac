/** Base class of every error `@shapes/train` throws on purpose; `name` is stable for checks without `instanceof`. */
export class ShapesTrainError extends Error {
  override name = 'ShapesTrainError';
}
