import type * as tfl from '@tensorflow/tfjs-layers';
import { argMaxRows, embed, softmaxRows } from './embeddings.js';
import { InvalidModelError } from './errors/invalid-model-error.js';
import type { ImageBatch, LabelledBatch } from './image-batch.js';
import {
  checkKnownRate,
  classPrototypes,
  DEFAULT_KNOWN_RATE,
  nearestCosine,
  type Prediction,
  rejects,
  thresholdKeeping,
} from './open-set/index.js';

/** The part of a {@link FewShotClassifier} worth saving: plain JSON. */
export interface FewShotState {
  classNames: string[];
  /** One L2-normalised mean embedding per class. */
  prototypes: number[][];
  /** Cosine similarities are multiplied by this before the softmax (how peaked the probabilities are). */
  temperature: number;
  /** Below this cosine similarity to every prototype an image is `unknown`; absent: never. */
  threshold?: number;
}

/** Whether `prototypes` in a model's metadata is a few-shot head's state. */
export function isFewShotState(value: unknown): value is FewShotState {
  const s = value as Partial<FewShotState> | undefined;
  return Array.isArray(s?.classNames) && Array.isArray(s?.prototypes) && typeof s?.temperature === 'number';
}

/**
 * A nearest-prototype head on a trained model's frozen embedding: each class is the mean direction of its
 * examples' embeddings, and an image goes to the class whose direction is closest (cosine). Adding a class takes
 * a handful of images and no gradient step, so it works in a browser in milliseconds; fine-tuning with
 * `transfer` is the better option when there is time to train (the experiments in `@shapes/train` measure by
 * how much).
 *
 * @example
 * const few = FewShotClassifier.fromExamples(base, knownVal);        // circle, square, triangle
 * few.addClass('star', fiveStars);                                   // no training
 * few.predict(images)[0].label;                                      // 'star'
 */
export class FewShotClassifier {
  readonly #model: tfl.LayersModel;
  readonly #state: FewShotState;

  /** A head over `model`'s embedding from saved state (see {@link FewShotClassifier.toJSON}). */
  constructor(model: tfl.LayersModel, state: FewShotState) {
    if (state.classNames.length !== state.prototypes.length) {
      throw new InvalidModelError(
        `Few-shot state has ${state.classNames.length} class names but ${state.prototypes.length} prototypes.`,
      );
    }
    this.#model = model;
    this.#state = {
      ...state,
      classNames: [...state.classNames],
      prototypes: state.prototypes.map((p) => [...p]),
    };
  }

  /** A head with one prototype per class of `examples` (whose labels index `classNames`). */
  static fromExamples(
    model: tfl.LayersModel,
    examples: LabelledBatch,
    classNames: readonly string[],
    { temperature = 10 }: { temperature?: number } = {},
  ): FewShotClassifier {
    const { embeddings, size } = embed(model, examples);
    const prototypes = classPrototypes(
      { embeddings, embeddingSize: size },
      examples.labels,
      classNames.length,
    );
    return new FewShotClassifier(model, { classNames: [...classNames], prototypes, temperature });
  }

  /** The class names, in prototype order. */
  get classNames(): readonly string[] {
    return this.#state.classNames;
  }

  /** Adds (or replaces) a class from a few images of it: five already make a usable prototype. */
  addClass(name: string, images: ImageBatch): void {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) {
      throw new InvalidModelError(`Class names are lower-case words (got "${name}").`);
    }
    if (images.shape[0] < 1) throw new InvalidModelError(`addClass("${name}") needs at least one image.`);
    const { embeddings, size } = embed(this.#model, images);
    const [prototype] = classPrototypes(
      { embeddings, embeddingSize: size },
      new Int32Array(images.shape[0]),
      1,
    ) as [number[]];
    const at = this.#state.classNames.indexOf(name);
    if (at >= 0) this.#state.prototypes[at] = prototype;
    else {
      this.#state.classNames.push(name);
      this.#state.prototypes.push(prototype);
    }
  }

  /** Sets the cosine similarity below which an image is `unknown` (undefined: never unknown). */
  setThreshold(threshold: number | undefined): void {
    this.#state.threshold = threshold;
  }

  /**
   * Sets the threshold as an open-set rule is calibrated (see `calibrateOpenSet`): the largest that keeps
   * `knownRate` of `validation`, images of the head's classes it was not built from, as known. Returns it.
   */
  calibrateThreshold(validation: ImageBatch, knownRate = DEFAULT_KNOWN_RATE): number {
    checkKnownRate(knownRate);
    if (validation.shape[0] < 1) throw new InvalidModelError('calibrateThreshold needs at least one image.');
    const threshold = thresholdKeeping(
      this.predict(validation).map((p) => p.score),
      knownRate,
    );
    this.setThreshold(threshold);
    return threshold;
  }

  /** Classifies images by their nearest prototype. */
  predict(batch: ImageBatch): Prediction[] {
    const { embeddings, size } = embed(this.#model, batch);
    const { prototypes, classNames, temperature, threshold } = this.#state;
    const k = prototypes.length;
    const n = batch.shape[0];
    const sims = new Float32Array(n * k);
    for (let i = 0; i < n; i++) {
      const e = embeddings.subarray(i * size, (i + 1) * size);
      for (let c = 0; c < k; c++) sims[i * k + c] = nearestCosine(e, [prototypes[c] as number[]]);
    }
    const probabilities = softmaxRows(
      sims.map((s) => s * temperature),
      k,
    );
    const nearest = argMaxRows(sims, k);
    return Array.from({ length: n }, (_, i) => {
      const index = nearest[i] as number;
      const score = sims[i * k + index] as number;
      const unknown = rejects(score, threshold);
      const p = probabilities.slice(i * k, (i + 1) * k);
      return {
        label: unknown ? 'unknown' : (classNames[index] as string),
        index,
        confidence: p[index] as number,
        probabilities: p,
        unknown,
        score,
      };
    });
  }

  /** The state to save (for example in a model's metadata) and pass back to the constructor. */
  toJSON(): FewShotState {
    return structuredClone(this.#state);
  }
}
