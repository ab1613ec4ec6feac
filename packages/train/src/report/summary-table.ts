import { escapeHtml } from './html-escape.js';
import { reportNote } from './report-note.js';

// Short values (figures) get large type like a dashboard tile; long ones (paths, lists) stay readable.
const SHORT_VALUE = 18;

/** Headline figures as tiles: the value large, its name small above it. */
export function renderSummary(rows: ReadonlyArray<readonly [string, string]>): string {
  if (rows.length === 0) return reportNote('Nothing to summarise.');
  const tiles = rows.map(([key, value]) =>
    String(value).length <= SHORT_VALUE
      ? `<div class="tile"><dt>${escapeHtml(key)}</dt><dd class="big">${escapeHtml(value)}</dd></div>`
      : `<div class="tile wide"><dt>${escapeHtml(key)}</dt><dd class="long">${escapeHtml(value)}</dd></div>`,
  );
  return `<dl class="summary">${tiles.join('')}</dl>`;
}

/** Paragraphs of plain text, escaped. */
export function renderText(paragraphs: readonly string[]): string {
  return paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
}
