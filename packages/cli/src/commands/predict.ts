import { topClasses } from '@shapes/models';
import { readImageBatch } from '@shapes/models/node';
import { loadClassifier, MODEL_OPTION_HELP } from '../lib/classifier.js';
import { type BackendOptions, newCommand, outputOf, startBackend } from '../lib/command.js';
import { renderTable } from '../lib/table.js';

/** `shapes predict`: the answer for each image file. */
export const predict = newCommand(
  'predict',
  'Classify image files: label, confidence, and whether it is unknown',
  {
    backend: true,
    examples: [
      'shapes predict --model models/new drawing.png photo.jpg',
      'shapes predict --model models/base data/test/circle/*.png --json',
    ],
  },
)
  .requiredOption('-m, --model <path>', MODEL_OPTION_HELP)
  .argument('<files...>', 'PNG or JPEG files of any size, gray or colour')
  .action(async (files: string[], options: BackendOptions & { model: string }) => {
    const out = outputOf(options);
    await startBackend(options, out);
    const classifier = await loadClassifier(options.model);
    // The preprocessing `classify` of @shapes/models uses, so a file answers here as it does in the playground.
    const batch = await readImageBatch(files, classifier);
    const predictions = classifier.predict(batch);
    const rows = predictions.map((p, i) => ({
      file: files[i] as string,
      label: p.label,
      confidence: p.confidence,
      unknown: p.unknown,
      nearest: classifier.classNames[p.index] as string,
      probabilities: Object.fromEntries(
        classifier.classNames.map((name, c) => [name, p.probabilities[c] as number]),
      ),
      top: topClasses(p, classifier.classNames),
    }));
    out.result({ model: options.model, predictions: rows }, () =>
      renderTable([
        ['file', 'label', 'confidence', 'unknown'],
        ...rows.map((r) => [
          r.file,
          r.unknown ? `unknown (nearest: ${r.nearest})` : r.label,
          `${(r.confidence * 100).toFixed(1)}%`,
          r.unknown ? 'yes' : 'no',
        ]),
      ]),
    );
  });
