import { describe, expect, it } from 'vitest';
import { renderRoc } from './roc-chart.js';

describe('renderRoc', () => {
  it('names the AUROC in the legend and draws the chance diagonal', () => {
    const html = renderRoc(
      [
        { fpr: 0, tpr: 0 },
        { fpr: 0.1, tpr: 0.7 },
        { fpr: 0.3, tpr: 0.9 },
        { fpr: 1, tpr: 1 },
      ],
      0.912,
    );
    expect(html).toContain('ROC (AUROC 0.912)');
    expect(html).toContain('class="guide"');
    expect(html.match(/<path class="line"/g)).toHaveLength(1);
    expect(html).toContain('class="area"');
    // At most 10% false positives the curve reaches 70% true positives, at most 20% still 70% (0.3 is over).
    expect(html).toContain('<td>10%</td><td>70.0%</td>');
    expect(html).toContain('<td>20%</td><td>70.0%</td>');
    expect(html).toContain('<div class="big-figure">0.912</div>');
  });

  it('completes a curve given without its ends', () => {
    const html = renderRoc([{ fpr: 0.2, tpr: 0.8 }], 0.8);
    const d = html.match(/<path class="line"[^>]* d="([^"]*)"/)?.[1] ?? '';
    expect(d.split('L')).toHaveLength(3);
  });

  it('says so when there are no points', () => {
    expect(renderRoc([], Number.NaN)).toContain('No ROC points');
  });
});
