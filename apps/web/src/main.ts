import './style.css';
import { contentHash, createDataset } from '@shapes/data';
import type { Classification, ImageSource } from '@shapes/models';
import type { BackendReport } from '@shapes/runtime';
import type { BatchProgress, TrainerCallback } from '@shapes/train';
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_CHOICES, type BackendChoice, backendFromUrl, startBackend } from './backend.js';
import { backendWhy } from './backend-why.js';
import { confusionTable } from './confusion-table.js';
import { renderDatasetGrid } from './dataset-grid.js';
import { DrawPad } from './draw-pad.js';
import { paintImage } from './image-canvas.js';
import { LiveChart } from './live-chart.js';
import { pickModelFiles } from './picked-model.js';
import { type ModelSource, Playground } from './playground.js';
import { TrainingSpeed, trainingSpeedText } from './training-speed.js';
import { grabFrame, hasWebcam } from './webcam.js';

const SAVED = 'indexeddb://shapes-playground';
const BASE_SHAPES = ['circle', 'square', 'triangle'];

/** How the model status names where the model came from. */
const sourceText = (source: ModelSource | undefined): string =>
  source === 'pretrained' ? 'pretrained base (ships in @shapes/models)' : String(source);

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`The page has no #${id}.`);
  return el as T;
};
const value = (id: string) => $<HTMLInputElement>(id).value.trim();
const integer = (id: string, label: string, min: number, max: number): number => {
  const n = Number(value(id));
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${label} must be a whole number from ${min} to ${max} (got "${value(id)}").`);
  }
  return n;
};

const playground = new Playground();
const lossChart = new LiveChart($<HTMLCanvasElement>('loss-chart'), [
  { name: 'training loss', color: '#ef4444' },
]);
const accChart = new LiveChart(
  $<HTMLCanvasElement>('acc-chart'),
  [
    { name: 'training accuracy', color: '#3b82f6' },
    { name: 'test accuracy', color: '#16a34a' },
  ],
  1,
);
const pad = new DrawPad($<HTMLCanvasElement>('pad'), () => {
  picture = undefined;
  void answerInput();
});
/** What the model answers for when it is not the pad's drawing: an uploaded or dropped file, a webcam frame. */
let picture: ImageSource | undefined;
/** How many answers the page has shown: the e2e waits for it to move after an upload. */
let answered = 0;
let busy = false;
let stopRequested = false;
/** The backend running now, for the training line. */
let backendReport: BackendReport | undefined;

/** Stops a run from inside its callback; the trainer frees what it holds and rethrows it. */
class TrainingStopped extends Error {
  override name = 'TrainingStopped';
}

/** Runs one user action: one at a time, errors shown on the page, buttons refreshed after. */
async function run(task: () => Promise<void> | void): Promise<void> {
  if (busy) return;
  setBusy(true);
  $('error').hidden = true;
  try {
    await task();
  } catch (error) {
    if (!(error instanceof TrainingStopped)) showError(error);
  } finally {
    setBusy(false);
  }
}

function setBusy(on: boolean): void {
  busy = on;
  document.body.dataset.busy = String(on);
  refresh();
}

function showError(error: unknown): void {
  const el = $('error');
  el.textContent = error instanceof Error ? error.message : String(error);
  el.hidden = false;
  console.error(error);
}

/** Lets the page paint and take clicks between batches, at most every 40 ms so training keeps its pace. */
function pageCallback(onBatch: (p: BatchProgress) => void): TrainerCallback {
  let last = performance.now();
  return {
    async onBatchEnd(progress) {
      onBatch(progress);
      if (stopRequested) throw new TrainingStopped('Training stopped.');
      if (performance.now() - last > 40) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        last = performance.now();
      }
    },
  };
}

function refresh(): void {
  const model = playground.classifier;
  const examples = playground.examples();
  const idle = !busy;
  for (const id of ['generate', 'train', 'load-url-button', 'load-saved', 'backend', 'webcam']) {
    $<HTMLButtonElement>(id).disabled = !idle;
  }
  for (const id of ['load-files', 'image-file']) $<HTMLInputElement>(id).disabled = !idle;
  $<HTMLInputElement>('teach-files').disabled = !idle || !model;
  $<HTMLButtonElement>('train-stop').disabled = idle;
  for (const id of ['save', 'download', 'teach-add', 'teach-generate']) {
    $<HTMLButtonElement>(id).disabled = !idle || !model;
  }
  for (const id of ['teach-few-shot', 'teach-fine-tune']) {
    $<HTMLButtonElement>(id).disabled = !idle || !model || examples.size === 0;
  }
  $('model-status').textContent = model
    ? `${model.classNames.join(', ')} · ${sourceText(playground.source)} · ${model.head === 'prototypes' ? 'prototype' : 'softmax'} head${model.openSet ? ', answers "unknown"' : ''}`
    : 'none yet';
}

async function switchBackend(choice: BackendChoice): Promise<void> {
  $('backend-status').textContent = 'starting…';
  const { report, text } = await startBackend(choice);
  backendReport = report;
  $('backend-status').textContent = text;
  $('backend-status').dataset.backend = report.backend;
  $('backend-why').textContent = backendWhy(report, {
    isolated: globalThis.crossOriginIsolated === true,
    cores: navigator.hardwareConcurrency || 1,
  });
  $<HTMLSelectElement>('backend').value = choice;
}

function generate(): void {
  const shapes = value('data-shapes')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const perClass = integer('data-per-class', 'Per class', 1, 2000);
  const seed = integer('data-seed', 'Seed', 0, 2 ** 31 - 1);
  const started = performance.now();
  const data = createDataset({ shapes, perClass, seed });
  const ms = performance.now() - started;
  $('data-hash').textContent = contentHash(data);
  $('data-count').textContent =
    `${data.shape[0]} images of ${data.shape[1]}x${data.shape[2]} in ${ms.toFixed(0)} ms`;
  renderDatasetGrid($<HTMLCanvasElement>('data-grid'), data);
}

async function train(): Promise<void> {
  const perClass = integer('train-per-class', 'Images per class', 10, 5000);
  const epochs = integer('train-epochs', 'Epochs', 1, 20);
  const seed = integer('train-seed', 'Seed', 0, 2 ** 31 - 1);
  stopRequested = false;
  lossChart.reset(epochs);
  accChart.reset(epochs);
  $('confusion').replaceChildren();
  $('train-speed').textContent = '';
  const status = $('train-status');
  status.textContent = 'Generating images…';
  const started = performance.now();
  const speed = new TrainingSpeed();
  const progress = pageCallback((p) => {
    lossChart.add('training loss', p.epoch + (p.batch + 1) / p.batches, p.loss);
    lossChart.draw();
    status.textContent = `epoch ${p.epoch + 1}/${p.epochs} · batch ${p.batch + 1}/${p.batches} · loss ${p.loss.toFixed(3)} · ${p.samplesPerSecond.toFixed(0)} samples/s · ${p.etaSeconds.toFixed(0)} s left`;
  });
  const result = await playground.train({
    shapes: BASE_SHAPES,
    perClass,
    epochs,
    seed,
    callbacks: [
      speed.callback,
      progress,
      {
        onTrainBegin() {
          document.body.dataset.phase = 'fit';
        },
        onTrainEnd() {
          document.body.dataset.phase = 'after';
        },
        onEpochEnd(logs, ctx) {
          accChart.add('training accuracy', ctx.history.length, logs.accuracy ?? Number.NaN);
          accChart.draw();
        },
      },
    ],
  });
  accChart.add('test accuracy', epochs, result.test.accuracy);
  accChart.draw();
  $('confusion').replaceChildren(confusionTable(result.classNames, result.test.confusion));
  const seconds = (performance.now() - started) / 1000;
  status.textContent = `Done: test accuracy ${(100 * result.test.accuracy).toFixed(1)}% on ${result.testSet.shape[0]} held-out images · ${seconds.toFixed(1)} s`;
  status.dataset.accuracy = String(result.test.accuracy);
  // Training steps only, over every epoch: the figure to compare across backends and browsers.
  const line = $('train-speed');
  line.textContent = backendReport ? trainingSpeedText(speed.samplesPerSecond, backendReport) : '';
  line.dataset.samplesPerSecond = String(speed.samplesPerSecond);
  line.dataset.backend = backendReport?.backend ?? '';
  await answerInput();
}

/** The input as the model takes it: the picture if there is one, else the pad's drawing if it has ink. */
async function inputPixels(): Promise<Uint8Array | undefined> {
  if (picture) return playground.imageOf(picture);
  return pad.hasInk ? pad.toImage(playground.inputSize) : undefined;
}

/** Shows what the model sees of the input and the model's answer for it (`classify` of @shapes/models). */
async function answerInput(): Promise<void> {
  try {
    const pixels = await inputPixels();
    if (!pixels) return;
    const size = playground.inputSize;
    // A picture comes in the model's channels (RGB for a Teachable Machine model), a drawing gray.
    const channels = pixels.length === size * size ? 1 : 3;
    const preview = $<HTMLCanvasElement>('pad-preview');
    paintImage(preview, pixels, size, size, channels, preview.width / size);
    if (!playground.classifier) {
      // Only while the pretrained base loads, or if it failed to.
      $('prediction-label').textContent = 'no model: train or load one';
      return;
    }
    showAnswer(await playground.classify({ data: pixels, width: size, height: size, channels }));
  } catch (error) {
    showError(error);
  } finally {
    document.body.dataset.answered = String(++answered);
  }
}

/** Makes `source` (a file, a webcam frame) the input in place of the pad, and answers it. */
async function showPicture(source: ImageSource): Promise<void> {
  if (picture instanceof ImageBitmap && picture !== source) picture.close();
  picture = source;
  pad.clear();
  await answerInput();
}

/** Shows a ranked answer: its first entry as the label (`unknown` with the nearest class), every class as a bar. */
function showAnswer(answer: readonly Classification[]): void {
  const names = playground.classifier?.classNames ?? [];
  const [first, nearest] = answer;
  const unknown = first?.className === 'unknown';
  $('prediction-label').textContent = first?.className ?? '–';
  // The whole ranked answer, for the e2e to compare with Node's.
  $('prediction-label').dataset.answer = JSON.stringify(answer);
  $('prediction-confidence').textContent = unknown
    ? `(a shape it does not know; nearest: ${nearest?.className ?? '?'}, ${(100 * (nearest?.probability ?? 0)).toFixed(0)}%)`
    : `${(100 * (first?.probability ?? 0)).toFixed(1)}%`;
  const shares = new Map(answer.map((c) => [c.className, c.probability]));
  $('prediction-bars').replaceChildren(
    ...names.map((name) => {
      const row = document.createElement('div');
      row.className = 'bar';
      const share = shares.get(name) ?? 0;
      const label = document.createElement('span');
      label.textContent = name;
      const bar = document.createElement('span');
      bar.style.width = `${Math.max(1, 160 * share)}px`;
      const pct = document.createElement('span');
      pct.textContent = `${(100 * share).toFixed(0)}%`;
      row.append(label, bar, pct);
      return row;
    }),
  );
}

async function keepExample(): Promise<void> {
  const pixels = await inputPixels();
  if (!pixels) throw new Error('Draw an example on the pad, or upload a photo, first.');
  const name = value('teach-name');
  playground.addExample(name, pixels);
  thumbnail(name.toLowerCase(), pixels, playground.inputSize);
  pad.clear();
  picture = undefined;
  showExamples();
}

/** Keeps image files as examples of the class being taught, each prepared as `classify` prepares a picture. */
async function keepFiles(files: readonly File[]): Promise<void> {
  const name = value('teach-name');
  for (const file of files) {
    const pixels = await playground.imageOf(file);
    playground.addExample(name, pixels);
    thumbnail(name.toLowerCase(), pixels, playground.inputSize);
  }
  showExamples();
}

function thumbnail(name: string, pixels: Uint8Array, size: number): void {
  const container = $('teach-examples');
  let row = container.querySelector<HTMLDivElement>(`[data-class="${name}"]`);
  if (!row) {
    if (!container.querySelector('[data-class]')) container.replaceChildren();
    row = document.createElement('div');
    row.dataset.class = name;
    row.append(document.createElement('span'));
    container.append(row);
  }
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  canvas.style.width = '40px';
  paintImage(canvas, pixels, size, size, pixels.length === size * size ? 1 : 3);
  row.append(canvas);
}

function showExamples(): void {
  for (const [name, count] of playground.examples()) {
    const label = $('teach-examples').querySelector(`[data-class="${name}"] > span`);
    if (label) label.textContent = `${name}: ${count} example${count === 1 ? '' : 's'} `;
  }
}

function clearExamplesView(): void {
  $('teach-examples').textContent = 'No examples yet.';
}

async function loadFrom(source: string | tf.io.IOHandler, where: string): Promise<void> {
  await playground.load(source, where);
  await afterLoad();
}

/**
 * Loads the model in files picked or dropped together: a saved model's .json and weights, or Teachable Machine's
 * three files (model.json, weights.bin, metadata.json), told apart by what they hold.
 */
async function loadFiles(files: readonly File[]): Promise<void> {
  const picked = await pickModelFiles(files);
  const handler = tf.io.browserFiles([picked.modelJson, ...picked.weights]);
  if (picked.format === 'teachable-machine') {
    await playground.loadTeachableMachine(handler, picked.metadata, picked.modelJson.name);
  } else await playground.load(handler, picked.modelJson.name);
  await afterLoad();
}

async function afterLoad(): Promise<void> {
  clearExamplesView();
  $('confusion').replaceChildren();
  await answerInput();
}

function wire(): void {
  $('backend').addEventListener('change', () =>
    run(() => switchBackend($<HTMLSelectElement>('backend').value as BackendChoice)),
  );
  $('generate').addEventListener('click', () => run(generate));
  $('train').addEventListener('click', () =>
    run(async () => {
      clearExamplesView();
      await train();
    }),
  );
  $('train-stop').addEventListener('click', () => {
    stopRequested = true;
    $('train-status').textContent = 'Stopping after this batch…';
  });
  $('load-url-button').addEventListener('click', () =>
    run(() => {
      const url = value('load-url');
      return loadFrom(new URL(url, location.href).href, url);
    }),
  );
  const loadFilesInput = $<HTMLInputElement>('load-files');
  loadFilesInput.addEventListener('change', () =>
    run(async () => {
      const files = Array.from(loadFilesInput.files ?? []);
      // Emptied, so the same files can be picked again after an error.
      loadFilesInput.value = '';
      await loadFiles(files);
    }),
  );
  // Dropping a model's files on the model section does what picking them does.
  const modelSection = $('model');
  modelSection.addEventListener('dragover', (e) => e.preventDefault());
  modelSection.addEventListener('drop', (e) => {
    e.preventDefault();
    const files = Array.from(e.dataTransfer?.files ?? []);
    if (files.length > 0) void run(() => loadFiles(files));
  });
  $('load-saved').addEventListener('click', () =>
    run(async () => {
      const saved = await tf.io.listModels();
      if (!(SAVED in saved))
        throw new Error(
          'Nothing is saved in this browser yet: Save in browser keeps the current model here.',
        );
      await loadFrom(SAVED, 'this browser');
    }),
  );
  $('save').addEventListener('click', () =>
    run(async () => {
      await playground.save(SAVED);
      $('model-status').dataset.saved = 'true';
      $('teach-status').textContent =
        'Saved in this browser (IndexedDB): "Load saved" brings it back after a reload.';
    }),
  );
  $('download').addEventListener('click', () => run(() => playground.save('downloads://shapes-model')));
  $('clear').addEventListener('click', () => {
    pad.clear();
    picture = undefined;
    $('prediction-label').textContent = '–';
    $('prediction-confidence').textContent = '';
    $('prediction-bars').replaceChildren();
  });
  const imageFile = $<HTMLInputElement>('image-file');
  imageFile.addEventListener('change', () =>
    run(async () => {
      const file = imageFile.files?.[0];
      // Emptied, so the same file can be chosen again; the preview shows what was uploaded.
      imageFile.value = '';
      if (file) await showPicture(file);
    }),
  );
  // Dropping an image on the pad does what uploading it does.
  const padCanvas = $('pad');
  padCanvas.addEventListener('dragover', (e) => e.preventDefault());
  padCanvas.addEventListener('drop', (e) => {
    e.preventDefault();
    const file = e.dataTransfer?.files[0];
    if (file) void run(() => showPicture(file));
  });
  $('webcam').hidden = !hasWebcam();
  $('webcam').addEventListener('click', () => run(async () => showPicture(await grabFrame())));
  $('teach-add').addEventListener('click', () => run(keepExample));
  const teachFiles = $<HTMLInputElement>('teach-files');
  teachFiles.addEventListener('change', () =>
    run(async () => {
      await keepFiles(Array.from(teachFiles.files ?? []));
      teachFiles.value = '';
    }),
  );
  $('teach-generate').addEventListener('click', () =>
    run(() => {
      const name = value('teach-name').toLowerCase();
      for (const pixels of playground.addGeneratedExamples(name, 10))
        thumbnail(name, pixels, playground.inputSize);
      showExamples();
    }),
  );
  $('teach-few-shot').addEventListener('click', () =>
    run(async () => {
      const started = performance.now();
      const classes = await playground.teachFewShot();
      $('teach-status').textContent =
        `Few-shot: it now knows ${classes.join(', ')} (${(performance.now() - started).toFixed(0)} ms, no training). Draw one.`;
      await answerInput();
    }),
  );
  $('teach-fine-tune').addEventListener('click', () =>
    run(async () => {
      const status = $('teach-status');
      status.textContent = 'Fine-tuning a new head…';
      const { classNames, seconds } = await playground.fineTune([
        pageCallback((p) => {
          status.textContent = `Fine-tuning: epoch ${p.epoch + 1}/${p.epochs}, ${p.samplesPerSecond.toFixed(0)} samples/s`;
        }),
      ]);
      status.textContent = `Fine-tuned: it now knows ${classNames.join(', ')} (${seconds.toFixed(1)} s). Draw one.`;
      await answerInput();
    }),
  );
}

async function start(): Promise<void> {
  wire();
  const choice = backendFromUrl(location.search);
  if (!BACKEND_CHOICES.includes(choice)) return;
  await run(async () => {
    await switchBackend(choice);
    generate();
    // The base that ships in @shapes/models loads from memory in tens of ms: drawing works on arrival, and Train
    // stays one click away to replace it.
    await playground.usePretrained();
    await answerInput();
  });
  // From navigation start to a model ready to answer a drawing: the figure the e2e checks and prints.
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.ready = 'true';
}

void start();
