#!/usr/bin/env node
// Our Teachable Machine export, loaded by the real loaders in a real browser: exports the pretrained base (a
// softmax head) and a few-shot model made on it with `saveTeachableMachineToDir`, serves them with generated
// shape images, opens Debian's Chromium (`apt-get install chromium`; never a downloaded browser), and has
// `@teachablemachine/image`'s `tmImage.load(modelURL, metadataURL)` predict on every image, under the tfjs its
// page snippet loads (1.3.1) and the current one (4.22), and ml5's `imageClassifier(modelURL)` too. Each
// answer must be the class `classifierOf(...).predict` gives in Node on the same image. Exits non-zero on the
// first disagreement. Build this package first (`npx tsup`): the script uses its dist, as a user would.
//
// It needs, resolvable from this package (devDependencies, or NODE_PATH pointing at a folder holding them):
// `@teachablemachine/image`, `@tensorflow/tfjs` (its dist/tf.min.js), `tfjs-1.3.1` (npm:@tensorflow/tfjs@1.3.1)
// and `ml5`, plus `playwright-core`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createDataset } from '@shapes/data';
import { encodePng, resizeImage } from '@shapes/data/node';
import {
  classifierOf,
  createMetadata,
  FewShotClassifier,
  loadPretrainedBase,
  setPreprocessing,
} from '@shapes/models';
import { saveTeachableMachineToDir } from '@shapes/models/node';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const require = createRequire(import.meta.url);
/** A file of an npm package, found as Node finds the package (node_modules, then NODE_PATH). */
function packageFile(name, file, { optional = false } = {}) {
  try {
    return join(dirname(require.resolve(`${name}/package.json`)), file);
  } catch {
    if (optional) return undefined;
    console.error(`${name} is not installed: add it to this package's devDependencies (see the header).`);
    process.exit(1);
  }
}
// Through require, which also looks in NODE_PATH, as ESM imports do not.
const { chromium } = require('playwright-core');
const scripts = {
  '/lib/tfjs-1.js': packageFile('tfjs-1.3.1', 'dist/tf.min.js'),
  '/lib/tm.js': packageFile('@teachablemachine/image', 'dist/teachablemachine-image.min.js'),
};
// ml5 is optional: about 80 MB with its dependencies and a postinstall, so CI leaves it out; with it installed
// (or on NODE_PATH) the check loads our export through ml5.imageClassifier too.
const ml5File = packageFile('ml5', 'dist/ml5.min.js', { optional: true });
if (ml5File) scripts['/lib/ml5.js'] = ml5File;
// The current tfjs as one browser bundle is optional too: the packages depend on tfjs-core and tfjs-layers only,
// and Teachable Machine's own page snippet loads 1.3.1, which always runs.
const tfjs4File = packageFile('@tensorflow/tfjs', 'dist/tf.min.js', { optional: true });
if (tfjs4File) scripts['/lib/tfjs-4.js'] = tfjs4File;

const started = performance.now();
const log = (message) => console.log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${message}`);
const failures = [];
function check(ok, message) {
  if (!ok) failures.push(message);
  log(`${ok ? 'ok' : 'FAILED'}: ${message}`);
}

// 1. The models, exported in Node. The base without framing and test-time augmentation, which no layer does:
// the exported graph must then answer exactly as @shapes does.
await tf.setBackend('cpu');
const base = await loadPretrainedBase();
const { openSet: _rule, ...rest } = base.metadata;
const softmax = { ...rest, preprocessing: { scale: 'unit' } };
setPreprocessing(base.model, softmax.preprocessing);
const newShapes = ['star', 'pentagon', 'hexagon'];
const examples = createDataset({ shapes: newShapes, perClass: 5, seed: 21 });
const few = FewShotClassifier.fromExamples(base.model, examples, newShapes);
const fewShot = createMetadata(base.model, {
  classNames: softmax.classNames,
  preprocessing: softmax.preprocessing,
  prototypes: few.toJSON(),
});
const root = mkdtempSync(join(tmpdir(), 'shapes-tm-browser-'));
const exports = [
  { name: 'softmax-64', metadata: softmax, imageSize: 64, shapes: softmax.classNames },
  { name: 'softmax-224', metadata: softmax, imageSize: 224, shapes: softmax.classNames },
  { name: 'few-shot-224', metadata: fewShot, imageSize: 224, shapes: newShapes },
];
const images = new Map();
const side = base.metadata.inputSize;
for (const e of exports) {
  await saveTeachableMachineToDir(base.model, e.metadata, join(root, e.name), { imageSize: e.imageSize });
  // Images the model was not made from, drawn at the export's size, so that the loaders take their pixels as
  // they are (Teachable Machine crops and scales to imageSize, ml5 to 224). In Node, @shapes shrinks them to
  // the model's input as it reads any image (resizeImage), and the exported graph must answer the same.
  const data = createDataset({ shapes: e.shapes, perClass: 4, seed: 31, size: e.imageSize });
  const n = data.shape[0];
  const per = e.imageSize * e.imageSize;
  const small = new Uint8Array(n * side * side);
  e.images = Array.from({ length: n }, (_, i) => `/images/${e.name}/${i}.png`);
  e.images.forEach((url, i) => {
    const pixels = data.images.subarray(i * per, (i + 1) * per);
    images.set(url, encodePng(pixels, e.imageSize, e.imageSize, 1));
    small.set(resizeImage(pixels, e.imageSize, e.imageSize, 1, side, side), i * side * side);
  });
  e.node = classifierOf(base.model, e.metadata)
    .predict({ images: small, shape: [n, side, side, 1] })
    .map((p) => ({ label: p.label, probabilities: Array.from(p.probabilities) }));
}
log(`exported ${exports.map((e) => e.name).join(', ')} to ${root}`);

// 2. A server for the pages, the loaders' scripts, the exported folders and the images.
const page = (libs) =>
  `<!doctype html><meta charset="utf-8"><title>tm</title>${libs.map((l) => `<script src="${l}"></script>`).join('')}`;
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost').pathname;
  const send = (type, body) => res.writeHead(200, { 'Content-Type': type }).end(body);
  try {
    if (url === '/tm-1.html') send('text/html', page(['/lib/tfjs-1.js', '/lib/tm.js']));
    else if (url === '/tm-4.html') send('text/html', page(['/lib/tfjs-4.js', '/lib/tm.js']));
    else if (url === '/ml5.html') send('text/html', page(['/lib/ml5.js']));
    else if (scripts[url]) send('text/javascript', readFileSync(scripts[url]));
    else if (images.has(url)) send('image/png', images.get(url));
    else if (/^\/models\/[\w-]+\/(model\.json|metadata\.json|weights\.bin)$/.test(url)) {
      const file = join(root, url.slice('/models/'.length));
      send(url.endsWith('.bin') ? 'application/octet-stream' : 'application/json', readFileSync(file));
    } else res.writeHead(404).end();
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

// What a page does with the loader, as its documentation shows; returns [className, probability] per class.
async function viaTeachableMachine(modelUrl, metadataUrl, urls) {
  const model = await tmImage.load(modelUrl, metadataUrl);
  const answers = [];
  for (const src of urls) {
    const img = new Image();
    img.src = src;
    await img.decode();
    answers.push((await model.predict(img)).map((p) => [p.className, p.probability]));
  }
  return { labels: model.getClassLabels(), answers, tfjs: tf.version.tfjs ?? tf.version_core };
}
async function viaMl5(modelUrl, urls) {
  // Without p5, ml5 1.x resolves to the classifier once it is ready (with p5, its preload waits).
  const classifier = await ml5.imageClassifier(modelUrl);
  const answers = [];
  for (const src of urls) {
    const img = new Image();
    img.src = src;
    await img.decode();
    answers.push((await classifier.classify(img)).map((p) => [p.label, p.confidence]));
  }
  return { labels: classifier.mapStringToIndex, answers, tfjs: ml5.tf?.version?.tfjs ?? 'bundled' };
}

/**
 * Compares a loader's answers with Node's: every label, and every probability within `within` (Node rounds the
 * shrunk image to bytes, the graph does not).
 */
function compare(what, e, result, within) {
  check(
    JSON.stringify(result.labels) === JSON.stringify(e.shapes),
    `${what}: labels ${JSON.stringify(result.labels)} are the model's classes`,
  );
  let agree = 0;
  let worst = 0;
  result.answers.forEach((answer, i) => {
    const probabilities = Object.fromEntries(answer);
    const top = answer.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    if (top === e.node[i].label) agree++;
    e.shapes.forEach((c, k) => {
      worst = Math.max(worst, Math.abs(probabilities[c] - e.node[i].probabilities[k]));
    });
  });
  check(
    agree === e.images.length,
    `${what}: ${agree} of ${e.images.length} images get the class @shapes gives them in Node ` +
      `(largest probability difference ${worst.toFixed(4)})`,
  );
  check(worst < within, `${what}: probabilities within ${within} of Node's`);
}

const browser = await chromium.launch({ executablePath: chromePath, args: ['--no-sandbox'] });
try {
  const errors = [];
  for (const tfjs of tfjs4File ? ['1', '4'] : ['1']) {
    const tab = await browser.newPage();
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(`${origin}/tm-${tfjs}.html`);
    for (const e of exports) {
      const base = `${origin}/models/${e.name}/`;
      const result = await tab.evaluate(
        `(${viaTeachableMachine})(${JSON.stringify(`${base}model.json`)}, ${JSON.stringify(`${base}metadata.json`)}, ${JSON.stringify(e.images)})`,
      );
      compare(
        `tmImage.load, tfjs ${result.tfjs}, ${e.name}`,
        e,
        result,
        e.imageSize === side ? 0.002 : 0.005,
      );
    }
    await tab.close();
  }
  // ml5 always resizes to 224 pixels, whatever metadata.json says: the 224-pixel exports are the ones it loads.
  if (ml5File) {
    const tab = await browser.newPage();
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(`${origin}/ml5.html`);
    for (const e of exports.filter((x) => x.imageSize === 224)) {
      const result = await tab.evaluate(
        `(${viaMl5})(${JSON.stringify(`${origin}/models/${e.name}/model.json`)}, ${JSON.stringify(e.images)})`,
      );
      compare(`ml5.imageClassifier, ${e.name}`, e, result, 0.005);
    }
  } else {
    log('ml5 is not installed: its check is skipped (install ml5 beside this package to run it)');
  }
  check(errors.length === 0, `no page errors${errors.length ? `: ${errors.join(' | ')}` : ''}`);
} catch (error) {
  failures.push(error instanceof Error ? error.message : String(error));
  console.error(error);
} finally {
  await browser.close();
  server.close();
  rmSync(root, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.error(`Teachable Machine browser check FAILED:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
log('Teachable Machine browser check passed');
