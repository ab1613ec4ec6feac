import { writeFileSync } from 'node:fs';
import { contactSheet, createDataset } from '@shapes/data';
import { describe, expect, it } from 'vitest';
import { renderReport } from './render-report.js';
import type { Report, ReportSection, SampleImage } from './types.js';

const SHOTS = [1, 2, 5, 10, 20, 50, 100];

/** A report with every kind of section and realistic data: what `shapes evaluate --report` would write. */
function fixtureReport(): Report {
  const known = ['circle', 'square', 'triangle'];
  const ds = createDataset({ shapes: [...known, 'hexagon'], perClass: 5, seed: 7 });
  const [, h, w] = ds.shape;
  // Images 2, 5, 11, 13 and 18 are answered wrong; unseen hexagons count as right when answered 'unknown'.
  const wrong = new Set([2, 5, 11, 13, 18]);
  const samples: SampleImage[] = Array.from({ length: ds.labels.length }, (_, i) => {
    const truth = ds.classNames[ds.labels[i]];
    const right = truth === 'hexagon' ? 'unknown' : truth;
    const predicted = wrong.has(i) ? (truth === 'square' ? 'circle' : 'square') : right;
    return {
      pixels: ds.images.subarray(i * h * w, (i + 1) * h * w) as Uint8Array,
      width: w,
      height: h,
      channels: 1,
      truth,
      predicted,
      confidence: wrong.has(i) ? 0.55 + (i % 4) * 0.1 : 0.9 + (i % 10) / 100,
      correct: !wrong.has(i),
      caption: `${truth}-${String(i).padStart(4, '0')}.png`,
    };
  });
  const sheet = contactSheet({ shapes: known, perCell: 2, seed: 1 });
  const sections: ReportSection[] = [
    {
      kind: 'summary',
      title: 'Summary',
      rows: [
        ['accuracy', '87.5%'],
        ['macro F1', '0.874'],
        ['open-set AUROC', '0.912'],
        ['test images', '80'],
        ['backend', 'wasm (SIMD, 8 threads)'],
        ['model', 'runs/base-2025-01-01/model.json'],
      ],
    },
    {
      kind: 'text',
      title: 'Notes',
      paragraphs: [
        'Trained on circle, square and triangle; hexagon was held out and should be answered "unknown".',
        'Thresholds were chosen on the validation set only.',
      ],
    },
    {
      kind: 'history',
      title: 'Training',
      history: [
        { epoch: 1, loss: 1.02, accuracy: 0.48, valLoss: 0.91, valAccuracy: 0.55, rate: 0.003 },
        { epoch: 2, loss: 0.58, accuracy: 0.79, valLoss: 0.52, valAccuracy: 0.81, rate: 0.003 },
        { epoch: 3, loss: 0.31, accuracy: 0.9, valLoss: 0.36, valAccuracy: 0.88, rate: 0.0015 },
      ],
    },
    {
      kind: 'confusion',
      title: 'Confusion matrix',
      labels: [...known, 'hexagon'],
      columns: [...known, 'unknown'],
      matrix: [
        [18, 1, 0, 1],
        [0, 19, 1, 0],
        [2, 0, 17, 1],
        [1, 3, 0, 16],
      ],
    },
    {
      kind: 'classes',
      title: 'Per class',
      perClass: {
        circle: { precision: 0.857, recall: 0.9, f1: 0.878, support: 20 },
        square: { precision: 0.826, recall: 0.95, f1: 0.884, support: 20 },
        triangle: { precision: 0.944, recall: 0.85, f1: 0.895, support: 20 },
        unknown: { precision: 0.889, recall: 0.8, f1: 0.842, support: 20 },
      },
    },
    { kind: 'samples', title: 'Sample predictions', samples, limit: 16 },
    {
      kind: 'curves',
      title: 'Transfer against training from scratch',
      series: [
        {
          name: 'transfer',
          points: SHOTS.map((shots, i) => ({
            shots,
            accuracy: [0.62, 0.71, 0.83, 0.9, 0.94, 0.97, 0.98][i],
            std: 0.04 - i * 0.005,
          })),
        },
        {
          name: 'scratch',
          points: SHOTS.map((shots, i) => ({
            shots,
            accuracy: [0.36, 0.4, 0.48, 0.6, 0.74, 0.88, 0.94][i],
            std: 0.05,
          })),
        },
        {
          name: 'prototype',
          points: SHOTS.map((shots, i) => ({
            shots,
            accuracy: [0.58, 0.66, 0.76, 0.81, 0.84, 0.86, 0.87][i],
          })),
        },
      ],
    },
    {
      kind: 'roc',
      title: 'Known against unknown',
      points: [
        { fpr: 0, tpr: 0 },
        { fpr: 0.02, tpr: 0.45 },
        { fpr: 0.05, tpr: 0.62 },
        { fpr: 0.1, tpr: 0.78 },
        { fpr: 0.2, tpr: 0.88 },
        { fpr: 0.4, tpr: 0.95 },
        { fpr: 0.7, tpr: 0.99 },
        { fpr: 1, tpr: 1 },
      ],
      auroc: 0.912,
    },
    {
      kind: 'image',
      title: 'What the generator draws',
      image: { pixels: sheet.data, width: sheet.width, height: sheet.height, channels: 3 },
      caption: 'Two samples per class and render style.',
    },
  ];
  return {
    title: 'Evaluation: base model on 4 shapes',
    subtitle: 'seed 7 · 80 test images · 1 unseen class',
    sections,
  };
}

describe('renderReport', () => {
  const html = renderReport(fixtureReport());

  // `SHAPES_REPORT_FIXTURE=/tmp/report-fixture.html npx vitest run src/report` writes the fixture for a look in a
  // browser (see scripts/screenshot-report.mjs).
  if (process.env.SHAPES_REPORT_FIXTURE) writeFileSync(process.env.SHAPES_REPORT_FIXTURE, html);

  it('is one HTML document', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.match(/<html/g)).toHaveLength(1);
    expect(html.match(/<body/g)).toHaveLength(1);
    expect(html.trim().endsWith('</html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
  });

  it('needs nothing outside the file: no script, no external address', () => {
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/@import|url\(/i);
    const sources = [...html.matchAll(/\ssrc="([^"]*)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) expect(src.startsWith('data:image/png;base64,')).toBe(true);
  });

  it('draws a card per section, in order, with a contents line', () => {
    const kinds = [...html.matchAll(/<section class="card" id="section-(\d+)" data-kind="(\w+)"/g)].map(
      (m) => m[2],
    );
    expect(kinds).toEqual([
      'summary',
      'text',
      'history',
      'confusion',
      'classes',
      'samples',
      'curves',
      'roc',
      'image',
    ]);
    expect(html.match(/<a href="#section-\d+">/g)).toHaveLength(9);
  });

  it('draws every picture: 4 charts and 17 images', () => {
    expect(html.match(/<svg/g)).toHaveLength(4);
    expect(html.match(/<img/g)).toHaveLength(17);
    expect(html).toContain('4 more not shown.');
  });

  it('escapes every string it is given', () => {
    const evil = '<script>alert(1)</script>';
    const out = renderReport({
      title: evil,
      subtitle: evil,
      sections: [
        { kind: 'summary', title: evil, rows: [[evil, evil]] },
        { kind: 'text', title: evil, paragraphs: [evil] },
        {
          kind: 'confusion',
          title: evil,
          labels: [evil, 'b'],
          matrix: [
            [1, 0],
            [0, 1],
          ],
        },
        {
          kind: 'classes',
          title: evil,
          perClass: { [evil]: { precision: 1, recall: 1, f1: 1, support: 1 } },
        },
        {
          kind: 'curves',
          title: evil,
          xLabel: evil,
          yLabel: evil,
          series: [{ name: evil, points: [{ shots: 1, accuracy: 1 }] }],
        },
        {
          kind: 'samples',
          title: evil,
          samples: [
            {
              pixels: new Uint8Array(4),
              width: 2,
              height: 2,
              channels: 1,
              predicted: evil,
              truth: evil,
              caption: evil,
              confidence: 1,
              correct: false,
            },
          ],
        },
      ],
    });
    expect(out).not.toContain('<script');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('renders an empty report', () => {
    const out = renderReport({ title: 'Nothing', sections: [] });
    expect(out).toContain('<h1>Nothing</h1>');
    expect(out).not.toContain('<nav');
  });

  it('is pure: the same report gives the same document', () => {
    expect(renderReport(fixtureReport())).toBe(html);
  });

  it('rejects a section kind it does not know', () => {
    const bad = { title: 't', sections: [{ kind: 'pie', title: 'p' }] } as unknown as Report;
    expect(() => renderReport(bad)).toThrow(/unknown section kind "pie"/);
  });
});
