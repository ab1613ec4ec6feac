import {
  cos,
  createDataset,
  type Dataset,
  listShapes,
  type Rng,
  registerShape,
  type ShapeOutline,
  sin,
} from '@shapes/data';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { OUTLIER_LABEL } from '../trainer.js';

/**
 * The shape of the outlier images: random irregular polygons of 5 to 12 corners, each corner at its own
 * distance from the centre and off its regular angle. They belong to no class (circle, square, triangle, nor the star, pentagon and
 * hexagon the open-set tests use, which are regular), so training on them teaches "none of these" without
 * showing the model any shape it is later tested on.
 */
export const OUTLIER_SHAPE = 'irregular-polygon';

function irregularPolygon(rng: Rng): ShapeOutline {
  const corners = rng.int(5, 13);
  const step = (2 * Math.PI) / corners;
  const points: number[] = [];
  // From jagged to nearly round: how far corners may fall inside the unit circle varies per polygon.
  const inner = rng.range(0.35, 0.8);
  for (let i = 0; i < corners; i++) {
    const angle = step * (i + rng.range(-0.35, 0.35));
    const radius = rng.range(inner, 1);
    // @shapes/data's cos and sin give the same bits on every machine, so the images do too.
    points.push(radius * cos(angle), radius * sin(angle));
  }
  return { points, smooth: false };
}

/**
 * `count` images of {@link OUTLIER_SHAPE} in the `default` preset, labelled -1 (none of `classNames`), to mix
 * into a training set with {@link concatDatasets}: the Trainer trains them towards equal class probabilities.
 */
export function outlierDataset(count: number, seed: number, classNames: readonly string[]): Dataset {
  if (!listShapes().includes(OUTLIER_SHAPE))
    registerShape({ name: OUTLIER_SHAPE, outline: irregularPolygon });
  const ds = createDataset({ shapes: [OUTLIER_SHAPE], perClass: count, seed, preset: 'default' });
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
