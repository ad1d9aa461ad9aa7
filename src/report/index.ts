/**
 * Reports: the {@link ReportModel} (built once) rendered as JSON, CSV,
 * Markdown or a self-contained HTML page, in Vietnamese (default) or
 * English, with SVG charts and the labels and number formats they share.
 *
 * @module
 */
import { renderCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderJson } from './render-json.js';
import { renderMarkdown } from './render-markdown.js';
import type { Lang, ReportModel } from './report-model.js';

export type * from './report-model.js';
export {
  LABELS,
  MISSING,
  formatDate,
  formatDateTime,
  formatNumber,
  shortfallText,
  formatPercent,
  label,
  localiseNumbers,
  outcomeLabel,
  recipientLabel,
  setLabel,
  statusLabel,
} from './labels.js';
export type { LabelKey, NumberFormat } from './labels.js';
export { REPORT_KEY_ORDER, renderJson } from './render-json.js';
export { CSV_COLUMNS, CSV_SECTIONS, csvField, renderCsv } from './render-csv.js';
export type { CsvSection } from './render-csv.js';
export { escapeMarkdown, renderMarkdown } from './render-markdown.js';
export { renderHtml } from './render-html.js';
export { CHART_COLOURS, attainmentChart, crimeChart, districtMap } from './svg-charts.js';

/**
 * The report formats.
 *
 * @example
 * ```ts
 * REPORT_FORMATS.includes('html'); // true
 * ```
 */
export const REPORT_FORMATS = ['json', 'csv', 'md', 'html'] as const;

/** A report format: `json`, `csv`, `md` (Markdown) or `html`. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A rendered report. */
export interface RenderedReport {
  /** The report text (CSV starts with a UTF-8 byte-order mark). */
  readonly text: string;
  /** The file name extension, without the dot (`json`, `csv`, `md`, `html`). */
  readonly extension: ReportFormat;
  /** The media type with its charset, e.g. `text/html; charset=utf-8`. */
  readonly contentType: string;
}

const CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/**
 * Renders the model in one format and language (Vietnamese by default;
 * JSON is the same in both).
 *
 * @throws TypeError for an unknown format.
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * const r = renderReport(model, 'html', 'vi');
 * writeFileSync(`report.${r.extension}`, r.text); // r.contentType: 'text/html; charset=utf-8'
 * ```
 */
export function renderReport(model: ReportModel, format: ReportFormat, lang: Lang = 'vi'): RenderedReport {
  switch (format) {
    case 'json':
      return { text: renderJson(model), extension: 'json', contentType: CONTENT_TYPES.json };
    case 'csv':
      return { text: renderCsv(model, lang), extension: 'csv', contentType: CONTENT_TYPES.csv };
    case 'md':
      return { text: renderMarkdown(model, lang), extension: 'md', contentType: CONTENT_TYPES.md };
    case 'html':
      return { text: renderHtml(model, lang), extension: 'html', contentType: CONTENT_TYPES.html };
    default:
      throw new TypeError(`unknown report format ${JSON.stringify(format as unknown)}: use one of ${REPORT_FORMATS.join(', ')}`);
  }
}
