import { describe, expect, it } from 'vitest';
import { escapeHtml } from './html-escape.js';

describe('escapeHtml', () => {
  it('turns markup into text', () => {
    expect(escapeHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('escapes quotes and ampersands, so the text is safe inside an attribute too', () => {
    expect(escapeHtml(`a"b'c&d`)).toBe('a&quot;b&#39;c&amp;d');
  });

  it('does not escape twice what it is given once', () => {
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });

  it('accepts a number passed where a string was expected (reports built from JSON)', () => {
    expect(escapeHtml(42 as unknown as string)).toBe('42');
  });
});
