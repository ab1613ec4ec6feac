import * as path from 'node:path';
import { rocCurve, summarizePredictions } from '@shapes/train';
import { loadClassifier, predictAll } from '../lib/classifier.js';
import { type BackendOptions, newCommand, outputOf, startBackend } from '../lib/command.js';
import { percent } from '../lib/evaluation.js';
import { readFolder } from '../lib/read-images.js';
import { evaluationSections } from '../lib/report-data.js';
import { samplesOf, writeReport } from '../report/index.js';
import { printEvaluation, reportPath } from './shared.js';

interface EvaluateOptions extends BackendOptions {
  model: string;
  data: string;
  report?: string;
  force?: boolean;
}

/** `shapes evaluate`: accuracy, per-class figures, confusion matrix and open-set figures on an ImageFolder. */
export const evaluate = newCommand(
  'evaluate',
  'Measure a model on an ImageFolder; classes it does not know should come back "unknown"',
  {
    backend: true,
    examples: [
      'shapes evaluate --model models/base --data data/test',
      'shapes evaluate --model models/new --data photos/ --report eval.html',
      'shapes evaluate --model models/base --data data/test --json | jq .unknown',
    ],
  },
)
  .requiredOption('-m, --model <dir>', 'model folder (from `shapes train` or `shapes transfer`)')
  .requiredOption(
    '-d, --data <dir>',
    'ImageFolder: one subfolder of PNG or JPEG files per class, any size or polarity; folders of classes the model does not know hold images that should come back "unknown"',
  )
  .option('--report <file>', 'write an HTML report (confusion matrix, ROC, mistakes first)')
  .option('-f, --force', 'replace --report if it exists')
  .addHelpText(
    'after',
    `
Figures: accuracy, precision, recall and F1 are over images of classes the model knows, by its most likely class.
"unknown" counts how many images of other classes came back "unknown", and AUROC says how well the model's
open-set score separates them from known images (1 is perfect, 0.5 is chance).`,
  )
  .action(async (options: EvaluateOptions) => {
    const out = outputOf(options);
    const report = reportPath(options);
    await startBackend(options, out);
    const classifier = await loadClassifier(options.model);
    const data = await readFolder(options.data, classifier);
    const truth = Array.from(data.labels, (l) => data.classNames[l] as string);
    const n = data.shape[0];
    const predictions = predictAll(classifier, data, out.progress('evaluating', n, ' images'));
    const summary = summarizePredictions(predictions, truth, classifier.classNames, {
      openSet: classifier.openSet,
    });
    if (!classifier.openSet && summary.unknown.expected > 0) {
      out.warn(
        'the model has no open-set rule, so it cannot answer "unknown"; retrain it with `shapes train`.',
      );
    }
    if (report) {
      const known = truth.map((t) => classifier.classNames.includes(t));
      const roc =
        summary.unknown.auroc !== null
          ? [
              {
                kind: 'roc' as const,
                title: 'Known against unknown classes (ROC of the open-set score)',
                points: rocCurve(
                  predictions.map((p) => p.score),
                  known,
                ),
                auroc: summary.unknown.auroc,
              },
            ]
          : [];
      await writeReport(report, {
        title: `shapes evaluate: ${path.basename(path.resolve(options.data))}`,
        subtitle: `model ${path.resolve(options.model)}, ${new Date().toISOString()}`,
        sections: [
          {
            kind: 'summary',
            title: 'Summary',
            rows: [
              ['images', String(n)],
              ['model classes', classifier.classNames.join(', ')],
              ['accuracy (known classes)', percent(summary.accuracy)],
              ['macro F1', summary.macroF1.toFixed(3)],
              [
                'unknown',
                summary.unknown.expected > 0
                  ? `${summary.unknown.flagged} of ${summary.unknown.expected} flagged (${summary.unknown.classes.join(', ')})`
                  : 'no images of unknown classes',
              ],
            ],
          },
          ...roc,
          ...evaluationSections(
            'Images',
            summary,
            samplesOf(data, predictions, truth, classifier.classNames, { captions: data.meta.files }),
          ),
        ],
      });
    }
    out.result(summary, () =>
      [printEvaluation(summary), ...(report ? ['', `report: ${report}`] : [])].join('\n'),
    );
  });
