import { loadPretrainedBase } from '@shapes/models';
import { loadModelFromDir } from '@shapes/models/node';

/** What `--base` and model arguments take for the base that ships in `@shapes/models`. */
export const PRETRAINED = 'pretrained';

/** The model saved in the folder `dir`, or the pretrained base of `@shapes/models` for {@link PRETRAINED}. */
export function loadBase(dir: string) {
  return dir === PRETRAINED ? loadPretrainedBase() : loadModelFromDir(dir);
}
