import { describe, expect, it } from 'vitest';
import { renderClasses } from './class-table.js';

describe('renderClasses', () => {
  const html = renderClasses({
    circle: { precision: 0.95, recall: 0.9, f1: 0.924, support: 20 },
    '<script>': { precision: 0.5, recall: 1, f1: 0.667, support: 3 },
  });

  it('has one row per class, in the order given, with its support', () => {
    const names = [...html.matchAll(/<th scope="row">(.*?)<\/th>/g)].map((m) => m[1]);
    expect(names).toEqual(['circle', '&lt;script&gt;']);
    expect(html).toContain('<td class="num">20</td>');
  });

  it('draws a bar as wide as each figure', () => {
    const widths = [...html.matchAll(/style="width:(\d+)%"/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([95, 90, 92, 50, 100, 67]);
    expect(html).toContain('92.4%');
  });

  it('marks weak figures', () => {
    expect(html).toContain('fill poor');
    expect(html).toContain('fill good');
  });
});
