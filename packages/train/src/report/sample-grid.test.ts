import { describe, expect, it } from 'vitest';
import { imageTag, orderSamples, renderSamples } from './sample-grid.js';
import type { SampleImage } from './types.js';

function sample(id: number, correct: boolean, extra: Partial<SampleImage> = {}): SampleImage {
  return {
    pixels: new Uint8Array(8 * 8).fill(id * 10),
    width: 8,
    height: 8,
    channels: 1,
    predicted: correct ? 'circle' : 'square',
    truth: 'circle',
    confidence: 0.9,
    correct,
    caption: `img-${id}.png`,
    ...extra,
  };
}

const captions = (html: string) => [...html.matchAll(/class="caption" title="([^"]*)"/g)].map((m) => m[1]);

describe('orderSamples', () => {
  it('puts mistakes first and keeps the order within each group', () => {
    const order = orderSamples([
      { id: 0, correct: true },
      { id: 1, correct: false },
      { id: 2, correct: true },
      { id: 3, correct: false },
    ]).map((s) => s.id);
    expect(order).toEqual([1, 3, 0, 2]);
  });
});

describe('renderSamples', () => {
  it('shows the mistakes first, framed red, then the right answers framed green', () => {
    const html = renderSamples([sample(0, true), sample(1, false), sample(2, true), sample(3, false)]);
    expect(captions(html)).toEqual(['img-1.png', 'img-3.png', 'img-0.png', 'img-2.png']);
    const states = [...html.matchAll(/<figure class="sample (\w+)"/g)].map((m) => m[1]);
    expect(states).toEqual(['wrong', 'wrong', 'right', 'right']);
    expect(html).toContain('2 right</span>, <span class="bad">2 wrong');
  });

  it('shows at most the limit and says how many more there are', () => {
    const samples = Array.from({ length: 10 }, (_, i) => sample(i, i % 3 !== 0));
    const html = renderSamples(samples, 4);
    expect(html.match(/<figure/g)).toHaveLength(4);
    expect(html).toContain('6 more not shown.');
    // All four mistakes (0, 3, 6, 9) make the cut.
    expect(captions(html)).toEqual(['img-0.png', 'img-3.png', 'img-6.png', 'img-9.png']);
  });

  it('shows 48 by default', () => {
    const html = renderSamples(Array.from({ length: 50 }, (_, i) => sample(i % 20, true)));
    expect(html.match(/<figure/g)).toHaveLength(48);
    expect(html).toContain('2 more not shown.');
  });

  it('does not mention hidden images when all are shown', () => {
    expect(renderSamples([sample(0, true)])).not.toContain('not shown');
  });

  it('writes the prediction with its confidence and the truth', () => {
    const html = renderSamples([sample(1, false, { confidence: 0.923 })]);
    expect(html).toContain('square <span class="conf">(92%)</span>');
    expect(html).toContain('truth: circle');
  });

  it('escapes names and captions', () => {
    const html = renderSamples([
      sample(1, false, { predicted: '<script>', truth: '<b>', caption: '"><img>' }),
    ]);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('"><img>');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('imageTag', () => {
  it('embeds the picture as a PNG data URL, scaled up by a whole factor with crisp pixels', () => {
    const html = imageTag({ pixels: new Uint8Array(28 * 28), width: 28, height: 28, channels: 1 }, 'x');
    expect(html).toMatch(/src="data:image\/png;base64,[A-Za-z0-9+/=]+"/);
    expect(html).toContain('width="112" height="112"');
    expect(html).toContain('pixelated');
  });

  it('shrinks a large picture smoothly', () => {
    const html = imageTag(
      { pixels: new Uint8Array(320 * 160 * 3), width: 320, height: 160, channels: 3 },
      'x',
    );
    expect(html).toContain('width="160" height="80"');
    expect(html).not.toContain('pixelated');
  });

  it('shows a note instead of failing on pixels that do not match the size', () => {
    const html = imageTag({ pixels: new Uint8Array(10), width: 8, height: 8, channels: 1 }, 'x');
    expect(html).toContain('class="note problem"');
    expect(html).not.toContain('<img');
  });
});
