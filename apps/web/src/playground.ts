import { createDataset, type Dataset, listShapes, SEED_STREAMS, seedOf, toChannels } from '@shapes/data';
import {
  type Classification,
  type Classifier,
  classifierOf,
  type ImageSource,
  imageBatchOf,
  loadModel,
  loadPretrainedBase,
  loadTeachableMachine,
  type ModelMetadata,
  type Prediction,
  saveModel,
  type TeachableMachineMetadata,
} from '@shapes/models';
import {
  type BaseExperimentResult,
  runTransfer,
  type TrainerCallback,
  type TransferMethod,
  trainBase,
} from '@shapes/train';
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** Options of {@link Playground.train}. */
export interface PlaygroundTrainOptions {
  shapes: readonly string[];
  perClass: number;
  epochs: number;
  seed: number;
  callbacks?: readonly TrainerCallback[];
}

/** Where the current model came from, for the page to say. */
export type ModelSource =
  | 'pretrained'
  | 'trained here'
  | 'few-shot'
  | 'fine-tuned here'
  | `loaded from ${string}`;

// Generated images of the base's classes that go with the user's drawings when a class is added: enough for a
// stable prototype or head, few enough to embed in a blink.
const KNOWN_PER_CLASS = 30;
// Generated images per base class that calibrate the taught model's `unknown` rule (the drawings are too few to
// spare any): 200 make the threshold a quantile of them rather than the single least confident image.
const VAL_PER_CLASS = 200;

/**
 * Everything the playground does, without the page: start from the pretrained base, train or load another,
 * answer for a drawing, learn new classes from a few drawings (prototypes at once, fine-tuning on request), save. The page (`main.ts`) only
 * wires buttons to it, so the unit tests drive the same code as a user does.
 */
export class Playground {
  /** The model whose classes the generator can draw: what new classes are taught on top of. */
  #base?: { model: tfl.LayersModel; metadata: ModelMetadata };
  #current?: { model: tfl.LayersModel; metadata: ModelMetadata; classifier: Classifier; source: ModelSource };
  readonly #examples = new Map<string, Uint8Array[]>();

  /** The classifier that answers now, if a model is there. */
  get classifier(): Classifier | undefined {
    return this.#current?.classifier;
  }

  /** Where the current model came from. */
  get source(): ModelSource | undefined {
    return this.#current?.source;
  }

  /** Input side the current model takes (64 for the default CNN). */
  get inputSize(): number {
    return this.#current?.metadata.inputSize ?? 64;
  }

  /** Channels the current model takes: 1 (gray) for @shapes models, 3 (RGB) for Teachable Machine's. */
  get channels(): 1 | 3 {
    return this.#current?.metadata.channels ?? 1;
  }

  /**
   * Makes the base that ships in `@shapes/models` (`loadPretrainedBase`: circle, square and triangle, 64x64
   * gray, with a calibrated `unknown` rule) the base and the current model. It loads from memory in tens of
   * milliseconds and fetches nothing, so the page can answer a drawing as soon as it opens; {@link train} and
   * {@link load} replace it.
   */
  async usePretrained(): Promise<void> {
    const { model, metadata } = await loadPretrainedBase();
    this.#setBase(model, metadata, 'pretrained');
  }

  /** Trains the default CNN on generated shapes (`trainBase`, its `unknown` rule calibrated on fresh images). */
  async train(options: PlaygroundTrainOptions): Promise<BaseExperimentResult> {
    const result = await trainBase({
      shapes: options.shapes,
      perClass: options.perClass,
      epochs: options.epochs,
      seed: options.seed,
      testPerClass: 100,
      callbacks: options.callbacks,
      provenance: { notes: 'trained in the @shapes web playground' },
    });
    this.#setBase(result.model, result.metadata, 'trained here');
    return result;
  }

  /**
   * Loads a model saved by the CLI, the Node app or this page: a `model.json` URL, `indexeddb://...`, or a tfjs
   * IO handler such as `tf.io.browserFiles([modelJson, weightsBin])`.
   */
  async load(source: string | tf.io.IOHandler, where: string): Promise<void> {
    const { model, metadata } = await loadModel(source, { where });
    this.#setBase(model, metadata, `loaded from ${where}`);
  }

  /**
   * Loads a Teachable Machine image model (`loadTeachableMachine` of `@shapes/models`): `source` is its model.json
   * URL or a tfjs IO handler such as `tf.io.browserFiles([modelJson, weightsBin])`, `metadata` its metadata.json
   * content (`labels` become the classes, `imageSize` the input size). Its pictures are RGB: drawings are turned
   * from gray, and it answers one of its labels, never `unknown`.
   */
  async loadTeachableMachine(
    source: string | tf.io.IOHandler,
    metadata: unknown,
    where: string,
  ): Promise<void> {
    // Checked inside (checkTeachableMachineMetadata), with a message naming the field at fault.
    const loaded = await loadTeachableMachine(source, metadata as TeachableMachineMetadata, { where });
    this.#setBase(loaded.model, loaded.metadata, `loaded from ${where} (Teachable Machine)`);
  }

  /** Saves the current model (with its few-shot head, if any) through a tfjs URL or handler. */
  async save(target: string | tf.io.IOHandler): Promise<void> {
    const current = this.#require();
    await saveModel(current.model, target, current.metadata);
  }

  /** The current model's answer for one image (`size` x `size` bytes, gray or in the model's channels). */
  predict(pixels: Uint8Array): Prediction {
    const classifier = this.#require().classifier;
    const size = this.inputSize;
    const images = this.#inModelChannels(pixels, 'An image');
    const [p] = classifier.predict({ images, shape: [1, size, size, this.channels] });
    return p as Prediction;
  }

  /**
   * The current model's ranked answer for a picture (`Classifier.classify`): a drawing's pixels, an uploaded
   * file, a webcam frame, a canvas. Best first, `unknown` first when the model's rule rejects it.
   */
  async classify(source: ImageSource, topK?: number): Promise<Classification[]> {
    return this.#require().classifier.classify(source, { topK });
  }

  /**
   * A picture (an uploaded file, a webcam frame...) as the model takes it, `size` x `size` bytes in its channels
   * (gray, or RGB for a Teachable Machine model): the preprocessing `classify` and `shapes predict` apply
   * (`imageBatchOf`), so the preview shows what the model sees and {@link addExample} can keep it.
   */
  async imageOf(source: ImageSource): Promise<Uint8Array> {
    return (await imageBatchOf([source], { inputSize: this.inputSize, channels: this.channels })).images;
  }

  /**
   * Keeps a drawing (gray) or a picture ({@link imageOf}) as an example of `name` (a new class, or one the model
   * knows), in the model's channels.
   */
  addExample(name: string, pixels: Uint8Array): number {
    const clean = checkClassName(name);
    const image = this.#inModelChannels(pixels, 'An example');
    const list = this.#examples.get(clean) ?? [];
    list.push(image);
    this.#examples.set(clean, list);
    return list.length;
  }

  /**
   * Adds `count` generated images of a shape the generator knows, as examples of it, and returns them. Each call
   * draws new ones: the seed follows how many examples of the shape are kept already.
   */
  addGeneratedExamples(name: string, count: number): Uint8Array[] {
    const clean = checkClassName(name);
    if (!listShapes().includes(clean)) {
      throw new Error(
        `The generator has no "${clean}"; draw the examples instead (it knows ${listShapes().join(', ')}).`,
      );
    }
    const size = this.inputSize;
    const per = size * size * this.channels;
    const seed = seedOf(this.#examples.get(clean)?.length ?? 0, 'teach');
    const data = createDataset({ shapes: [clean], perClass: count, seed, size, channels: this.channels });
    const images = Array.from(
      { length: count },
      (_, i) => data.images.slice(i * per, (i + 1) * per) as Uint8Array,
    );
    for (const pixels of images) this.addExample(clean, pixels);
    return images;
  }

  /** Examples kept so far, per class. */
  examples(): Map<string, number> {
    return new Map([...this.#examples].map(([name, list]) => [name, list.length]));
  }

  /** Forgets every kept example. */
  clearExamples(): void {
    this.#examples.clear();
  }

  /**
   * Adds the classes of the kept examples without training: a prototype head on the base's embedding, with
   * the base's own classes as prototypes of generated images, and an `unknown` threshold calibrated on fresh
   * generated images of them (`runTransfer` of `@shapes/train`, as `shapes transfer --few-shot`). Takes a
   * fraction of a second.
   */
  async teachFewShot(): Promise<string[]> {
    const { classNames } = await this.#teach('prototype', 'few-shot');
    return classNames;
  }

  /**
   * Trains a new head on the base's frozen features for its classes plus the taught ones (generated images of
   * the former, the kept drawings of the latter, each with copies turned by random angles, all in their 8 rotations
   * and mirror images), then calibrates
   * `unknown` on fresh generated images (`runTransfer`, as `shapes transfer`). Seconds on wasm.
   */
  async fineTune(
    callbacks: readonly TrainerCallback[] = [],
  ): Promise<{ classNames: string[]; seconds: number }> {
    return this.#teach('transfer', 'fine-tuned here', callbacks);
  }

  async #teach(
    method: TransferMethod,
    source: ModelSource,
    callbacks: readonly TrainerCallback[] = [],
  ): Promise<{ classNames: string[]; seconds: number }> {
    const base = this.#requireBase();
    const examples = this.#teachingSet();
    const run = await runTransfer({
      base,
      examples,
      validation: this.#knownSet(VAL_PER_CLASS, SEED_STREAMS.validation),
      method,
      callbacks,
      provenance: {
        notes: `taught in the @shapes web playground (${method}) on ${this.#drawnCount()} kept examples`,
      },
    });
    this.#replaceCurrent(run.model, run.metadata, source);
    return { classNames: [...examples.classNames], seconds: run.seconds };
  }

  /**
   * Generated images of the base's classes, then every kept example under its class: a base class's index, or a
   * new one after them.
   */
  #teachingSet(): Dataset {
    const known = this.#knownSet(KNOWN_PER_CLASS, 11);
    const taught = [...this.#examples.keys()].filter((name) => !known.classNames.includes(name));
    if (taught.length === 0) throw new Error('Keep a few examples of a new class first.');
    const classNames = [...known.classNames, ...taught];
    const size = this.inputSize;
    const channels = this.channels;
    const per = size * size * channels;
    const drawn = [...this.#examples].flatMap(([name, list]) =>
      list.map((pixels) => ({ pixels, label: classNames.indexOf(name) })),
    );
    const n = known.shape[0] + drawn.length;
    const images = new Uint8Array(n * per);
    images.set(known.images as Uint8Array);
    const labels = new Int32Array(n);
    labels.set(known.labels);
    drawn.forEach(({ pixels, label }, i) => {
      images.set(pixels, (known.shape[0] + i) * per);
      labels[known.shape[0] + i] = label;
    });
    return { images, labels, classNames, shape: [n, size, size, channels], meta: known.meta };
  }

  #drawnCount(): number {
    return [...this.#examples.values()].reduce((sum, list) => sum + list.length, 0);
  }

  /** Generated images of the base's classes (which must be shapes the generator knows). */
  #knownSet(perClass: number, seed: number): Dataset {
    const base = this.#requireBase();
    const unknown = base.metadata.classNames.filter((c) => !listShapes().includes(c));
    if (unknown.length > 0) {
      throw new Error(
        `Teaching needs images of the model's own classes, and the generator cannot draw ${unknown.join(', ')}. Start from a model of generated shapes.`,
      );
    }
    return createDataset({
      shapes: base.metadata.classNames,
      perClass,
      seed,
      size: this.inputSize,
      channels: this.channels,
    });
  }

  /** `pixels` (gray, or already in the model's channels) in the model's channels; `what` starts the error. */
  #inModelChannels(pixels: Uint8Array, what: string): Uint8Array {
    const size = this.inputSize;
    const channels = this.channels;
    if (pixels.length === size * size * channels) return pixels;
    if (pixels.length === size * size) return toChannels(pixels, size, size, 1, channels);
    throw new Error(
      `${what} must be ${size}x${size} gray pixels${channels === 3 ? ' or RGB ones' : ''} (got ${pixels.length} values).`,
    );
  }

  #setBase(model: tfl.LayersModel, metadata: ModelMetadata, source: ModelSource): void {
    const old = this.#base?.model;
    this.#replaceCurrent(model, metadata, source);
    this.#base = { model, metadata };
    if (old && old !== model) old.dispose();
    this.#examples.clear();
  }

  #replaceCurrent(model: tfl.LayersModel, metadata: ModelMetadata, source: ModelSource): void {
    const old = this.#current?.model;
    this.#current = { model, metadata, classifier: classifierOf(model, metadata), source };
    // A fine-tuned model is its own; the base stays, since later classes are taught on top of it.
    if (old && old !== model && old !== this.#base?.model) old.dispose();
  }

  #require() {
    if (!this.#current) throw new Error('No model yet: train one or load one first.');
    return this.#current;
  }

  #requireBase() {
    if (!this.#base) throw new Error('No model yet: train one or load one first.');
    return this.#base;
  }
}

function checkClassName(name: string): string {
  const clean = name.trim().toLowerCase();
  if (!/^[a-z][a-z0-9-]*$/.test(clean)) {
    throw new Error(`"${name}" is not a class name: use a lower-case word such as "star" or "heart".`);
  }
  return clean;
}
