import { createDataset } from './dataset.js';
import { drawText, textWidth } from './font.js';
import type { PresetName } from './presets.js';
import { RENDER_STYLES, type RenderStyle } from './render-options.js';
import type { Channels } from './types.js';

/** An RGB image, bytes, HWC. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Options of {@link contactSheet}. */
export interface ContactSheetOptions {
  shapes: readonly string[];
  preset?: PresetName;
  seed?: number;
  /** Samples per class and style. Default: 4. */
  perCell?: number;
  /** Image side; default the preset's. */
  size?: number;
  channels?: Channels;
  /** Each tile is drawn at least this many pixels wide (nearest-neighbour zoom). Default: 64. */
  minTile?: number;
}

const BG: [number, number, number] = [250, 250, 250];
const INK: [number, number, number] = [30, 30, 30];
const FRAME = [200, 200, 200];

/**
 * A grid of generated samples, one row per class and one column group per render style (the `seed` preset
 * has a single style), with labels: a picture of what the generator makes.
 */
export function contactSheet(options: ContactSheetOptions): RgbImage {
  const preset = options.preset ?? 'default';
  const perCell = options.perCell ?? 4;
  const groups: (RenderStyle | 'seed')[] = preset === 'seed' ? ['seed'] : [...RENDER_STYLES];
  const sets = groups.map((style) =>
    createDataset({
      shapes: options.shapes,
      perClass: perCell,
      preset,
      seed: options.seed ?? 0,
      size: options.size,
      channels: options.channels,
      ...(style === 'seed' ? {} : { styles: [style] }),
    }),
  );
  const [, h, w, c] = (sets[0] as (typeof sets)[number]).shape;
  const zoom = Math.max(1, Math.ceil((options.minTile ?? 64) / Math.max(h, w)));
  const tileW = w * zoom;
  const tileH = h * zoom;
  const gap = 4;
  const groupGap = 16;
  const labelW = Math.max(...options.shapes.map((s) => textWidth(s, 2))) + 16;
  const headerH = 28;
  const width = labelW + groups.length * (perCell * (tileW + gap) - gap) + (groups.length - 1) * groupGap + 8;
  const height = headerH + options.shapes.length * (tileH + gap) + 4;
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) {
    data[i] = BG[0];
    data[i + 1] = BG[1];
    data[i + 2] = BG[2];
  }
  groups.forEach((style, g) => {
    const gx = labelW + g * (perCell * (tileW + gap) - gap + groupGap);
    drawText(data, width, height, style, gx, 8, 2, INK);
    const ds = sets[g] as (typeof sets)[number];
    const k = options.shapes.length;
    options.shapes.forEach((shape, row) => {
      const y = headerH + row * (tileH + gap);
      if (g === 0) drawText(data, width, height, shape, 8, y + Math.floor(tileH / 2) - 7, 2, INK);
      for (let j = 0; j < perCell; j++) {
        const idx = j * k + row;
        const x = gx + j * (tileW + gap);
        for (let ty = -1; ty <= tileH; ty++) {
          for (let tx = -1; tx <= tileW; tx++) {
            const o = ((y + ty) * width + x + tx) * 3;
            if (ty < 0 || tx < 0 || ty === tileH || tx === tileW) {
              data[o] = FRAME[0] as number;
              data[o + 1] = FRAME[1] as number;
              data[o + 2] = FRAME[2] as number;
              continue;
            }
            const src = ((idx * h + Math.floor(ty / zoom)) * w + Math.floor(tx / zoom)) * c;
            for (let ch = 0; ch < 3; ch++) data[o + ch] = ds.images[src + (c === 3 ? ch : 0)] as number;
          }
        }
      }
    });
  });
  return { data, width, height };
}
