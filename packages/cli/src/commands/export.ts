import * as path from 'node:path';
import { TM_DEFAULT_IMAGE_SIZE, TM_METADATA_FILE, TM_MODEL_FILE, TM_WEIGHTS_FILE } from '@shapes/models';
import { saveTeachableMachineToDir } from '@shapes/models/node';
import { loadClassifier, MODEL_OPTION_HELP } from '../lib/classifier.js';
import { type BackendOptions, newCommand, outputOf, startBackend } from '../lib/command.js';
import { assertFreeOutput, lockOutput } from '../lib/output-path.js';
import { parseChoice, parseInteger } from '../lib/parse.js';

/** The formats `shapes export` writes. */
export const EXPORT_FORMATS = ['teachable-machine'] as const;

interface ExportOptions extends BackendOptions {
  model: string;
  out: string;
  format: string;
  imageSize?: string;
  name?: string;
  force?: boolean;
}

/** `shapes export`: a model in a format other tools load, Teachable Machine's image format first. */
export const exportModel = newCommand(
  'export',
  "Write a model in Teachable Machine's image format (model.json, weights.bin, metadata.json), which " +
    '@teachablemachine/image, ml5 and p5.js sketches load',
  {
    backend: true,
    examples: [
      'shapes export --model models/new --out tm-model',
      'shapes export --model pretrained --out tm-base --image-size 64',
      'shapes export --model ~/Downloads/shapes-model.json --out tm-model --name my-shapes',
    ],
  },
)
  .requiredOption('-m, --model <path>', MODEL_OPTION_HELP)
  .requiredOption('-o, --out <dir>', 'folder to write (it must not exist, or be empty, unless --force)')
  .option(
    '--format <name>',
    'teachable-machine: model.json + weights.bin + metadata.json (labels, imageSize), as Teachable Machine exports',
    'teachable-machine',
  )
  .option(
    '--image-size <px>',
    `side of the RGB images a loader feeds; the model resizes them to its own input inside (default: ${TM_DEFAULT_IMAGE_SIZE}, what Teachable Machine and ml5 feed)`,
  )
  .option('--name <name>', "metadata's modelName (default: the model's architecture)")
  .option('-f, --force', 'replace --out if it exists')
  .addHelpText(
    'after',
    `
The exported model takes pixels as Teachable Machine's loaders give them and does the rest inside: gray
conversion, resizing, and a few-shot model's prototype head. Two things stay behind, and the command says so
when they apply: framing each image's ink (no tfjs layer crops around the ink, so frame images first for the
same answers), and "unknown" (Teachable Machine always answers one of its labels).`,
  )
  .action(async (options: ExportOptions) => {
    const out = outputOf(options);
    const format = parseChoice('--format', options.format, EXPORT_FORMATS);
    const imageSize =
      options.imageSize === undefined
        ? undefined
        : parseInteger('--image-size', options.imageSize, { min: 1, max: 512 });
    const dir = path.resolve(options.out);
    assertFreeOutput(dir, options.force, 'model folder', '--out', 'model');
    lockOutput(dir);
    await startBackend(options, out);
    const classifier = await loadClassifier(options.model);
    const saved = await saveTeachableMachineToDir(classifier.model, classifier.metadata, dir, {
      overwrite: options.force ?? false,
      ...(imageSize === undefined ? {} : { imageSize }),
      ...(options.name === undefined ? {} : { modelName: options.name }),
    });
    for (const note of saved.notes) out.warn(note);
    const { labels, imageSize: side } = saved.metadata;
    const files = [TM_MODEL_FILE, TM_WEIGHTS_FILE, TM_METADATA_FILE];
    out.result({ dir, format, files, labels, imageSize: side, notes: saved.notes }, () =>
      [
        `exported ${options.model} to ${dir} (Teachable Machine image model): ${files.join(', ')}`,
        `labels: ${labels.join(', ')}; it takes ${side}x${side} RGB images`,
        `load it with tmImage.load(url + '${TM_MODEL_FILE}', url + '${TM_METADATA_FILE}') or ` +
          `ml5.imageClassifier(url + '${TM_MODEL_FILE}'), where url serves ${dir}/`,
      ].join('\n'),
    );
  });
