import { createDataset, split, subset } from '@shapes/data';
import { describe, expect, it } from 'vitest';
import { DatasetOverlapError } from './errors/dataset-overlap-error.js';
import { assertDisjoint, imageHashes } from './overlap.js';

const ds = createDataset({ shapes: ['circle', 'square'], perClass: 20, size: 16, seed: 3 });

describe('assertDisjoint', () => {
  it('passes the parts of a split and names how many images two sets share', () => {
    const { train, test } = split(ds, { train: 0.8, val: 0, test: 0.2, seed: 1 });
    expect(() => assertDisjoint(train, test)).not.toThrow();
    const leaky = subset(ds, [0, 1, 2, 3, 4]);
    const error = (() => {
      try {
        assertDisjoint(ds, leaky, { first: 'training', second: 'test' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DatasetOverlapError);
    expect(error).toMatchObject({ name: 'DatasetOverlapError', shared: 5 });
    expect((error as Error).message).toMatch(/^5 of the 5 test images are also in the training set/);
  });

  it('compares pixels, not labels or positions', () => {
    const copy = subset(ds, [7]);
    copy.labels[0] = 1 - (copy.labels[0] as number);
    expect(() => assertDisjoint(ds, copy)).toThrow(DatasetOverlapError);
    expect(imageHashes(ds).size).toBe(ds.shape[0]);
  });
});
