import {
  cos,
  createDataset,
  type Dataset,
  listShapes,
  type Rng,
  registerShape,
  type ShapeOutline,
  sin,
  strokePolyline,
} from '@shapes/data';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { OUTLIER_LABEL } from '../trainer.js';

/**
 * The shape of the outlier images: "none of these", drawn from several families so that the model meets more
 * of what people draw besides its classes. Random irregular polygons of 5 to 12 corners (each corner at its own
 * distance from the centre and off its regular angle), smooth random blobs, zigzags, spirals and crosses with
 * random proportions. None is one of the generator's regular shapes (the star, pentagon and hexagon the
 * open-set tests use among them), so training on them teaches "none of these" without showing the model any
 * shape it is later tested on.
 */
export const OUTLIER_SHAPE = 'irregular-polygon';

function outlierOutline(rng: Rng): ShapeOutline {
  const family = rng.int(0, 5);
  if (family === 0) return irregularPolygon(rng);
  if (family === 1) return blob(rng);
  if (family === 2) return band(zigzag(rng), rng.range(0.05, 0.14));
  if (family === 3) return band(spiral(rng), rng.range(0.04, 0.09));
  return cross(rng);
}

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

// A closed curve whose radius wanders with the angle: a pebble, a bean, a lumpy cloud.
function blob(rng: Rng): ShapeOutline {
  // Each wave at least 0.08 strong, so that no blob is nearly a circle (a class, not "none of these").
  const waves = [2, 3, 4, 5].map((k) => ({
    k,
    a: rng.range(0.08, 0.22) * (rng.chance(0.5) ? 1 : -1),
    phase: rng.range(0, 2 * Math.PI),
  }));
  const n = 48;
  const radii: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    radii.push(waves.reduce((r, w) => r + w.a * cos(w.k * t + w.phase), 1));
  }
  const top = Math.max(...radii);
  const points: number[] = [];
  radii.forEach((r, i) => {
    const t = (2 * Math.PI * i) / n;
    points.push((r / top) * cos(t), (r / top) * sin(t));
  });
  return { points, smooth: true };
}

function zigzag(rng: Rng): number[] {
  const teeth = rng.int(3, 7);
  const amp = rng.range(0.25, 0.6);
  const line: number[] = [];
  for (let i = 0; i <= teeth; i++)
    line.push(-1 + (2 * i) / teeth, (i % 2 === 0 ? -amp : amp) * rng.range(0.7, 1));
  return line;
}

function spiral(rng: Rng): number[] {
  const turns = rng.range(1.5, 2.6);
  const start = rng.range(0, 2 * Math.PI);
  const steps = Math.ceil(turns * 24);
  const line: number[] = [];
  for (let i = 0; i <= steps; i++) {
    const f = i / steps;
    const r = 0.12 + 0.88 * f;
    const t = start + 2 * Math.PI * turns * f;
    line.push(r * cos(t), r * sin(t));
  }
  return line;
}

// A plus sign with arms of their own length and one width.
function cross(rng: Rng): ShapeOutline {
  // From a pen-thin X to a chunky plus.
  const w = rng.range(0.04, 0.3);
  const [e, n, west, s] = [0, 1, 2, 3].map(() => rng.range(0.6, 1));
  const points = [w, -w, e as number, -w, e as number, w, w, w, w, n as number, -w, n as number, -w, w];
  points.push(-(west as number), w, -(west as number), -w, -w, -w, -w, -(s as number), w, -(s as number));
  return { points, smooth: false };
}

// An open line drawn as a band of half-width `hw`: a closed outline every render style can draw. Marked smooth,
// so the sketch style draws it in one stroke rather than one stroke per tiny side.
function band(line: number[], hw: number): ShapeOutline {
  const outline = strokePolyline(line, false, hw)[0] as Float64Array;
  return { points: Array.from(outline), smooth: true };
}

/**
 * `count` images of {@link OUTLIER_SHAPE} in the `default` preset, labelled -1 (none of `classNames`), to mix
 * into a training set with {@link concatDatasets}: the Trainer trains them towards equal class probabilities.
 */
export function outlierDataset(count: number, seed: number, classNames: readonly string[]): Dataset {
  if (!listShapes().includes(OUTLIER_SHAPE)) registerShape({ name: OUTLIER_SHAPE, outline: outlierOutline });
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
