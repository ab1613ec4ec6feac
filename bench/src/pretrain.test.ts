import { describe, expect, it } from 'vitest';
import { measuredFigures, PRETRAINED_FILE } from './pretrain.js';

describe('pretrain', () => {
  it('writes where loadPretrainedBase reads', () => {
    expect(PRETRAINED_FILE.endsWith('packages/models/src/pretrained/base-model.json')).toBe(true);
  });

  it('keeps each look figure without the long descriptions, and the transfer in brief', () => {
    const figures = measuredFigures({
      base: { classNames: ['circle'], input: '64x64x1', openSetRule: 'none: nothing is answered unknown' },
      heldOutSeed: 1234,
      perClass: 200,
      looks: {
        seedPreset: {
          what: 'the seed preset',
          images: 600,
          accuracy: 0.99,
          answeredUnknown: 0,
          perClassAccuracy: {},
        },
      },
      transfer: {
        shapes: ['star'],
        examplesPerClass: 20,
        heldOut: { accuracy: 0.995 },
        realStars: { answeredStar: 1 },
      },
    } as never);
    expect(figures).toEqual({
      command: 'pnpm bench looks --base pretrained',
      heldOutSeed: 1234,
      looks: { seedPreset: { images: 600, accuracy: 0.99, answeredUnknown: 0 } },
      transfer: { shapes: ['star'], examplesPerClass: 20, heldOutAccuracy: 0.995, realStarsAnsweredStar: 1 },
    });
  });
});
