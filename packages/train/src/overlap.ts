import { contentHash, type Dataset } from '@shapes/data';
import { DatasetOverlapError } from './errors/dataset-overlap-error.js';

type Images = Pick<Dataset, 'images' | 'shape'>;

const NO_LABELS = new Int32Array(0);

/**
 * One 64-bit content hash per image (its pixels only, not its label, so a relabelled copy still counts as the
 * same image). Images are compared by value, not by index, because a subset or an ImageFolder re-import of the
 * same pictures gives new indices but the same bytes.
 */
export function imageHashes(dataset: Images): Set<string> {
  const [n, h, w, c] = dataset.shape;
  const per = h * w * c;
  const hashes = new Set<string>();
  for (let i = 0; i < n; i++) {
    const images = dataset.images.subarray(i * per, (i + 1) * per);
    hashes.add(contentHash({ images, labels: NO_LABELS, shape: [1, h, w, c] }));
  }
  return hashes;
}

/** How many images of `dataset` have a hash in `seen`. */
export function countShared(seen: ReadonlySet<string>, dataset: Images): number {
  let shared = 0;
  for (const hash of imageHashes(dataset)) if (seen.has(hash)) shared++;
  return shared;
}

/** Names used in the error message of {@link assertDisjoint}. */
export interface DisjointNames {
  /** Default: `training`. */
  first?: string;
  /** Default: `test`. */
  second?: string;
}

/**
 * Throws a {@link DatasetOverlapError} naming how many images of `b` also appear in `a` (identical pixels and
 * pixel type). Run it before scoring a model on `b` after training it on `a`.
 *
 * @example assertDisjoint(train, test, { first: 'training', second: 'test' });
 */
export function assertDisjoint(a: Images, b: Images, names: DisjointNames = {}): void {
  const shared = countShared(imageHashes(a), b);
  if (shared > 0) throw overlapError(shared, b.shape[0], names);
}

/** The error {@link assertDisjoint} throws, for callers that keep the first set's hashes themselves. */
export function overlapError(shared: number, total: number, names: DisjointNames = {}): DatasetOverlapError {
  const first = names.first ?? 'training';
  const second = names.second ?? 'test';
  return new DatasetOverlapError(
    shared,
    `${shared} of the ${total} ${second} images are also in the ${first} set (identical pixels): scores on ` +
      `them would be inflated. Split the data with split() from @shapes/data, which never puts an image in two parts.`,
  );
}
