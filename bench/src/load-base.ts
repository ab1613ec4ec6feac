import { loadPretrainedBase, PRETRAINED } from '@shapes/models';
import { loadModelFromDir } from '@shapes/models/node';

/** The model saved in the folder `dir`, or the pretrained base of `@shapes/models` for {@link PRETRAINED}. */
export function loadBase(dir: string) {
  return dir === PRETRAINED ? loadPretrainedBase() : loadModelFromDir(dir);
}
