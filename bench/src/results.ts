import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { parseNumberList } from './options.js';
import { log, machine } from './output.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(REPO, 'packages/cli/dist/index.js');
const BENCH = join(REPO, 'bench/dist/main.js');

// biome-ignore lint/suspicious/noExplicitAny: the commands' JSON, read field by field as the tables need them.
type Json = Record<string, any>;

/** Sizes of each measurement: the full ones for docs/results.md, tiny ones to check the command works. */
export const SIZES = {
  full: {
    basePerClass: 2000,
    baseEpochs: 3,
    dataPerClass: 1000,
    seconds: 5,
    shots: 20,
    scratchSamples: 10000,
  },
  smoke: { basePerClass: 60, baseEpochs: 1, dataPerClass: 50, seconds: 0.5, shots: 2, scratchSamples: 32 },
};

/** Every measurement {@link renderResults} tabulates, as each command printed it. */
export interface Measurements {
  seeds: number[];
  demo: Json[];
  data: Json;
  speed: Json[];
  base: Json;
  transfer: Json;
  /** `bench looks` of the pretrained base, then of the demo's base. */
  looks: Json[];
}

/** The rows of the looks table: a name and how to read its figure from a `bench looks` JSON. */
const LOOK_ROWS: [string, (l: Json) => string][] = [
  ...(
    [
      ["seed preset (the original demo's look)", 'seedPreset'],
      ["the original demo's OpenCV images", 'opencv'],
      ['real hand drawings (shared/realdata)', 'handDrawn'],
      ['real four-shapes silhouettes', 'fourShapes'],
      ['1 px pencil-like strokes', 'thinStrokes'],
      ['synthetic, held out (default preset)', 'synthetic'],
    ] as const
  ).map(([name, key]): [string, (l: Json) => string] => [
    name,
    (l) =>
      l.looks[key]?.accuracy === undefined
        ? (l.looks[key]?.unavailable ?? '-')
        : `${pct(l.looks[key].accuracy)} (${pct(l.looks[key].answeredUnknown)} unknown)`,
  ]),
  ["four-shapes' real stars answered unknown", (l) => pct(l.looks.fourShapes?.realStars?.flaggedUnknown)],
  ['unknown shapes (star, pentagon, hexagon): AUROC', (l) => String(l.looks.unknownShapes?.auroc ?? '-')],
  ['unknown shapes flagged', (l) => pct(l.looks.unknownShapes?.flaggedUnknown)],
  ['transfer to star, pentagon, hexagon (20 each)', (l) => pct(l.transfer?.heldOut?.accuracy)],
  ["transfer: four-shapes' real stars answered star", (l) => pct(l.transfer?.realStars?.answeredStar)],
];

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '-' : `${(x * 100).toFixed(1)}%`;
const num = (x: number | null | undefined) =>
  x === null || x === undefined ? '-' : x.toLocaleString('en-US');

function table(rows: (string | number)[][]): string {
  const [head, ...body] = rows.map((r) => `| ${r.join(' | ')} |`);
  return [head, `|${' --- |'.repeat(rows[0]?.length ?? 0)}`, ...body].join('\n');
}

/** The results as Markdown: one section per measurement, each naming the command that produced it. */
export function renderResults(
  m: Measurements,
  stamp: { date: string; machine: string; command: string },
): string {
  const demo = table([
    [
      'seed',
      'base accuracy',
      'unknown shapes flagged (base)',
      'known images flagged (base)',
      'transfer accuracy',
      'unseen hexagons flagged',
      'known images flagged (transfer)',
      'the probe hexagon',
      'scratch accuracy',
      'seconds',
    ],
    ...m.demo.map((d, i) => {
      const scratch = (d.comparison as Json[]).find((p) => p.method === 'scratch');
      return [
        m.seeds[i] ?? '-',
        pct(d.base.test.accuracy),
        `${d.base.test.unknown.flagged} of ${d.base.test.unknown.expected}`,
        `${d.base.test.unknown.knownFlagged} of ${d.base.test.images - d.base.test.unknown.expected}`,
        pct(d.transfer.test.accuracy),
        `${d.transfer.test.unknown.flagged} of ${d.transfer.test.unknown.expected}`,
        `${d.transfer.test.unknown.knownFlagged} of ${d.transfer.test.images - d.transfer.test.unknown.expected}`,
        d.unseen.unknown ? '`unknown`' : `${d.unseen.label}`,
        pct(scratch?.accuracy),
        d.seconds,
      ];
    }),
  ]);
  const data = table([
    ['generator', 'images/s'],
    [`@shapes/data, ${m.data.workers} workers (seed preset, ${m.data.size})`, num(m.data.imagesPerSec)],
    [
      m.data.peer?.name ?? 'OpenCV peer',
      m.data.peer?.imagesPerSec ? num(m.data.peer.imagesPerSec) : (m.data.peer?.unavailable ?? '-'),
    ],
  ]);
  const speed = table([
    [
      'net',
      'backend',
      'train samples/s',
      'PyTorch train',
      'ratio',
      'infer samples/s',
      'PyTorch infer',
      'ratio',
    ],
    ...m.speed.map((s) => [
      s.arch,
      `${s.backend}, ${s.threads} threads`,
      num(s.trainSamplesPerSec),
      num(s.peer?.trainSamplesPerSec),
      s.peer?.trainRatio ?? '-',
      num(s.inferSamplesPerSec),
      num(s.peer?.inferSamplesPerSec),
      s.peer?.inferRatio ?? '-',
    ]),
  ]);
  const real = Object.entries((m.base.real ?? {}) as Record<string, Json>);
  const base = table([
    ['test set', 'images', 'accuracy'],
    ['synthetic, held out', m.base.syntheticTest.images, pct(m.base.syntheticTest.accuracy)],
    ...real.map(([name, r]) => [`real: ${name}`, r.images, pct(r.accuracy)]),
  ]);
  const openSet = table([
    [
      'rule',
      'AUROC, unseen star, pentagon, hexagon',
      'unknown flagged',
      'AUROC, near misses',
      'known accuracy with the rule',
    ],
    ...(m.base.openSet.unknown as Json[]).map((u, i) => [
      u.method,
      u.auroc,
      pct(u.unknownFlagged),
      m.base.openSet.nearMisses[i]?.auroc ?? '-',
      pct(u.knownAccuracyWithRule),
    ]),
  ]);
  const curve = table([
    ['method', 'examples per class', 'accuracy (mean ± std over seeds)', 'seconds'],
    ...(m.transfer.summary as Json[]).map((p) => [
      p.method,
      p.shots,
      `${pct(p.accuracy.mean)} ± ${pct(p.accuracy.std)}`,
      p.seconds,
    ]),
  ]);
  const looks = table([
    [
      'images of circle, square, triangle: accuracy (known answered unknown)',
      'pretrained base',
      "the demo's base",
    ],
    ...LOOK_ROWS.map(([name, read]) => [name, ...m.looks.map(read)]),
  ]);
  return `# Results

Measured on ${stamp.machine}, ${stamp.date}, by \`${stamp.command}\`, which writes this file. Each section names
the command it ran; run that alone to measure one thing again.

## Every look

\`pnpm bench looks --base pretrained\` and \`pnpm bench looks --demo\`: the base that ships in \`@shapes/models\`
(\`loadPretrainedBase()\`) and the base \`shapes demo\` trains, on circle, square and triangle as every source
draws them, and their transfer to star, pentagon and hexagon.

${looks}

## shapes demo

\`shapes demo --seed S --json\`: the base (circle, square, triangle) on held-out images and on star, pentagon and
hexagon, which it should answer \`unknown\`; the transfer to star and pentagon from 20 examples each, with hexagons
it never saw; and the same network trained from scratch on the same examples.

${demo}

## Data generation

\`shapes bench data --preset seed --json\`: the original demo's images (256x256 RGB), ours against its OpenCV
generator in the same process count.

${data}

## Training and inference speed

\`shapes bench train --arch A --json\`: the same net in tfjs and in PyTorch, same batch, same threads.

${speed}

## Open set

\`pnpm bench base\`: the default base recipe, tested on held-out synthetic images and on the real sets of
\`shared/realdata\`, and each open-set rule scored on shapes it never saw.

${base}

${openSet}

## Transfer learning curve

\`pnpm bench transfer --base DIR\` on the base above: star, pentagon and hexagon from ${m.transfer.shots ?? 'N'} examples
per class, by transfer, by the same network from scratch, and by a prototype head.

${curve}
`;
}

function runJson(script: string, args: string[]): Json {
  log(`$ node ${script.replace(REPO, '')} ${args.join(' ')}`);
  const stdout = execFileSync(process.execPath, [script, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
  return JSON.parse(stdout) as Json;
}

/** Runs every measurement in sequence, each in its own process as a user would. */
export function measure(sizes: (typeof SIZES)['full'], seeds: number[], work: string): Measurements {
  const demo = seeds.map((s) => runJson(CLI, ['demo', '--seed', String(s), '--json', '--quiet']));
  const data = runJson(CLI, [
    'bench',
    'data',
    '--preset',
    'seed',
    '--per-class',
    String(sizes.dataPerClass),
    '--json',
    '--quiet',
  ]);
  const speed = ['bench-cnn', 'default'].map((arch) =>
    runJson(CLI, ['bench', 'train', '--arch', arch, '--seconds', String(sizes.seconds), '--json', '--quiet']),
  );
  const saved = join(work, 'base');
  const base = runJson(BENCH, [
    'base',
    '--per-class',
    String(sizes.basePerClass),
    '--epochs',
    String(sizes.baseEpochs),
    '--save',
    saved,
  ]);
  const transfer = {
    shots: sizes.shots,
    ...runJson(BENCH, [
      'transfer',
      '--base',
      saved,
      '--shots',
      String(sizes.shots),
      '--seeds',
      seeds.join(','),
      '--scratch-samples',
      String(sizes.scratchSamples),
    ]),
  };
  const smoke = sizes === SIZES.smoke ? ['--smoke'] : [];
  const looks = [
    runJson(BENCH, ['looks', '--base', 'pretrained', ...smoke]),
    runJson(BENCH, ['looks', '--demo', ...smoke]),
  ];
  return { seeds, demo, data, speed, base, transfer, looks };
}

/** `bench results`: measures everything and writes docs/results.md (atomically: a failed run leaves the old one). */
export const results = new Command('results')
  .description(
    'Measure the demo, the generator, training speed, the open set and transfer, and write docs/results.md',
  )
  .option('--out <file>', 'the Markdown file to write', join(REPO, 'docs/results.md'))
  .option('--seeds <list>', 'demo and transfer seeds', parseNumberList, [1, 2, 3])
  .option('--smoke', 'tiny sizes, to check that every step runs (the figures mean nothing)', false)
  .action((o: { out: string; seeds: number[]; smoke: boolean }) => {
    const started = performance.now();
    const work = mkdtempSync(join(tmpdir(), 'shapes-results-'));
    const m = measure(o.smoke ? SIZES.smoke : SIZES.full, o.seeds, work);
    const { cpu, cores, node } = machine();
    const out = resolve(o.out);
    const text = renderResults(m, {
      date: new Date().toISOString().slice(0, 10),
      machine: `${cpu ?? 'an unknown CPU'} (${cores} cores), Node ${node}, ${m.speed[0]?.backend ?? 'wasm'} backend`,
      command: `pnpm bench results${o.smoke ? ' --smoke' : ''}`,
    });
    mkdirSync(dirname(out), { recursive: true });
    const temp = join(dirname(out), `.results-${process.pid}.md`);
    writeFileSync(temp, text);
    renameSync(temp, out);
    log(`wrote ${out} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  });
