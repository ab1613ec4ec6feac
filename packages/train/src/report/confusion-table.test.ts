import { describe, expect, it } from 'vitest';
import { renderConfusion } from './confusion-table.js';

/** The text of every `<td>` of each body row, tags stripped. */
function rows(html: string): string[][] {
  const body = html.match(/<tbody>(.*)<\/tbody>/s)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((r) =>
    [...r[1].matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((c) => c[1].replace(/<[^>]*>/g, '')),
  );
}

describe('renderConfusion', () => {
  const labels = ['circle', 'square', 'triangle', 'hexagon'];
  const columns = ['circle', 'square', 'triangle', 'unknown'];
  const matrix = [
    [18, 1, 0, 1],
    [0, 19, 1, 0],
    [2, 0, 17, 1],
    [1, 3, 0, 16],
  ];
  const html = renderConfusion({ labels, columns, matrix });

  it('writes every count, the row totals, the share right and the column totals', () => {
    const [circle, square, triangle, hexagon, totals] = rows(html);
    expect(circle).toEqual(['18', '1', '0', '1', '20', '90.0%']);
    expect(square).toEqual(['0', '19', '1', '0', '20', '95.0%']);
    expect(triangle).toEqual(['2', '0', '17', '1', '20', '85.0%']);
    // An unseen hexagon is answered right by 'unknown'.
    expect(hexagon).toEqual(['1', '3', '0', '16', '20', '80.0%']);
    expect(totals).toEqual(['21', '23', '18', '18', '80', '']);
    expect(html).toContain('70 of 80 right (87.5%)');
  });

  it('outlines the right cell of each row, and only that one', () => {
    const diagonal = [...html.matchAll(/<td class="cell[^"]*diag[^"]*"[^>]*>(\d+)</g)].map((m) => m[1]);
    expect(diagonal).toEqual(['18', '19', '17', '16']);
  });

  it('colours cells by their share of the row', () => {
    expect(html).toMatch(/class="cell diag" style="background:rgb\(/);
    expect(html).toContain('class="cell zero"');
  });

  it('uses the labels as columns when none are given', () => {
    const square = renderConfusion({
      labels: ['a', 'b'],
      matrix: [
        [3, 1],
        [0, 4],
      ],
    });
    expect(rows(square)[2]).toEqual(['3', '5', '8', '']);
  });

  it('escapes class names', () => {
    const out = renderConfusion({
      labels: ['<script>', 'b'],
      matrix: [
        [1, 0],
        [0, 1],
      ],
    });
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;');
  });

  it('says what is wrong when the sizes do not match, instead of drawing nonsense', () => {
    const out = renderConfusion({ labels: ['a', 'b'], matrix: [[1, 0, 0]] });
    expect(out).toContain('class="note problem"');
    expect(out).toContain('it is 1x3, but the labels call for 2x2');
  });
});
