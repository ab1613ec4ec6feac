import { renderClasses } from './class-table.js';
import { renderConfusion } from './confusion-table.js';
import { renderCurves } from './curves-chart.js';
import { renderHistory } from './history-charts.js';
import { escapeHtml } from './html-escape.js';
import { REPORT_CSS } from './report-styles.js';
import { renderRoc } from './roc-chart.js';
import { imageTag, renderSamples } from './sample-grid.js';
import { renderSummary, renderText } from './summary-table.js';
import type { Report, ReportSection } from './types.js';

// Below this many sections the contents line is clutter: everything is already on the first screen.
const TOC_MIN_SECTIONS = 3;

/**
 * Renders a report as one self-contained HTML document: inline CSS, inline SVG charts, images as PNG data
 * URLs, no script and no external address, so the file can be mailed or archived and opens offline. Pure (no
 * I/O, no clock): the same report gives the same string. Every string from the report is escaped.
 *
 * @throws TypeError for a section whose `kind` is not one of the known kinds (a caller outside TypeScript).
 */
export function renderReport(report: Report): string {
  const sections = report.sections.map((section, i) => {
    const id = `section-${i + 1}`;
    return `<section class="card" id="${id}" data-kind="${escapeHtml(section.kind)}">\n<h2>${escapeHtml(section.title)}</h2>\n${renderBody(section)}\n</section>`;
  });
  const toc =
    report.sections.length >= TOC_MIN_SECTIONS
      ? `<nav class="toc">${report.sections.map((s, i) => `<a href="#section-${i + 1}">${escapeHtml(s.title)}</a>`).join('')}</nav>`
      : '';
  const subtitle = report.subtitle ? `<p class="subtitle">${escapeHtml(report.subtitle)}</p>` : '';
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(report.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<header class="report-head"><h1>${escapeHtml(report.title)}</h1>${subtitle}${toc}</header>`,
    ...sections,
    '<footer>Written by the <code>shapes</code> command. One self-contained file: no scripts, no external assets.</footer>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderBody(section: ReportSection): string {
  switch (section.kind) {
    case 'summary':
      return renderSummary(section.rows);
    case 'text':
      return renderText(section.paragraphs);
    case 'history':
      return renderHistory(section.history);
    case 'confusion':
      return renderConfusion(section);
    case 'classes':
      return renderClasses(section.perClass);
    case 'samples':
      return renderSamples(section.samples, section.limit);
    case 'curves':
      return renderCurves(section);
    case 'roc':
      return renderRoc(section.points, section.auroc);
    case 'image': {
      const caption = section.caption ? `<figcaption>${escapeHtml(section.caption)}</figcaption>` : '';
      const img = imageTag(section.image, section.caption ?? section.title, { min: 256, max: 1040 });
      return `<figure class="picture">${img}${caption}</figure>`;
    }
    default: {
      const unknown: never = section;
      throw new TypeError(`renderReport: unknown section kind "${(unknown as { kind: string }).kind}"`);
    }
  }
}
