import { type Dataset, subset } from '@shapes/data';
import { readImageFolder } from '@shapes/data/node';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/**
 * Reads an ImageFolder of real images, keeping only the classes in `classNames` and numbering them as
 * `classNames` does, so a model's test on real photographs or drawings lines up with its own labels. Folders of
 * other classes are left out, since a closed-set model cannot be right on them.
 */
export async function readImagesOf(
  root: string,
  classNames: readonly string[],
  { size = 64, channels = 1 }: { size?: number; channels?: 1 | 3 } = {},
): Promise<Dataset<Uint8Array>> {
  const folder = await readImageFolder(root, { size, channels, pixelType: 'uint8' });
  const keep: number[] = [];
  for (let i = 0; i < folder.labels.length; i++) {
    if (classNames.includes(folder.classNames[folder.labels[i] as number] as string)) keep.push(i);
  }
  if (keep.length === 0) {
    throw new InvalidArgumentError(
      `${root} has no images of ${classNames.join(', ')} (its classes: ${folder.classNames.join(', ')}).`,
    );
  }
  const kept = subset(folder as Dataset<Uint8Array>, keep);
  const labels = Int32Array.from(keep, (i) =>
    classNames.indexOf(folder.classNames[folder.labels[i] as number] as string),
  );
  return { ...kept, labels, classNames: [...classNames] };
}
