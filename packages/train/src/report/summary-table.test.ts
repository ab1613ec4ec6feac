import { describe, expect, it } from 'vitest';
import { renderSummary, renderText } from './summary-table.js';

describe('renderSummary', () => {
  it('writes each figure under its name, short values large', () => {
    const html = renderSummary([
      ['accuracy', '97.2%'],
      ['model', '/a/very/long/path/to/some/model/folder/model.json'],
    ]);
    expect(html).toContain('<dt>accuracy</dt><dd class="big">97.2%</dd>');
    expect(html).toContain('<div class="tile wide"><dt>model</dt><dd class="long">');
  });

  it('escapes names and values', () => {
    const html = renderSummary([['<script>', '<img src=x>']]);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
  });
});

describe('renderText', () => {
  it('writes one escaped paragraph per string', () => {
    expect(renderText(['a < b', 'c'])).toBe('<p>a &lt; b</p>\n<p>c</p>');
  });
});
