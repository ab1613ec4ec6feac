import { encodePng } from '@shapes/data/node';
import type { ReportImage } from './types.js';

/**
 * An image as a `data:image/png;base64,...` URL, so the report carries its pictures inside the one file.
 *
 * @throws RangeError when the pixel count does not match the sizes.
 */
export function pngDataUrl(image: ReportImage): string {
  const png = encodePng(image.pixels, image.width, image.height, image.channels);
  return `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}`;
}
