import { describe, expect, it } from 'vitest';
import { classificationReport, formatConfusionMatrix } from './classification-report.js';

describe('classificationReport', () => {
  // Confusion [[2,1,1],[1,2,0],[0,1,2]]: column sums 3, 4, 3; row sums (support) 4, 3, 3.
  const actual = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
  const predicted = [0, 0, 1, 2, 1, 1, 0, 2, 2, 1];
  const names = ['circle', 'square', 'triangle'];

  it('matches precision, recall and F1 computed by hand for three classes', () => {
    const report = classificationReport(actual, predicted, names);
    expect(report.accuracy).toBeCloseTo(6 / 10, 12);
    const expected = [
      // circle: 2 of 3 predictions right, 2 of 4 found; F1 = 2TP / (2TP + FP + FN) = 4 / 7.
      { name: 'circle', precision: 2 / 3, recall: 2 / 4, f1: 4 / 7, support: 4 },
      // square: 2 of 4 predictions right, 2 of 3 found; F1 = 4 / (4 + 2 + 1).
      { name: 'square', precision: 2 / 4, recall: 2 / 3, f1: 4 / 7, support: 3 },
      // triangle: 2 of 3 predictions right, 2 of 3 found; F1 = 4 / 6.
      { name: 'triangle', precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3 },
    ];
    report.perClass.forEach((metrics, c) => {
      const want = expected[c]!;
      expect(metrics.name).toBe(want.name);
      expect(metrics.support).toBe(want.support);
      expect(metrics.precision).toBeCloseTo(want.precision, 12);
      expect(metrics.recall).toBeCloseTo(want.recall, 12);
      expect(metrics.f1).toBeCloseTo(want.f1, 12);
    });
    // (4/7 + 4/7 + 2/3) / 3 = 38/63.
    expect(report.macroF1).toBeCloseTo(38 / 63, 12);
    expect(report.confusion).toEqual([
      [2, 1, 1],
      [1, 2, 0],
      [0, 1, 2],
    ]);
  });

  it('reports 0 rather than NaN for a class never predicted or never present (zero_division = 0)', () => {
    const report = classificationReport([0, 1, 1], [0, 0, 0], ['a', 'b', 'c']);
    expect(report.accuracy).toBeCloseTo(1 / 3, 12);
    // a: precision 1/3, recall 1, F1 = 2 * (1/3) / (4/3) = 1/2.
    expect(report.perClass[0]!.precision).toBeCloseTo(1 / 3, 12);
    expect(report.perClass[0]!.f1).toBeCloseTo(0.5, 12);
    // b: never predicted; c: never predicted and absent.
    expect(report.perClass[1]).toEqual({ name: 'b', precision: 0, recall: 0, f1: 0, support: 2 });
    expect(report.perClass[2]).toEqual({ name: 'c', precision: 0, recall: 0, f1: 0, support: 0 });
    expect(report.macroF1).toBeCloseTo(0.5 / 3, 12);
  });

  it('gives 1 everywhere for perfect predictions', () => {
    const report = classificationReport(Uint8Array.from([0, 1, 2, 1]), Uint8Array.from([0, 1, 2, 1]), names);
    expect(report.accuracy).toBe(1);
    expect(report.macroF1).toBe(1);
  });

  it('rejects empty input and empty class lists', () => {
    expect(() => classificationReport([], [], names)).toThrow(/at least one sample/);
    expect(() => classificationReport([0], [0], [])).toThrow(/at least one class/);
    expect(() => classificationReport([0, 3], [0, 1], names)).toThrow(/actual\[1\] is 3/);
  });
});

describe('formatConfusionMatrix', () => {
  it('renders an aligned table with actual classes as rows', () => {
    const text = formatConfusionMatrix(
      [
        [2, 1, 1],
        [1, 12, 0],
        [0, 1, 200],
      ],
      ['circle', 'sq', 'triangle'],
    );
    expect(text).toBe(
      [
        'actual \\ predicted  circle  sq  triangle',
        'circle                   2   1         1',
        'sq                       1  12         0',
        'triangle                 0   1       200',
      ].join('\n'),
    );
  });

  it('widens a column for counts longer than its name', () => {
    const lines = formatConfusionMatrix(
      [
        [12345, 0],
        [1, 2],
      ],
      ['a', 'b'],
    ).split('\n');
    expect(lines).toEqual([
      'actual \\ predicted      a  b',
      'a                   12345  0',
      'b                       1  2',
    ]);
  });

  it('rejects a matrix that does not match the class names', () => {
    expect(() => formatConfusionMatrix([[1, 2]], ['a', 'b'])).toThrow(/2 × 2 matrix/);
    expect(() => formatConfusionMatrix([[1], [2]], ['a', 'b'])).toThrow(/2 × 2 matrix/);
  });
});
