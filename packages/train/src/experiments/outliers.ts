import { createDataset, type Dataset, type RenderOptions } from '@shapes/data';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { OUTLIER_LABEL } from '../trainer.js';

/**
 * The shape of the outlier images: "none of these", a shape of `@shapes/data` that draws from several families
 * so that the model meets more of what people draw besides its classes: random irregular polygons of 5 to 12
 * corners, smooth random blobs, zigzags, spirals and crosses with random proportions (also registered one by one
 * as `random-polygon`, `blob`, `zigzag`, `spiral` and `cross`). None is one of the generator's regular shapes
 * (the star, pentagon and hexagon the open-set tests use among them), so training on them teaches "none of
 * these" without showing the model any shape it is later tested on.
 */
export const OUTLIER_SHAPE = 'irregular-polygon';

/**
 * `count` images of {@link OUTLIER_SHAPE} in the `default` preset, labelled -1 (none of `classNames`), to mix
 * into a training set with {@link concatDatasets}: the Trainer trains them towards equal class probabilities.
 */
export function outlierDataset(
  count: number,
  seed: number,
  classNames: readonly string[],
  render?: Partial<RenderOptions>,
): Dataset {
  const ds = createDataset({ shapes: [OUTLIER_SHAPE], perClass: count, seed, preset: 'default', render });
  ds.labels.fill(OUTLIER_LABEL);
  return { ...ds, classNames: [...classNames] };
}

/** One dataset of the images of `a` then `b`, which must agree on image size, pixel type and class names. */
export function concatDatasets(a: Dataset, b: Dataset): Dataset {
  const [n, h, w, c] = a.shape;
  const m = b.shape[0];
  if (
    b.shape[1] !== h ||
    b.shape[2] !== w ||
    b.shape[3] !== c ||
    a.images.constructor !== b.images.constructor
  ) {
    throw new InvalidArgumentError(
      'concatDatasets: the two datasets differ in image size, channels or pixel type.',
    );
  }
  const images = new (a.images.constructor as new (k: number) => Dataset['images'])((n + m) * h * w * c);
  images.set(a.images, 0);
  images.set(b.images, n * h * w * c);
  const labels = new Int32Array(n + m);
  labels.set(a.labels, 0);
  labels.set(b.labels, n);
  return { images, labels, classNames: [...a.classNames], shape: [n + m, h, w, c], meta: a.meta };
}

/**
 * A test set of known classes joined by images of classes the model does not know, with each image's true class
 * name (`truth`), for `summarizePredictions`: the unknown images take the known set's class names so the two
 * concatenate, and only `truth` says what they are.
 */
export function withUnknowns(known: Dataset, unknown: Dataset): { data: Dataset; truth: string[] } {
  const data = concatDatasets(known, { ...unknown, classNames: known.classNames });
  const truth = [
    ...Array.from(known.labels, (l) => known.classNames[l] as string),
    ...Array.from(unknown.labels, (l) => unknown.classNames[l] as string),
  ];
  return { data, truth };
}
