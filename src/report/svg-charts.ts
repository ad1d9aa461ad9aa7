/**
 * The report's charts as SVG text: pure functions of the model, no
 * dependencies, no scripts, no external fonts or links. Each root `<svg>`
 * has `role="img"`, an `aria-label` and a `data-chart` attribute
 * (`attainment`, `crime`, `map`), and a `viewBox` so that it scales to its
 * container.
 *
 * @module
 */
import { attainmentGroups, crimeCutPercent, escapeXml, finite } from './common.js';
import { formatNumber, formatPercent, label, localiseNumbers, outcomeLabel, setLabel } from './labels.js';
import type { Lang, ReportDistrictValue, ReportModel, ReportOutcome } from './report-model.js';

const FONT = "system-ui, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";
const INK = '#1f2933';
const MUTED = '#52606d';
const GRID = '#e4e7eb';
const TARGET = '#c0392b';
const BAR = '#2f6fb0';
const NEUTRAL = '#c4c4c4';
/** No change (exactly 0): neither a fall nor a rise. */
const UNCHANGED = '#f4f1e6';

/**
 * The colours of the charts: bars, target lines, outcomes and the map's
 * diverging scale (falls in blue-greens, rises in reds) with its grey for missing
 * or not comparable values.
 *
 * @example
 * ```ts
 * CHART_COLOURS.missing; // '#c4c4c4'
 * ```
 */
export const CHART_COLOURS = {
  bar: BAR,
  target: TARGET,
  met: '#2e7d32',
  notMet: '#c62828',
  baseline: '#7b8794',
  other: '#9aa5b1',
  missing: NEUTRAL,
  unchanged: UNCHANGED,
  /** Six classes, most negative first. */
  diverging: ['#01665e', '#35978f', '#c7eae5', '#fddbc7', '#ef8a62', '#b2182b'],
} as const;

/** A coordinate for SVG: rounded to 0.1, never NaN. */
function c(x: number): string {
  if (!Number.isFinite(x)) return '0';
  const r = Math.round(x * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

function svgOpen(width: number, height: number, chart: 'attainment' | 'crime' | 'map', aria: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${c(width)} ${c(height)}" width="${c(width)}" height="${c(height)}" ` +
    `role="img" aria-label="${escapeXml(aria)}" data-chart="${chart}" font-family="${FONT}" font-size="12" fill="${INK}">` +
    `<rect x="0" y="0" width="${c(width)}" height="${c(height)}" fill="#ffffff"/>`
  );
}

interface TextOptions {
  readonly size?: number;
  readonly anchor?: 'start' | 'middle' | 'end';
  readonly weight?: 'bold' | 'normal';
  readonly fill?: string;
  readonly halo?: boolean;
  readonly baseline?: 'auto' | 'middle' | 'hanging';
}

function text(x: number, y: number, content: string, o: TextOptions = {}): string {
  const attrs = [`x="${c(x)}"`, `y="${c(y)}"`];
  if (o.size !== undefined) attrs.push(`font-size="${o.size}"`);
  if (o.anchor !== undefined && o.anchor !== 'start') attrs.push(`text-anchor="${o.anchor}"`);
  if (o.weight === 'bold') attrs.push('font-weight="bold"');
  if (o.fill !== undefined) attrs.push(`fill="${o.fill}"`);
  if (o.baseline !== undefined && o.baseline !== 'auto') attrs.push(`dominant-baseline="${o.baseline}"`);
  if (o.halo === true) attrs.push('stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"');
  return `<text ${attrs.join(' ')}>${escapeXml(content)}</text>`;
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string, width = 1, dash?: string): string {
  return `<line x1="${c(x1)}" y1="${c(y1)}" x2="${c(x2)}" y2="${c(y2)}" stroke="${stroke}" stroke-width="${width}"${dash === undefined ? '' : ` stroke-dasharray="${dash}"`}/>`;
}

function rect(x: number, y: number, w: number, h: number, fill: string, extra = ''): string {
  return `<rect x="${c(x)}" y="${c(y)}" width="${c(Math.max(0, w))}" height="${c(Math.max(0, h))}" fill="${fill}"${extra === '' ? '' : ` ${extra}`}/>`;
}

/** Splits text into lines of about `width` pixels at `size` px. */
function wrap(content: string, width: number, size: number): string[] {
  const maxChars = Math.max(10, Math.floor(width / (size * 0.56)));
  const words = content.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur === '') cur = w;
    else if (cur.length + 1 + w.length <= maxChars) cur += ` ${w}`;
    else {
      lines.push(cur);
      cur = w;
    }
  }
  if (cur !== '') lines.push(cur);
  return lines.map((l) => (l.length > maxChars ? `${l.slice(0, maxChars - 1)}…` : l));
}

/** A "nice" step (1, 2, 2.5 or 5 × 10ⁿ) at least `raw`. */
function niceStep(raw: number): number {
  if (!Number.isFinite(raw) || raw <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw - 1e-9) return m * p;
  return 10 * p;
}

/** The width of a legend entry: swatch, caption, gap. */
function legendWidth(caption: string): number {
  return 22 + caption.length * 12 * 0.56 + 20;
}

/**
 * The attainment chart: one panel per standard (the commune sets, then the
 * district sets, three to a row), with bars of the recognised rate per year,
 * a diamond for the rate computed from the recorded facts, and the plan's
 * target (`targetPercent`) as a dashed line. Years where a standard is not
 * assessable (the district sets after 2024) are drawn as empty, hatched
 * slots, and a note under the panels says why.
 *
 * @example
 * ```ts
 * const svg = attainmentChart(model, 'vi');
 * svg.includes('data-chart="attainment"'); // true
 * ```
 */
export function attainmentChart(model: ReportModel, lang: Lang = 'vi'): string {
  const W = 960;
  const margin = 16;
  const title = label('chart.attainment.title', lang);
  const groups = attainmentGroups(model);
  if (groups.length === 0) {
    const H = 120;
    return `${svgOpen(W, H, 'attainment', title)}${text(margin, 26, title, { size: 16, weight: 'bold' })}${text(W / 2, 75, label('chart.noData', lang), { anchor: 'middle', fill: MUTED, size: 14 })}</svg>`;
  }

  const cols = Math.min(3, groups.length);
  const rows = Math.ceil(groups.length / cols);
  const panelW = (W - 2 * margin) / cols;
  const panelH = 220;
  const top = 70;

  // Notes for the years that are not assessable, merged when the reason is the same.
  const noteBy = new Map<string, { sets: string[]; years: Set<number>; reason: string }>();
  for (const g of groups) {
    for (const r of g.rows) {
      if (r.assessable) continue;
      const reason = r.reason?.[lang] ?? label('chart.notAssessable', lang);
      const entry = noteBy.get(reason) ?? { sets: [], years: new Set<number>(), reason };
      const name = setLabel(g.set, lang, g.title[lang]);
      if (!entry.sets.includes(name)) entry.sets.push(name);
      entry.years.add(r.year);
      noteBy.set(reason, entry);
    }
  }
  const noteLines: string[] = [];
  for (const n of noteBy.values()) {
    const years = [...n.years].sort((a, b) => a - b).join(', ');
    noteLines.push(...wrap(`${label('chart.notAssessableShort', lang)} = ${label('chart.notAssessable', lang)} — ${n.sets.join(', ')} (${years}): ${n.reason}`, W - 2 * margin, 12));
  }
  const H = top + rows * panelH + (noteLines.length > 0 ? 12 + noteLines.length * 16 : 0) + 12;

  const parts: string[] = [svgOpen(W, H, 'attainment', title)];
  parts.push(text(margin, 26, title, { size: 16, weight: 'bold' }));

  // Legend
  let lx = margin;
  const ly = 48;
  const legend: Array<[(x: number) => string, string]> = [
    [(x) => rect(x, ly - 6, 14, 12, BAR), label('chart.recognised', lang)],
    [(x) => `<path d="M${c(x + 7)} ${c(ly - 6)}l6 6l-6 6l-6 -6z" fill="${INK}"/>`, label('chart.computed', lang)],
    [(x) => line(x - 2, ly, x + 16, ly, TARGET, 2, '5 3'), label('chart.target', lang)],
    [(x) => rect(x, ly - 6, 14, 12, '#f5f7fa', `stroke="${MUTED}" stroke-width="1" stroke-dasharray="3 2"`), label('chart.notAssessable', lang)],
  ];
  for (const [swatch, caption] of legend) {
    parts.push(swatch(lx), text(lx + 22, ly + 4, caption, { size: 12, fill: MUTED }));
    lx += legendWidth(caption);
  }

  groups.forEach((g, gi) => {
    const col = gi % cols;
    const row = Math.floor(gi / cols);
    const px = margin + col * panelW;
    const py = top + row * panelH;
    const plotL = px + 44;
    const plotR = px + panelW - 18;
    const plotT = py + 46;
    const plotB = py + panelH - 30;
    const y = (pct: number) => plotB - (Math.max(0, Math.min(100, pct)) / 100) * (plotB - plotT);

    parts.push(`<g data-standard="${escapeXml(g.standard)}">`);
    const tgt = finite(g.targetPercent);
    parts.push(text(px + 6, py + 14, `${setLabel(g.set, lang, g.title[lang])} · ${g.indicator}`, { size: 13, weight: 'bold' }));
    const tgtText = tgt === null ? '' : `${label('chart.target', lang)} ${formatPercent(tgt, lang)}`;
    if (tgt !== null) parts.push(text(plotR, py + 30, tgtText, { size: 11.5, anchor: 'end', fill: TARGET, weight: 'bold' }));
    const sub = wrap(g.title[lang], panelW - 24 - tgtText.length * 11.5 * 0.6, 10.5);
    parts.push(text(px + 6, py + 29, `${sub[0] ?? ''}${sub.length > 1 ? '…' : ''}`, { size: 10.5, fill: MUTED }));
    for (const t of [0, 25, 50, 75, 100]) {
      parts.push(line(plotL, y(t), plotR, y(t), t === 0 ? MUTED : GRID, 1));
      parts.push(text(plotL - 5, y(t) + 3.5, `${t}%`, { size: 10, anchor: 'end', fill: MUTED }));
    }
    const n = Math.max(1, g.rows.length);
    const slot = (plotR - plotL) / n;
    const valueLabels: string[] = [];
    const barW = Math.min(44, slot * 0.62);
    g.rows.forEach((r, i) => {
      const cx = plotL + slot * (i + 0.5);
      parts.push(text(cx, plotB + 15, String(r.year), { size: 11, anchor: 'middle', fill: MUTED }));
      const rec = finite(r.recognisedPercent);
      const tip = r.assessable
        ? `${setLabel(g.set, lang, g.title[lang])} ${g.indicator}, ${r.year}: ${formatPercent(rec, lang)} (${formatNumber(r.recognised, lang)}/${formatNumber(r.eligible, lang)})`
        : `${setLabel(g.set, lang, g.title[lang])} ${g.indicator}, ${r.year}: ${label('chart.notAssessable', lang)}${r.reason === null ? '' : ` — ${r.reason}`}`;
      if (!r.assessable) {
        parts.push(`<g><title>${escapeXml(tip)}</title>${rect(cx - barW / 2, plotT, barW, plotB - plotT, '#f5f7fa', `stroke="${MUTED}" stroke-width="1" stroke-dasharray="3 2"`)}`);
        parts.push(text(cx, (plotT + plotB) / 2, label('chart.notAssessableShort', lang), { size: 10, anchor: 'middle', fill: MUTED }), '</g>');
        return;
      }
      if (rec === null) {
        parts.push(`<g><title>${escapeXml(tip)}</title>${text(cx, plotB - 6, '–', { size: 12, anchor: 'middle', fill: MUTED })}</g>`);
        return;
      }
      parts.push(`<g><title>${escapeXml(tip)}</title>${rect(cx - barW / 2, y(rec), barW, plotB - y(rec), BAR)}</g>`);
      valueLabels.push(text(cx, y(rec) - 4, formatNumber(rec, lang, { maxDecimals: 1 }), { size: 10.5, anchor: 'middle', weight: 'bold', halo: true }));
      const comp = finite(r.computedPercent);
      if (comp !== null) parts.push(`<path d="M${c(cx + barW / 2 + 1)} ${c(y(comp))}l5 -5l5 5l-5 5z" fill="${INK}"><title>${escapeXml(`${label('chart.computed', lang)}: ${formatPercent(comp, lang)}`)}</title></path>`);
    });
    if (tgt !== null) parts.push(line(plotL - 2, y(tgt), plotR + 4, y(tgt), TARGET, 2, '6 4'));
    parts.push(...valueLabels, '</g>');
  });

  let ny = top + rows * panelH + 12;
  for (const l of noteLines) {
    parts.push(text(margin, ny, l, { size: 12, fill: MUTED }));
    ny += 16;
  }
  parts.push('</svg>');
  return parts.join('');
}

function outcomeColour(o: ReportOutcome): string {
  return o === 'met' ? CHART_COLOURS.met : o === 'not_met' ? CHART_COLOURS.notMet : CHART_COLOURS.other;
}

/**
 * The crime chart: a bar per year of the metric (green where the cut against
 * the baseline is met, red where not, grey otherwise and for the baseline
 * year), the baseline year's value as a solid reference line and the cut
 * level (baseline × 0.95 for a 5 % cut) as a dashed line. Years without a
 * value are marked with a dash.
 *
 * @example
 * ```ts
 * const svg = crimeChart(model, 'en');
 * svg.includes('data-chart="crime"'); // true
 * ```
 */
export function crimeChart(model: ReportModel, lang: Lang = 'vi'): string {
  const W = 960;
  const H = 340;
  const cr = model.crime;
  const title = label('chart.crime.title', lang, { metric: cr.metric.title[lang] });
  const cut = crimeCutPercent(model);
  const base = finite(cr.baseline);
  const cutLevel = base === null ? null : base * (1 - cut / 100);
  const series = [...cr.series].sort((a, b) => a.year - b.year);
  const parts: string[] = [svgOpen(W, H, 'crime', title), text(16, 26, title, { size: 16, weight: 'bold' })];

  const plotL = 76;
  const plotR = W - 190;
  const plotT = 62;
  const plotB = H - 40;

  // Legend
  const used = new Set(series.filter((p) => finite(p.value) !== null).map((p) => (p.year === cr.baselineYear ? CHART_COLOURS.baseline : outcomeColour(p.outcome))));
  const otherOutcomes = [...new Set(series.filter((p) => finite(p.value) !== null && p.year !== cr.baselineYear && p.outcome !== 'met' && p.outcome !== 'not_met').map((p) => outcomeLabel(p.outcome, lang)))];
  const legend: Array<[string, string]> = [
    [CHART_COLOURS.baseline, label('misc.baselineYear', lang, { year: cr.baselineYear })],
    [CHART_COLOURS.met, label('outcome.met', lang)],
    [CHART_COLOURS.notMet, label('outcome.not_met', lang)],
    [CHART_COLOURS.other, otherOutcomes.join(', ')],
  ];
  let lx = 16;
  for (const [fill, caption] of legend) {
    if (!used.has(fill)) continue;
    parts.push(rect(lx, 40, 14, 12, fill), text(lx + 20, 50, caption, { size: 12, fill: MUTED }));
    lx += legendWidth(caption);
  }

  const values = series.map((p) => finite(p.value)).filter((v): v is number => v !== null);
  const maxV = Math.max(1, ...values, base ?? 0);
  const step = niceStep(maxV / 5);
  const yMax = Math.ceil((maxV * 1.08) / step) * step;
  const y = (v: number) => plotB - (Math.max(0, v) / yMax) * (plotB - plotT);
  for (let t = 0; t <= yMax + 1e-9; t += step) {
    parts.push(line(plotL, y(t), plotR, y(t), t === 0 ? MUTED : GRID, 1));
    parts.push(text(plotL - 6, y(t) + 4, formatNumber(t, lang), { size: 11, anchor: 'end', fill: MUTED }));
  }
  parts.push(text(18, (plotT + plotB) / 2, label('col.cases', lang), { size: 11, fill: MUTED, anchor: 'middle' }).replace('<text ', `<text transform="rotate(-90 18 ${c((plotT + plotB) / 2)})" `));

  if (series.length === 0) parts.push(text((plotL + plotR) / 2, (plotT + plotB) / 2, label('chart.noData', lang), { anchor: 'middle', fill: MUTED, size: 14 }));
  const slot = (plotR - plotL) / Math.max(1, series.length);
  const barW = Math.min(64, slot * 0.62);
  series.forEach((p, i) => {
    const cx = plotL + slot * (i + 0.5);
    parts.push(text(cx, plotB + 18, String(p.year), { size: 12, anchor: 'middle', fill: MUTED }));
    const v = finite(p.value);
    if (v === null) {
      parts.push(`<g><title>${escapeXml(`${p.year}: ${outcomeLabel(p.outcome, lang)}`)}</title>${text(cx, plotB - 8, '–', { size: 14, anchor: 'middle', fill: MUTED })}</g>`);
      return;
    }
    const fill = p.year === cr.baselineYear ? CHART_COLOURS.baseline : outcomeColour(p.outcome);
    const change = finite(p.changeVsBaselinePercent);
    const tip = `${p.year}: ${formatNumber(v, lang)}${change === null ? '' : ` (${formatPercent(change, lang, { signed: true })})`} — ${outcomeLabel(p.outcome, lang)}`;
    parts.push(`<g><title>${escapeXml(tip)}</title>${rect(cx - barW / 2, y(v), barW, plotB - y(v), fill)}</g>`);
    parts.push(text(cx, y(v) - 5, formatNumber(v, lang), { size: 11.5, anchor: 'middle', weight: 'bold', halo: true }));
    if (change !== null && p.year !== cr.baselineYear && plotB - y(v) > 34) parts.push(text(cx, y(v) + 16, formatPercent(change, lang, { signed: true, maxDecimals: 1 }), { size: 10.5, anchor: 'middle', fill: '#ffffff' }));
  });

  if (base !== null && cutLevel !== null) {
    parts.push(line(plotL, y(base), plotR + 6, y(base), INK, 1.5));
    parts.push(text(plotR + 10, y(base) - 3, label('chart.baseline', lang, { year: cr.baselineYear, value: formatNumber(base, lang) }), { size: 11.5, fill: INK }));
    parts.push(line(plotL, y(cutLevel), plotR + 6, y(cutLevel), TARGET, 2, '7 4'));
    parts.push(
      text(plotR + 10, y(cutLevel) + 13, label('chart.cutLevel', lang, { pct: formatPercent(cut, lang), value: formatNumber(Math.round(cutLevel * 10) / 10, lang, { maxDecimals: 1 }) }), { size: 11.5, fill: TARGET, weight: 'bold' }),
    );
  } else {
    parts.push(text(plotR + 10, plotT + 12, label('chart.noBaseline', lang, { year: cr.baselineYear }), { size: 11.5, fill: MUTED }));
  }
  parts.push('</svg>');
  return parts.join('');
}

// ---------------------------------------------------------------------------
// Map

type Ring = Array<[number, number]>;
type Polygon = Ring[];

function isPosition(p: unknown): p is [number, number] {
  return Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Number.isFinite(p[0]) && Number.isFinite(p[1]);
}

function ringOf(r: unknown): Ring | null {
  if (!Array.isArray(r)) return null;
  const pts = r.filter(isPosition).map((p) => [p[0], p[1]] as [number, number]);
  return pts.length >= 3 ? pts : null;
}

function polygonsOf(geometry: unknown): Polygon[] {
  if (geometry === null || typeof geometry !== 'object') return [];
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (!Array.isArray(g.coordinates)) return [];
  const poly = (rings: unknown): Polygon | null => {
    if (!Array.isArray(rings)) return null;
    const rs = rings.map(ringOf).filter((x): x is Ring => x !== null);
    return rs.length === 0 ? null : rs;
  };
  if (g.type === 'Polygon') {
    const p = poly(g.coordinates);
    return p === null ? [] : [p];
  }
  if (g.type === 'MultiPolygon') return g.coordinates.map(poly).filter((x): x is Polygon => x !== null);
  return [];
}

interface MapFeature {
  readonly code: string;
  readonly name: string | null;
  readonly polygons: Polygon[];
}

function featuresOf(geojson: ReportModel['map']['geojson']): MapFeature[] {
  const out: MapFeature[] = [];
  for (const f of Array.isArray(geojson.features) ? geojson.features : []) {
    if (f === null || typeof f !== 'object') continue;
    const { properties, geometry } = f as { properties?: unknown; geometry?: unknown };
    const props = properties !== null && typeof properties === 'object' ? (properties as Record<string, unknown>) : {};
    const code = typeof props['code'] === 'string' || typeof props['code'] === 'number' ? String(props['code']) : null;
    const polygons = polygonsOf(geometry);
    if (code === null || polygons.length === 0) continue;
    out.push({ code, name: typeof props['name'] === 'string' ? props['name'] : null, polygons });
  }
  return out;
}

function ringArea(r: ReadonlyArray<readonly [number, number]>): number {
  let a = 0;
  for (let i = 0; i < r.length; i++) {
    const p = r[i]!;
    const q = r[(i + 1) % r.length]!;
    a += p[0] * q[1] - q[0] * p[1];
  }
  return a / 2;
}

function ringCentroid(r: ReadonlyArray<readonly [number, number]>): [number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < r.length; i++) {
    const p = r[i]!;
    const q = r[(i + 1) % r.length]!;
    const f = p[0] * q[1] - q[0] * p[1];
    a += f;
    cx += (p[0] + q[0]) * f;
    cy += (p[1] + q[1]) * f;
  }
  if (Math.abs(a) < 1e-12) {
    const n = Math.max(1, r.length);
    return [r.reduce((s, p) => s + p[0], 0) / n, r.reduce((s, p) => s + p[1], 0) / n];
  }
  return [cx / (3 * a), cy / (3 * a)];
}

function shortName(name: string): string {
  return name.replace(/^(Huyện|Thị xã|Thành phố|Quận)\s+/u, '');
}

/** A step of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 or 8 × 10ⁿ at least `raw`. */
function fineStep(raw: number): number {
  if (!Number.isFinite(raw) || raw <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8, 10]) if (m * p >= raw - 1e-9) return m * p;
  return 10 * p;
}

/** The class breaks of the map: six classes symmetric around zero, the outer two open-ended. */
function mapScale(values: readonly number[]): { bound: number; colour: (v: number) => string; classes: Array<{ from: number; to: number; colour: string }> } {
  const maxAbs = Math.max(0, ...values.map((v) => Math.abs(v)));
  const step = fineStep(maxAbs / 3 || 1);
  const bound = step * 3;
  const colours = CHART_COLOURS.diverging;
  const classes = colours.map((colour, i) => ({ from: -bound + i * step, to: -bound + (i + 1) * step, colour }));
  const colour = (v: number) => {
    const i = Math.min(5, Math.max(0, Math.floor((v + bound) / step)));
    return v === 0 ? UNCHANGED : colours[i]!;
  };
  return { bound, colour, classes };
}

/**
 * The district map: a choropleth of each district's `value` on the model's
 * GeoJSON boundaries, projected equirectangularly (longitude scaled by the
 * cosine of the mean latitude) and fitted to the drawing. One `<path>` per
 * district with `data-code`, a fill from a diverging scale centred on zero
 * (falls in blue-greens, rises in reds; grey for `null`, e.g. not comparable) and
 * a `<title>` tooltip with the name and label; the larger districts are
 * named on the map. A legend with the classes, the model's legend text and
 * note is drawn on the right.
 *
 * @example
 * ```ts
 * const svg = districtMap(model, 'vi');
 * (svg.match(/<path data-code=/g) ?? []).length; // 26 for Thanh Hóa
 * ```
 */
export function districtMap(model: ReportModel, lang: Lang = 'vi'): string {
  const W = 960;
  const mp = model.map;
  const title = `${mp.title[lang]} (${mp.year})`;
  const parts: string[] = [text(16, 26, title, { size: 16, weight: 'bold' })];
  const features = featuresOf(mp.geojson);
  const byCode = new Map<string, ReportDistrictValue>(mp.districts.map((d) => [d.code, d]));

  const mapL = 16;
  const mapT = 44;
  const mapW = 640;
  const mapH = 600;

  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const f of features)
    for (const poly of f.polygons)
      for (const ring of poly)
        for (const [lon, lat] of ring) {
          minLon = Math.min(minLon, lon);
          maxLon = Math.max(maxLon, lon);
          minLat = Math.min(minLat, lat);
          maxLat = Math.max(maxLat, lat);
        }

  const values = mp.districts.map((d) => finite(d.value)).filter((v): v is number => v !== null);
  const scale = mapScale(values);
  const unit = mp.districts.some((d) => finite(d.value) !== null && /%\s*$/.test(d.label)) ? ' %' : '';

  if (features.length === 0 || !Number.isFinite(minLon)) {
    parts.push(text(mapL + mapW / 2, mapT + mapH / 2, label('chart.mapEmpty', lang), { anchor: 'middle', fill: MUTED, size: 14 }));
  } else {
    const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
    const spanX = Math.max(1e-9, (maxLon - minLon) * k);
    const spanY = Math.max(1e-9, maxLat - minLat);
    const s = Math.min(mapW / spanX, mapH / spanY);
    const ox = mapL + (mapW - spanX * s) / 2;
    const oy = mapT + (mapH - spanY * s) / 2;
    const px = (lon: number) => ox + (lon - minLon) * k * s;
    const py = (lat: number) => oy + (maxLat - lat) * s;

    const candidates: Array<{ area: number; x: number; y: number; name: string; value: string | null }> = [];
    for (const f of features) {
      const d = byCode.get(f.code);
      const name = d?.name ?? f.name ?? f.code;
      const v = d === undefined ? null : finite(d.value);
      const fill = v === null ? NEUTRAL : scale.colour(v);
      const tip = d === undefined ? `${name}: ${label('chart.noData', lang)}` : v === null ? `${name}: ${outcomeLabel(d.outcome, lang)}` : `${name}: ${localiseNumbers(d.label, lang)} — ${outcomeLabel(d.outcome, lang)}`;
      const dAttr = f.polygons
        .flatMap((poly) => poly.map((ring) => `M${ring.map(([lon, lat]) => `${c(px(lon))} ${c(py(lat))}`).join('L')}Z`))
        .join('');
      parts.push(`<path data-code="${escapeXml(f.code)}" d="${dAttr}" fill="${fill}" stroke="#4d4d4d" stroke-width="0.6" stroke-linejoin="round"><title>${escapeXml(tip)}</title></path>`);

      // Name the larger districts at the centroid of their largest ring.
      let best: Ring | null = null;
      let bestArea = 0;
      for (const poly of f.polygons) {
        const outer = poly[0]!;
        const a = Math.abs(ringArea(outer.map(([lon, lat]) => [px(lon), py(lat)] as [number, number])));
        if (a > bestArea) {
          bestArea = a;
          best = outer;
        }
      }
      if (best !== null && bestArea > 900) {
        const [cx, cy] = ringCentroid(best.map(([lon, lat]) => [px(lon), py(lat)] as [number, number]));
        candidates.push({ area: bestArea, x: cx, y: cy, name: shortName(name), value: d === undefined ? null : v === null ? '–' : `${formatNumber(v, lang, { signed: true, maxDecimals: 1 })}${unit}` });
      }
    }
    // Label the larger districts first; skip a label that would overlap one already placed.
    const placed: Array<{ x0: number; y0: number; x1: number; y1: number }> = [];
    const labels: string[] = [];
    for (const cand of candidates.sort((a, b) => b.area - a.area)) {
      const w = Math.max(cand.name.length * 10.5 * 0.6, (cand.value?.length ?? 0) * 10 * 0.6) + 4;
      const box = { x0: cand.x - w / 2, y0: cand.y - 11, x1: cand.x + w / 2, y1: cand.y + (cand.value === null ? 3 : 15) };
      if (placed.some((b) => box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1)) continue;
      placed.push(box);
      labels.push(text(cand.x, cand.y, cand.name, { size: 10.5, anchor: 'middle', weight: 'bold', halo: true }));
      if (cand.value !== null) labels.push(text(cand.x, cand.y + 12, cand.value, { size: 10, anchor: 'middle', halo: true, fill: MUTED }));
    }
    parts.push(`<g pointer-events="none">${labels.join('')}</g>`);
  }

  // Legend
  const lx = mapL + mapW + 24;
  let ly = 62;
  for (const l of wrap(mp.legend[lang], W - lx - 16, 12.5)) {
    parts.push(text(lx, ly, l, { size: 12.5, weight: 'bold' }));
    ly += 17;
  }
  ly += 6;
  const fmt = (x: number) => formatNumber(x, lang, { signed: true, maxDecimals: 1 });
  [...scale.classes].reverse().forEach((cl, i, all) => {
    const caption = i === 0 ? `≥ ${fmt(cl.from)}${unit}` : i === all.length - 1 ? `< ${fmt(cl.to)}${unit}` : `${fmt(cl.from)} … ${fmt(cl.to)}${unit}`;
    parts.push(rect(lx, ly, 26, 18, cl.colour, 'stroke="#4d4d4d" stroke-width="0.6"'), text(lx + 36, ly + 13.5, caption, { size: 12 }));
    ly += 24;
  });
  if (values.some((v) => v === 0)) {
    parts.push(rect(lx, ly, 26, 18, UNCHANGED, 'stroke="#4d4d4d" stroke-width="0.6"'), text(lx + 36, ly + 13.5, `0${unit} (${label('chart.unchanged', lang)})`, { size: 12 }));
    ly += 24;
  }
  parts.push(rect(lx, ly, 26, 18, NEUTRAL, 'stroke="#4d4d4d" stroke-width="0.6"'));
  const noValue = wrap(label('chart.noValue', lang), W - lx - 52, 12);
  noValue.forEach((l, i) => parts.push(text(lx + 36, ly + 13.5 + i * 15, l, { size: 12 })));
  ly += 24 + (noValue.length - 1) * 15 + 14;

  const counts = new Map<ReportOutcome, number>();
  for (const d of mp.districts) counts.set(d.outcome, (counts.get(d.outcome) ?? 0) + 1);
  for (const [o, n] of [...counts].sort((a, b) => b[1] - a[1])) {
    parts.push(text(lx, ly, `${outcomeLabel(o, lang)}: ${formatNumber(n, lang)}`, { size: 12, fill: MUTED }));
    ly += 16;
  }
  if (mp.note !== null) {
    ly += 10;
    for (const l of wrap(mp.note[lang], W - lx - 16, 11.5)) {
      parts.push(text(lx, ly, l, { size: 11.5, fill: MUTED }));
      ly += 15;
    }
  }
  const H = Math.max(mapT + mapH + 12, ly + 12);
  return `${svgOpen(W, H, 'map', title)}${parts.join('')}</svg>`;
}
