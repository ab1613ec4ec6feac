import { escapeHtml } from './html-escape.js';

/**
 * A visible note in place of a picture that cannot be drawn (no data, mismatched sizes): a report written at
 * the end of a long run should still be written, and should say what is missing rather than hide it.
 */
export function reportNote(text: string, tone: 'info' | 'problem' = 'info'): string {
  return `<p class="note ${tone}">${escapeHtml(text)}</p>`;
}
