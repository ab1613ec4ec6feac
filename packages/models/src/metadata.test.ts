import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultCnn } from './architectures/default-cnn.js';
import { InvalidModelError } from './errors/invalid-model-error.js';
import { checkMetadata, createMetadata, LIBRARY, type ModelMetadata, readMetadata } from './metadata.js';

let model: tfl.Sequential;

beforeAll(async () => {
  await tf.setBackend('cpu');
  model = createDefaultCnn({ classes: 3, inputSize: 16 });
});

afterAll(() => model.dispose());

const classNames = ['circle', 'square', 'triangle'];
const base = (): ModelMetadata => createMetadata(model, { classNames });

describe('createMetadata', () => {
  it('takes the input size and channels from the model and fills the defaults', () => {
    const before = Date.now();
    const m = base();
    expect(m).toMatchObject({
      format: 'shapes-model',
      formatVersion: 1,
      classNames,
      inputSize: 16,
      channels: 1,
      preprocessing: { scale: 'unit' },
      architecture: 'default_cnn',
      provenance: { library: LIBRARY },
    });
    expect(Date.parse(m.provenance!.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    const rgb = createDefaultCnn({ classes: 2, inputSize: 24, channels: 3 });
    expect(createMetadata(rgb, { classNames: ['a', 'b'] })).toMatchObject({ inputSize: 24, channels: 3 });
    rgb.dispose();
  });

  it('keeps provenance, open-set and prototype fields given to it', () => {
    const openSet = {
      method: 'prototype' as const,
      threshold: 0.7,
      knownRate: 0.99,
      prototypes: [[0.6, 0.8]],
    };
    const m = createMetadata(model, {
      classNames,
      architecture: 'custom',
      provenance: { base: 'base-v1', dataset: { preset: 'default', seed: 7 } },
      openSet,
      prototypes: { embeddings: [[0.1, 0.2]] },
    });
    expect(m.architecture).toBe('custom');
    expect(m.provenance).toMatchObject({ base: 'base-v1', dataset: { seed: 7 }, library: LIBRARY });
    expect(m.openSet).toEqual(openSet);
    expect(m.prototypes).toEqual({ embeddings: [[0.1, 0.2]] });
  });

  it('refuses class names that do not fit the output', () => {
    expect(() => createMetadata(model, { classNames: ['a', 'b', 'c', 'd'] })).toThrow(
      /names 4 classes .* output layer "head_output" has 3 units/,
    );
  });

  it('records the version in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(LIBRARY).toBe(`${pkg.name}@${pkg.version}`);
  });
});

describe('checkMetadata', () => {
  const check = (change: Record<string, unknown>) => () =>
    checkMetadata(model, { ...base(), ...change }, '"x/model.json"');

  it('accepts metadata made for the model', () => {
    const m = base();
    expect(checkMetadata(model, JSON.parse(JSON.stringify(m)))).toEqual(m);
  });

  it('names the file and the mismatch', () => {
    expect(check({ classNames: ['a', 'b', 'c', 'd'] })).toThrow(InvalidModelError);
    expect(check({ classNames: ['a', 'b', 'c', 'd'] })).toThrow(
      /^"x\/model.json": the metadata names 4 classes \(a, b, c, d\) but the model's output layer "head_output" has 3 units/,
    );
    expect(check({ inputSize: 64 })).toThrow(/says inputs are 64x64x1 but the model takes 16x16x1/);
    expect(check({ channels: 3 })).toThrow(/says inputs are 16x16x3 but the model takes 16x16x1/);
  });

  it('refuses unknown versions and malformed fields', () => {
    expect(check({ formatVersion: 2 })).toThrow(/formatVersion is 2, .* reads version 1 only; .* newer/);
    expect(check({ format: 'other' })).toThrow(/format is "other", expected "shapes-model"/);
    expect(check({ classNames: [] })).toThrow(/classNames must be a non-empty array/);
    expect(check({ classNames: ['a', 'a', 'b'] })).toThrow(/name "a" twice/);
    expect(check({ classNames: ['a', 2, 'b'] })).toThrow(/classNames\[1\] must be a non-empty string/);
    expect(check({ inputSize: 1.5 })).toThrow(/inputSize is 1.5/);
    expect(check({ inputSize: 20000 })).toThrow(
      /^"x\/model.json": metadata inputSize is 20000, over the limit of 512 pixels .* restore it or save the model again/,
    );
    expect(check({ preprocessing: { scale: 'imagenet' } })).toThrow(/preprocessing/);
    expect(check({ architecture: '' })).toThrow(/architecture/);
    expect(check({ provenance: { createdAt: 1 } })).toThrow(/provenance/);
    expect(check({ openSet: { method: 'max-softmax', threshold: 0.5 } })).toThrow(
      /openSet must be an object whose method is one of softmax, energy, prototype/,
    );
    expect(check({ openSet: { method: 'softmax', threshold: Number.NaN } })).toThrow(
      /openSet.threshold is NaN/,
    );
    expect(check({ openSet: { method: 'softmax', threshold: 0.5, base: { head: [] } } as never })).toThrow(
      /openSet.base head must be a non-empty array/,
    );
    expect(check({ prototypes: { centre: Number.POSITIVE_INFINITY } })).toThrow(/JSON cannot store/);
    expect(() => checkMetadata(model, 'nope', 'm')).toThrow(/not an object/);
  });
});

describe('readMetadata', () => {
  it('reads userDefinedMetadata.shapes beside other tools’ keys', () => {
    const m = createDefaultCnn({ classes: 3, inputSize: 16 });
    m.setUserDefinedMetadata({ other: { tool: 1 }, shapes: base() as unknown as object });
    expect(readMetadata(m).classNames).toEqual(classNames);
    m.dispose();
  });

  it('says when there is none', () => {
    const m = createDefaultCnn({ classes: 3, inputSize: 16 });
    expect(() => readMetadata(m, '"y/model.json"')).toThrow(
      /^"y\/model.json" has no @shapes metadata \(userDefinedMetadata.shapes\)/,
    );
    m.dispose();
  });
});
