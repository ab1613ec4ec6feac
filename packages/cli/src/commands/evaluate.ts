import { evaluateFolder, writeReport } from '@shapes/train/node';
import { loadClassifier, MODEL_OPTION_HELP } from '../lib/classifier.js';
import { type BackendOptions, newCommand, outputOf, startBackend } from '../lib/command.js';
import { countProgress } from '../lib/progress-callback.js';
import { evaluateReport } from '../lib/report-data.js';
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
  .requiredOption('-m, --model <path>', MODEL_OPTION_HELP)
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
    const answered = await evaluateFolder(classifier, options.data, {
      onProgress: countProgress(out, 'evaluating', ' images'),
    });
    const { summary } = answered;
    if (!classifier.openSet && summary.unknown.expected > 0) {
      out.warn(
        'the model has no open-set rule, so it cannot answer "unknown"; retrain it with `shapes train`.',
      );
    }
    if (report) await writeReport(report, evaluateReport(answered, classifier.classNames, options));
    out.result(summary, () =>
      [printEvaluation(summary), ...(report ? ['', `report: ${report}`] : [])].join('\n'),
    );
  });
