import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_JSON_FILE } from '@shapes/models/node';
import { UsageError } from '../errors/usage-error.js';

/**
 * Checks that `--model DIR` names a folder holding a saved model, before anything slow starts. What is inside
 * `model.json` is checked by the loader, whose errors name the file and the fault.
 */
export function checkModelDir(dir: string): void {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // not there: said below
  }
  if (!isDir) {
    const hint = dir.endsWith(MODEL_JSON_FILE)
      ? ` (give its folder: --model ${dir.slice(0, -MODEL_JSON_FILE.length - 1) || '.'})`
      : ' (give the folder a model was saved to)';
    throw new UsageError(`--model: "${dir}" is not a folder${hint}.`);
  }
  if (!existsSync(join(dir, MODEL_JSON_FILE))) {
    throw new UsageError(
      `--model: "${dir}" holds no ${MODEL_JSON_FILE}, so it is not a saved model (give the folder a model was saved to).`,
    );
  }
}
