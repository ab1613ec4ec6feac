import * as path from 'node:path';
import type { PredictionSummary } from '@shapes/train';
import { formatSummary } from '../lib/evaluation.js';
import { assertFreeOutput } from '../lib/output-path.js';

/** The `--report` file, resolved, refused when it exists and `--force` is not given. */
export function reportPath(options: { report?: string; force?: boolean }): string | undefined {
  if (!options.report) return undefined;
  const file = path.resolve(options.report);
  assertFreeOutput(file, options.force, 'report', '--report', 'report');
  return file;
}

/** An evaluation for the terminal, indented under its heading. */
export function printEvaluation(summary: PredictionSummary): string {
  return formatSummary(summary)
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
}
