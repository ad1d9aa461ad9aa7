/**
 * The report model as JSON.
 *
 * @module
 */
import type { ReportModel } from './report-model.js';

/**
 * The top-level keys of a {@link ReportModel}, in the order they are written.
 * Keys not listed (none today) follow in their own order.
 *
 * @example
 * ```ts
 * REPORT_KEY_ORDER[0]; // 'meta'
 * ```
 */
export const REPORT_KEY_ORDER = ['meta', 'targets', 'attainment', 'crime', 'trends', 'districtTrends', 'districtTrendsNote', 'map', 'disagreements', 'followUp', 'diff'] as const;

const META_KEY_ORDER = ['title', 'province', 'year', 'asOf', 'generatedAt', 'hierarchyAt', 'plan', 'notes'] as const;

function ordered(value: object, order: readonly string[]): Record<string, unknown> {
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of order) if (Object.prototype.hasOwnProperty.call(src, k)) out[k] = src[k];
  for (const k of Object.keys(src)) if (!Object.prototype.hasOwnProperty.call(out, k)) out[k] = src[k];
  return out;
}

/** An array of numbers, strings, booleans, nulls or such arrays (GeoJSON coordinates): written on one line. */
function isFlat(value: unknown): boolean {
  if (!Array.isArray(value)) return value === null || typeof value !== 'object';
  return value.every(isFlat);
}

function write(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (isFlat(value)) return JSON.stringify(value);
    return `[\n${value.map((v) => inner + write(v, inner)).join(',\n')}\n${indent}]`;
  }
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return write(withToJson.toJSON(), indent);
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, inner)}`).join(',\n')}\n${indent}}`;
}

/**
 * The model as pretty JSON (two-space indent, a final newline). Keys keep
 * the model's order, with the top level and `meta` in declaration order, so
 * the same model always gives the same text. Arrays holding only numbers,
 * strings or such arrays (the map's coordinates) stay on one line. Parsing
 * the text gives back an equal model.
 *
 * @example
 * ```ts
 * const text = renderJson(model);
 * JSON.parse(text); // deep-equals model
 * ```
 */
export function renderJson(model: ReportModel): string {
  const top = ordered(model, REPORT_KEY_ORDER);
  top['meta'] = ordered(model.meta, META_KEY_ORDER);
  return `${write(top, '')}\n`;
}
