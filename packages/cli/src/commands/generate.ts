import * as path from 'node:path';
import { type PresetName, RENDER_STYLES, type RenderStyle } from '@shapes/data';
import { createDatasetParallel, writeContactSheet, writeImageFolder } from '@shapes/data/node';
import { type CommonOptions, newCommand, outputOf } from '../lib/command.js';
import { assertFreeOutput } from '../lib/output-path.js';
import { parseChoice, parseInteger, parseShapes } from '../lib/parse.js';

interface GenerateOptions extends CommonOptions {
  out: string;
  shapes: string;
  perClass: string;
  preset: string;
  size?: string;
  channels?: string;
  styles?: string;
  seed: string;
  sheet: boolean;
  force?: boolean;
}

/** `shapes generate`: a synthetic dataset written as an ImageFolder, with a contact sheet to look at. */
export const generate = newCommand(
  'generate',
  'Generate a dataset of shape images into an ImageFolder (one folder per class), with a contact sheet',
  {
    examples: [
      'shapes generate --out data/base',
      'shapes generate --out data/new --shapes star,pentagon,hexagon --per-class 50 --seed 2',
      "shapes generate --out data/seed --preset seed --per-class 100        # the original demo's images",
      'shapes generate --out data/outlines --styles outline,sketch --size 96 --channels 3',
    ],
  },
)
  .requiredOption('-o, --out <dir>', 'folder to write (it must not exist, or be empty, unless --force)')
  .option('-s, --shapes <list>', 'comma-separated shapes', 'circle,square,triangle')
  .option('-n, --per-class <n>', 'images per class', '200')
  .option(
    '--preset <name>',
    'default (64x64 gray, drawn and photographed looks) or seed (the original demo)',
    'default',
  )
  .option('--size <px>', "image side in pixels (default: the preset's)")
  .option('--channels <n>', "1 (gray) or 3 (RGB) (default: the preset's)")
  .option('--styles <list>', `only these styles, equally often (default preset): ${RENDER_STYLES.join(', ')}`)
  .option('--seed <n>', 'the same seed gives the same images on every machine', '0')
  .option('--no-sheet', 'do not draw contact-sheet.png')
  .option('-f, --force', 'replace --out if it exists')
  .action(async (options: GenerateOptions) => {
    const out = outputOf(options);
    const shapes = parseShapes('--shapes', options.shapes);
    const perClass = parseInteger('--per-class', options.perClass, { min: 1 });
    const preset = parseChoice<PresetName>('--preset', options.preset, ['default', 'seed']);
    const size =
      options.size === undefined ? undefined : parseInteger('--size', options.size, { min: 8, max: 1024 });
    const channels =
      options.channels === undefined
        ? undefined
        : (Number(parseChoice('--channels', options.channels, ['1', '3'])) as 1 | 3);
    const styles = options.styles
      ?.split(',')
      .map((s) => parseChoice<RenderStyle>('--styles', s.trim(), RENDER_STYLES));
    const seed = parseInteger('--seed', options.seed, { min: 0 });
    const target = path.resolve(options.out);
    assertFreeOutput(target, options.force, 'output folder', '--out', 'dataset');

    const started = performance.now();
    out.info(
      `generating ${perClass * shapes.length} images of ${shapes.join(', ')} (${preset} preset, seed ${seed})`,
    );
    const dataset = await createDatasetParallel({
      shapes,
      perClass,
      preset,
      seed,
      size,
      channels,
      ...(styles ? { styles } : {}),
    });
    const [n, h, w, c] = dataset.shape;
    await writeImageFolder(dataset, target, { overwrite: options.force ?? false });
    let sheet: string | undefined;
    if (options.sheet) {
      sheet = path.join(target, 'contact-sheet.png');
      await writeContactSheet(sheet, { shapes, preset, seed, size, channels, minTile: 64 });
    }
    const seconds = (performance.now() - started) / 1000;
    out.result(
      {
        out: target,
        images: n,
        classNames: shapes,
        perClass,
        size: [h, w],
        channels: c,
        preset,
        seed,
        contactSheet: sheet ?? null,
        seconds: +seconds.toFixed(2),
      },
      [
        `wrote ${n} images (${h}x${w}, ${c === 1 ? 'gray' : 'RGB'}) of ${shapes.join(', ')} to ${target} in ${seconds.toFixed(1)} s`,
        `  one folder per class, and manifest.json (how they were made)`,
        ...(sheet ? [`  contact sheet: ${sheet}`] : []),
      ].join('\n'),
    );
  });
