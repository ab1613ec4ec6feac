import { DEMO, type DemoRun, type Report, samplesOf } from '@shapes/train';
import { curveSeries } from '../lib/compare.js';
import { percent } from '../lib/evaluation.js';
import { evaluationSections, historySection, knownUnknownRow } from '../lib/report-data.js';
import { renderTable } from '../lib/table.js';
import { printEvaluation } from './shared.js';

/** The demo's HTML report: its summary, the base's learning curves, both evaluations and the comparison. */
export function demoReport(run: DemoRun, backend: string): Report {
  const { base, baseTest, transfer, transferTest, probe, comparison } = run;
  const { newShapes, unseen, shots } = DEMO;
  const scratch = comparison.find((p) => p.method === 'scratch');
  const answer = probe.answer;
  return {
    title: 'shapes demo: transfer learning, done right',
    subtitle: `seed ${run.seed}, ${backend} backend, ${run.seconds.toFixed(0)} s, ${new Date().toISOString()}`,
    sections: [
      {
        kind: 'summary',
        title: 'Summary',
        rows: [
          ['base accuracy', percent(baseTest.summary.accuracy)],
          ['base: known images answered "unknown"', knownUnknownRow(baseTest.summary)[1]],
          ['base training', `${base.trainSeconds.toFixed(1)} s`],
          [`transfer accuracy (${shots} per class)`, percent(transferTest.summary.accuracy)],
          ['transfer: known images answered "unknown"', knownUnknownRow(transferTest.summary)[1]],
          ['transfer training', `${transfer.seconds.toFixed(1)} s`],
          [
            `from scratch (${shots} per class)`,
            scratch ? `${percent(scratch.accuracy)} in ${scratch.seconds.toFixed(1)} s` : '-',
          ],
          [
            `unseen ${unseen}s answered "unknown"`,
            `${transferTest.summary.unknown.flagged} of ${transferTest.summary.unknown.expected}`,
          ],
          [
            `the one ${unseen} of step 5`,
            answer.unknown ? '"unknown"' : `"${answer.label}" (${percent(answer.confidence)})`,
          ],
        ],
      },
      historySection('Base: learning curves', base.history),
      ...evaluationSections('Base', baseTest.summary, samplesOfSet(baseTest, base.classNames)),
      {
        kind: 'curves',
        title: 'Transfer against training from scratch (same examples, same held-out test images)',
        series: curveSeries(comparison),
        xLabel: 'examples per class',
        yLabel: 'test accuracy',
      },
      ...evaluationSections('Transferred model', transferTest.summary, samplesOfSet(transferTest, newShapes)),
      {
        kind: 'samples',
        title: `Step 5: one ${unseen} no model saw`,
        samples: samplesOf(probe.data, [answer], [unseen], newShapes),
      },
    ],
  };
}

/** The demo's results for the terminal. */
export function demoText(run: DemoRun, report: string | undefined): string {
  const { baseTest, transfer, transferTest, comparison } = run;
  const { baseShapes, newShapes, unseen, shots } = DEMO;
  const answer = run.probe.answer;
  const verdict = answer.unknown
    ? `"unknown" ✓ (nearest: ${newShapes[answer.index]}, ${percent(answer.confidence)})`
    : `"${answer.label}" (${percent(answer.confidence)}) ✗ should be "unknown"`;
  const table = renderTable([
    ['method', 'per class', 'accuracy', 'seconds'],
    ...comparison.map((p) => [p.method, String(p.shots), percent(p.accuracy), p.seconds.toFixed(1)]),
  ]);
  return [
    '',
    `base (${baseShapes.join(', ')}), held-out images and unknown shapes:`,
    printEvaluation(baseTest.summary),
    '',
    `transferred (${newShapes.join(', ')}, ${shots} examples each, ${transfer.seconds.toFixed(1)} s), held-out images and unseen ${unseen}s:`,
    printEvaluation(transferTest.summary),
    '',
    `an unseen ${unseen}: ${verdict}`,
    '',
    'transfer against training from scratch (same examples, same held-out images):',
    table
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n'),
    '',
    `done in ${run.seconds.toFixed(1)} s${report ? `; report: ${report}` : ' (add --report demo.html for pictures)'}`,
  ].join('\n');
}

/** The demo's results as JSON: what `--json` prints. */
export function demoJson(run: DemoRun, backend: string) {
  const { base, baseTest, transfer, transferTest, probe } = run;
  return {
    seconds: +run.seconds.toFixed(1),
    backend,
    base: {
      classNames: DEMO.baseShapes,
      trainSeconds: +base.trainSeconds.toFixed(1),
      test: baseTest.summary,
    },
    transfer: {
      classNames: DEMO.newShapes,
      shots: DEMO.shots,
      trainSeconds: +transfer.seconds.toFixed(2),
      test: transferTest.summary,
    },
    unseen: {
      shape: DEMO.unseen,
      label: probe.answer.label,
      confidence: probe.answer.confidence,
      unknown: probe.answer.unknown,
    },
    comparison: run.comparison,
  };
}

function samplesOfSet(set: DemoRun['baseTest'], classNames: readonly string[]) {
  return samplesOf(set.data, set.predictions, set.truth, classNames);
}
