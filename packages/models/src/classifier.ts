import type * as tfl from '@tensorflow/tfjs-layers';
import { type ClassifyOptions, classifyWith } from './classify/classify.js';
import type { ImageSource } from './classify/image-source.js';
import type { Classification } from './classify/top-classes.js';
import { FewShotClassifier, isFewShotState } from './few-shot.js';
import type { ImageBatch } from './image-batch.js';
import type { ModelMetadata } from './metadata.js';
import { type Prediction, predict } from './open-set/index.js';
import { setPreprocessing } from './preprocessing.js';

/** A saved model ready to answer: a trained head, or a few-shot prototype head on a base's embedding. */
export interface Classifier {
  /** The classes it answers (besides `unknown`). */
  classNames: readonly string[];
  inputSize: number;
  channels: 1 | 3;
  /** `softmax` for a trained head, `prototypes` for a few-shot head. */
  head: 'softmax' | 'prototypes';
  /** Whether it can answer `unknown` (it has a calibrated open-set rule or threshold). */
  openSet: boolean;
  model: tfl.LayersModel;
  metadata: ModelMetadata;
  predict(batch: ImageBatch): Prediction[];
  /**
   * The classes of a picture, best first, as `[{ className, probability }]` (the shape Teachable Machine, ml5
   * and the tfjs-models return). `source` is any {@link ImageSource}: a canvas, an image element, an
   * `ImageBitmap`, `ImageData`, a video element or frame, an image `File`, a tensor `[h, w, c]` or
   * `[1, h, w, c]` (bytes or [0, 1] floats), or `{ data, width, height, channels }`; in Node, `classify` of
   * `@shapes/models/node` also takes file paths and PNG or JPEG bytes. It is turned to the model's channels and
   * resized to its input size as `shapes predict` does (`imageBatchOf`), then answered by {@link predict}, with
   * the model's own preprocessing and `unknown` rule.
   *
   * When the rule rejects the picture, the first entry is `{ className: 'unknown', probability }`, where
   * `probability` is 1 minus the most likely class's probability, and the classes follow as the nearest answers
   * (see `topClasses`). `topK` cuts the list, `unknown` counted. An array of sources gives one list per source.
   *
   * @example
   * const [best] = await classifier.classify(canvas, { topK: 3 }); // { className: 'circle', probability: 0.97 }
   * @throws ImageSourceError naming a source it cannot read; InvalidModelError for a bad `topK`.
   */
  classify(source: ImageSource, options?: ClassifyOptions): Promise<Classification[]>;
  classify(sources: readonly ImageSource[], options?: ClassifyOptions): Promise<Classification[][]>;
}

/**
 * Wraps a loaded model and its metadata as a {@link Classifier}: a few-shot head when the metadata holds a
 * `FewShotState` in `prototypes` (its classes then differ from the model's outputs), else the model's softmax
 * with its calibrated open-set rule. The CLI and the web playground save few-shot heads this way, so either
 * loads what the other saved. The model takes the metadata's preprocessing (see `setPreprocessing`).
 *
 * @example
 * const { model, metadata } = await loadModel('/experiment/base/model.json');
 * const [p] = classifierOf(model, metadata).predict(image); // { label: 'circle' | ... | 'unknown', ... }
 */
export function classifierOf(model: tfl.LayersModel, metadata: ModelMetadata): Classifier {
  setPreprocessing(model, metadata.preprocessing);
  const common = { inputSize: metadata.inputSize, channels: metadata.channels, model, metadata };
  if (isFewShotState(metadata.prototypes)) {
    const few = new FewShotClassifier(model, metadata.prototypes);
    return withClassify({
      ...common,
      classNames: few.classNames,
      head: 'prototypes',
      openSet: metadata.prototypes.threshold !== undefined,
      predict: (batch) => few.predict(batch),
    });
  }
  const rule = metadata.openSet;
  return withClassify({
    ...common,
    classNames: metadata.classNames,
    head: 'softmax',
    openSet: rule !== undefined,
    predict: (batch) => predict(model, batch, { classNames: metadata.classNames, rule }),
  });
}

function withClassify(classifier: Omit<Classifier, 'classify'>): Classifier {
  return { ...classifier, classify: classifyWith(classifier) };
}
