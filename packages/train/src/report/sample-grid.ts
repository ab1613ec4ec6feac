import { formatPercent } from './format-number.js';
import { escapeHtml } from './html-escape.js';
import { pngDataUrl } from './png-data-url.js';
import { reportNote } from './report-note.js';
import type { ReportImage, SampleImage } from './types.js';

/** How many thumbnails a samples section shows when it does not say. */
export const DEFAULT_SAMPLE_LIMIT = 48;

// Thumbnails are drawn at least this wide; small images are scaled up by a whole factor so pixels stay square.
const MIN_CSS_SIZE = 96;
// Larger images are shrunk to this, smoothly, so one 256 px image does not take a row of its own.
const MAX_CSS_SIZE = 160;

/**
 * The mistakes first, then the right answers, each group in the order given: the wrong answers are what a
 * reader opens the report for.
 */
export function orderSamples<T extends Pick<SampleImage, 'correct'>>(samples: readonly T[]): T[] {
  return [...samples.filter((s) => !s.correct), ...samples.filter((s) => s.correct)];
}

/**
 * A grid of thumbnails, mistakes first, each with its prediction and confidence, the true class and an optional
 * caption, framed red when wrong and green when right; at most `limit` shown, with a line saying how many more
 * there are.
 */
export function renderSamples(samples: readonly SampleImage[], limit = DEFAULT_SAMPLE_LIMIT): string {
  if (samples.length === 0) return reportNote('No sample images.');
  const max = Number.isNaN(limit) ? DEFAULT_SAMPLE_LIMIT : Math.max(0, Math.floor(limit));
  const ordered = orderSamples(samples);
  const shown = ordered.slice(0, max);
  const wrong = samples.filter((s) => !s.correct).length;
  const hidden = ordered.length - shown.length;
  const summary =
    `<p class="sample-summary">${samples.length} image${samples.length === 1 ? '' : 's'}: ` +
    `<span class="good">${samples.length - wrong} right</span>, <span class="bad">${wrong} wrong</span>` +
    `${wrong > 0 ? ' (mistakes first)' : ''}.</p>`;
  const more = hidden > 0 ? `<p class="more">${hidden} more not shown.</p>` : '';
  return `${summary}<div class="sample-grid">${shown.map(sampleCard).join('\n')}</div>${more}`;
}

function sampleCard(sample: SampleImage): string {
  const state = sample.correct ? 'right' : 'wrong';
  const mark = sample.correct ? '✓' : '✗';
  const pred = `${escapeHtml(sample.predicted)} <span class="conf">(${formatPercent(sample.confidence, 0)})</span>`;
  const truth =
    sample.truth !== undefined ? `<div class="truth">truth: ${escapeHtml(sample.truth)}</div>` : '';
  const caption =
    sample.caption !== undefined
      ? `<div class="caption" title="${escapeHtml(sample.caption)}">${escapeHtml(sample.caption)}</div>`
      : '';
  const alt = `predicted ${sample.predicted}${sample.truth !== undefined ? `, truth ${sample.truth}` : ''}`;
  return (
    `<figure class="sample ${state}">${imageTag(sample, alt)}` +
    `<figcaption><div class="pred"><span class="mark">${mark}</span> ${pred}</div>${truth}${caption}</figcaption></figure>`
  );
}

/**
 * An `<img>` of the picture at a readable size: scaled up by a whole factor with crisp pixels when small,
 * shrunk smoothly when large; a note in its place when the pixels do not match the sizes.
 */
export function imageTag(
  image: ReportImage,
  alt: string,
  { min = MIN_CSS_SIZE, max = MAX_CSS_SIZE } = {},
): string {
  let src: string;
  try {
    src = pngDataUrl(image);
  } catch (error) {
    return reportNote(`Image not shown: ${(error as Error).message}`, 'problem');
  }
  const side = Math.max(image.width, image.height);
  const scale = side < min ? Math.ceil(min / side) : side > max ? max / side : 1;
  const w = Math.round(image.width * scale);
  const h = Math.round(image.height * scale);
  const pixelated = scale >= 1 ? ' pixelated' : '';
  return `<img class="thumb${pixelated}" src="${src}" width="${w}" height="${h}" alt="${escapeHtml(alt)}">`;
}
