import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Rasterizer, Rng, strokePolyline } from '@shapes/data';
import { classifierOf, PRETRAINED } from '@shapes/models';
import { selectBackend } from '@shapes/runtime';
import { readImagesOf } from '@shapes/train/node';
import { Command, InvalidArgumentError } from 'commander';
// The end-to-end test's drawings and the page's own framing, so Node draws and frames exactly as the page does.
import { SHAPES, UNFAMILIAR } from '../../apps/web/e2e/strokes.mjs';
import { fitDrawing } from '../../apps/web/src/fit-drawing.js';
import { loadBase } from './load-base.js';
import { printJson } from './output.js';
import { DEFAULT_REALDATA } from './paths.js';

interface DrawingsOptions {
  variants: number;
  realdata: string;
}

type Point = [number, number];
type Draw = () => Point[];

const PAD = 256;
const PEN = 12;
const DRAWINGS: Record<string, Draw> = { ...SHAPES, ...UNFAMILIAR };
const NAMES = Object.keys(DRAWINGS);

/** Pad points as a stroke of `pen` pixels, dark on white, framed for a model of `size` pixels. */
export function render(points: readonly Point[], pen: number, size: number): Uint8Array {
  const gray = new Uint8Array(PAD * PAD).fill(255);
  const raster = new Rasterizer();
  for (const p of strokePolyline(points.flat(), false, pen / 2)) raster.addPolygon(p);
  raster.fill({ data: gray, width: PAD, height: PAD, channels: 1, offset: 0 }, [17]);
  return fitDrawing(gray, PAD, PAD, size).pixels;
}

/**
 * `count` drawings of `draw` by the same hand, less steady: up to ±30° of turn, 0.8-1.15x wider, each point off by
 * up to 1.5 pixels, a pen of 7 to 16 pixels. Framing undoes the drawing's size and place, so those are left alone.
 */
export function variantsOf(draw: Draw, count: number, rng: Rng): { points: Point[]; pen: number }[] {
  return Array.from({ length: count }, () => {
    const [turn, stretch, pen] = [rng.range(-0.5, 0.5), rng.range(0.8, 1.15), rng.range(7, 16)];
    const [c, s] = [Math.cos(turn), Math.sin(turn)];
    const points = draw().map(([x, y]): Point => {
      const [u, v] = [(x - PAD / 2) * stretch, y - PAD / 2];
      return [PAD / 2 + u * c - v * s + rng.range(-1.5, 1.5), PAD / 2 + u * s + v * c + rng.range(-1.5, 1.5)];
    });
    return { points, pen };
  });
}

/** Gray `size` x `size` images as one batch a classifier takes. */
export function batchOf(images: readonly Uint8Array[], size: number) {
  const pixels = new Uint8Array(images.length * size * size);
  images.forEach((image, i) => {
    pixels.set(image, i * size * size);
  });
  return { images: pixels, shape: [images.length, size, size, 1] as [number, number, number, number] };
}

/** `--variants K`: a whole number of drawings, 0 or more. */
function parseVariants(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError(`"${value}" is not a whole number from 0.`);
  return n;
}

/**
 * What saved models answer for the end-to-end test's drawings (circle, square, triangle, star, and shapes no base
 * was taught: zigzag, spiral, cross, heart, hexagon), drawn as the pad draws them (a 12-pixel pen, dark on
 * white, 256x256) and framed by the page's `fitDrawing`. One drawing per shape says little, so `--variants K`
 * also draws K of each by an unsteady hand and counts the right answers (the model's own classes) and the
 * `unknown` ones (every other shape); and since flagging is worth only what it costs, it counts the real hand
 * drawings of the model's classes that come back `unknown`.
 */
async function run(dirs: string[], o: DrawingsOptions): Promise<void> {
  await selectBackend();
  const { variants } = o;
  const hand = join(o.realdata, 'hand-drawn');
  if (!existsSync(hand))
    console.error(`No real hand drawings at ${hand} (--realdata DIR): their counts are left out.`);
  const rows: Record<string, Record<string, unknown>> = {};
  for (const dir of dirs) {
    const { model, metadata } = await loadBase(dir);
    const classifier = classifierOf(model, metadata);
    const size = metadata.inputSize;
    const known = new Set(metadata.classNames);
    const row: Record<string, unknown> = {};
    const answers = classifier.predict(
      batchOf(
        NAMES.map((n) => render(DRAWINGS[n]!(), PEN, size)),
        size,
      ),
    );
    NAMES.forEach((name, i) => {
      const p = answers[i]!;
      row[name] = `${p.label} ${(p.confidence * 100).toFixed(0)}%`;
    });
    if (variants > 0) {
      // One stream per shape, so adding a shape to strokes.mjs leaves the others' drawings as they were.
      const counts: Record<string, string> = {};
      let unfamiliar = 0;
      let flagged = 0;
      for (const [index, name] of NAMES.entries()) {
        const drawn = variantsOf(DRAWINGS[name]!, variants, new Rng(index + 1));
        const ps = classifier.predict(
          batchOf(
            drawn.map((d) => render(d.points, d.pen, size)),
            size,
          ),
        );
        const ok = ps.filter((p) => (known.has(name) ? p.label === name : p.unknown)).length;
        counts[name] = `${ok}/${variants} ${known.has(name) ? 'right' : 'unknown'}`;
        if (!known.has(name)) {
          unfamiliar += variants;
          flagged += ok;
        }
      }
      row.variants = counts;
      row.unfamiliarUnknown = `${flagged}/${unfamiliar}`;
    }
    if (existsSync(hand) && size === 64 && metadata.channels === 1) {
      const real = await readImagesOf(hand, metadata.classNames);
      const ps = classifier.predict(real);
      row.realHandDrawnUnknown = `${ps.filter((p) => p.unknown).length}/${ps.length}`;
      row.realHandDrawnRight = `${ps.filter((p, i) => p.index === real.labels[i] && !p.unknown).length}/${ps.length}`;
    }
    rows[dir] = row;
    model.dispose();
  }
  printJson(rows, true);
}

export const drawings = new Command('drawings')
  .description(
    "What saved models answer for the web e2e's drawings (and --variants K of each), framed as the page frames them",
  )
  .argument('<model-dir...>', `folders of models saved by the CLI or by \`base --save\`, or "${PRETRAINED}"`)
  .option('--variants <k>', 'drawings of each shape besides the e2e one', parseVariants, 0)
  .option('--realdata <dir>', 'the real image sets (their hand drawings are counted)', DEFAULT_REALDATA)
  .action((dirs: string[], o: DrawingsOptions) => run(dirs, o));
