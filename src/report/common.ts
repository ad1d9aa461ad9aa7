/**
 * Helpers the renderers share: escaping, the order of criteria sets, the
 * attainment series grouped by standard, the crime cut, and the texts of the
 * trends sections (one per level: communes, districts).
 *
 * @module
 */
import { countText, formatPercent, label, nounText, outcomeLabel, setLabel } from './labels.js';
import type { Bilingual, Lang, ReportMissingFact, ReportModel, ReportAttainment, ReportOutcome, ReportTally, ReportTarget, ReportTrends } from './report-model.js';

/**
 * Escapes text for HTML and SVG (element content and quoted attributes).
 *
 * @example
 * ```ts
 * escapeXml('<b>"Xã A" & B</b>'); // '&lt;b&gt;&quot;Xã A&quot; &amp; B&lt;/b&gt;'
 * ```
 */
export function escapeXml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/**
 * The criteria sets in the order reports show them: commune sets, then
 * district sets. Other sets follow, sorted by id.
 *
 * @example
 * ```ts
 * SET_ORDER.indexOf('commune-model-2021'); // 2
 * ```
 */
export const SET_ORDER: readonly string[] = ['commune-standard-2021', 'commune-advanced-2021', 'commune-model-2021', 'district-standard-2021', 'district-advanced-2021'];

/** One standard's attainment series. */
export interface AttainmentGroup {
  readonly standard: string;
  readonly set: string;
  readonly indicator: string;
  readonly title: ReportAttainment['title'];
  /** Sorted by year. */
  readonly rows: readonly ReportAttainment[];
  /** The plan's target for the standard (the latest given), if any. */
  readonly targetPercent: number | null;
}

function setRank(set: string): number {
  const i = SET_ORDER.indexOf(set);
  return i === -1 ? SET_ORDER.length : i;
}

/**
 * The attainment rows grouped by standard, in {@link SET_ORDER}, each sorted by year.
 *
 * @example
 * ```ts
 * attainmentGroups(model).map((g) => g.standard); // ['commune-standard-2021:19.2', …]
 * ```
 */
export function attainmentGroups(model: ReportModel): AttainmentGroup[] {
  const by = new Map<string, ReportAttainment[]>();
  for (const a of model.attainment) {
    const list = by.get(a.standard);
    if (list === undefined) by.set(a.standard, [a]);
    else list.push(a);
  }
  const groups: AttainmentGroup[] = [];
  for (const [standard, list] of by) {
    const rows = [...list].sort((a, b) => a.year - b.year);
    const first = rows[0]!;
    let targetPercent: number | null = null;
    for (const r of rows) if (r.targetPercent !== null && Number.isFinite(r.targetPercent)) targetPercent = r.targetPercent;
    groups.push({ standard, set: first.set, indicator: first.indicator, title: first.title, rows, targetPercent });
  }
  return groups.sort((a, b) => setRank(a.set) - setRank(b.set) || a.set.localeCompare(b.set) || a.standard.localeCompare(b.standard));
}

/**
 * The rows sorted for tables: by standard (in {@link SET_ORDER}), then year.
 *
 * @example
 * ```ts
 * sortedAttainment(model)[0]?.set; // 'commune-standard-2021'
 * ```
 */
export function sortedAttainment(model: ReportModel): ReportAttainment[] {
  return attainmentGroups(model).flatMap((g) => g.rows);
}

/**
 * The cut (percent) the crime chart and tables draw against the baseline:
 * the trends' minimum cut when the trends are of the same metric, else 5 %.
 *
 * @example
 * ```ts
 * crimeCutPercent(model); // 5
 * ```
 */
export function crimeCutPercent(model: ReportModel): number {
  const t = model.trends.minPercent;
  return model.trends.metric === model.crime.metric.id && Number.isFinite(t) ? t : 5;
}

/**
 * A finite number, or `null`.
 *
 * @example
 * ```ts
 * finite(Number.NaN); // null
 * finite(3);          // 3
 * ```
 */
export function finite(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/**
 * Whether to mention a target's last assessable year: only when it is not
 * assessable and its reason does not already name that year.
 *
 * @example
 * ```ts
 * showLastAssessableYear({ status: 'not_assessable', lastAssessableYear: 2024, reason: 'district level abolished' }); // true
 * ```
 */
export function showLastAssessableYear(t: Pick<ReportTarget, 'status' | 'lastAssessableYear' | 'reason'>): boolean {
  return t.status === 'not_assessable' && t.lastAssessableYear !== null && !(t.reason?.en ?? '').includes(String(t.lastAssessableYear));
}

/**
 * How many items of a list the Markdown and HTML reports show.
 *
 * @example
 * ```ts
 * TOP_N; // 20
 * ```
 */
export const TOP_N = 20;

/**
 * The label of a standard (`set:indicator`) for texts: the set's short name
 * and the indicator (`Xã NTM 19.2`), never the set id.
 *
 * @example
 * ```ts
 * standardLabel('commune-standard-2021:19.2');       // 'Xã NTM 19.2'
 * standardLabel('district-advanced-2021:9.1', 'en'); // 'Advanced NTM districts 9.1'
 * ```
 */
export function standardLabel(standard: string, lang: Lang = 'vi'): string {
  const i = standard.lastIndexOf(':');
  return i < 0 ? setLabel(standard, lang) : `${setLabel(standard.slice(0, i), lang)} ${standard.slice(i + 1)}`;
}

/** One trends section of a report: a level, with its trends, or the note saying why there are none. */
export interface TrendsSection {
  readonly level: ReportTrends['level'];
  readonly trends: ReportTrends | null;
  readonly note: Bilingual | null;
}

/**
 * The trends sections of a report, communes first: the districts follow
 * when the report has district trends, or a note saying why it has none
 * (the district level was abolished).
 *
 * @example
 * ```ts
 * trendsSections(model).map((s) => s.level); // ['commune', 'district']
 * ```
 */
export function trendsSections(model: ReportModel): TrendsSection[] {
  const out: TrendsSection[] = [{ level: model.trends.level, trends: model.trends, note: null }];
  const districts = model.districtTrends ?? null;
  const note = model.districtTrendsNote ?? null;
  if (districts !== null) out.push({ level: 'district', trends: districts, note: null });
  else if (note !== null) out.push({ level: 'district', trends: null, note });
  return out;
}

/**
 * The units of assessment of a tally that have no verdict (neither met nor not met).
 *
 * @example
 * ```ts
 * withoutVerdict({ total: 142, met: 101, notMet: 29, noData: 0, baselineMissing: 0, baselineZero: 5, notComparable: 7 }); // 12
 * ```
 */
export function withoutVerdict(t: ReportTally): number {
  return t.total - t.met - t.notMet;
}

const NO_VERDICT: ReadonlyArray<readonly [keyof ReportTally, ReportOutcome]> = [
  ['noData', 'no_data'],
  ['baselineMissing', 'baseline_missing'],
  ['baselineZero', 'baseline_zero'],
  ['notComparable', 'not_comparable'],
];

/**
 * Why the units of a tally have no verdict, counted:
 * `Năm gốc bằng 0: 5 xã; Không so sánh được: 7 xã` (empty when all have one).
 *
 * @example
 * ```ts
 * withoutVerdictText(model.trends.alone, 'commune'); // 'Năm gốc bằng 0: 5 xã; Không so sánh được: 7 xã'
 * ```
 */
export function withoutVerdictText(t: ReportTally, noun: 'commune' | 'district' | 'group', lang: Lang = 'vi'): string {
  return NO_VERDICT.filter(([k]) => t[k] > 0)
    .map(([k, o]) => `${outcomeLabel(o, lang)}: ${countText(t[k], noun, lang)}`)
    .join('; ');
}

/**
 * The metric of a trends section by name: the crime series' title when it
 * is the same metric, else its id.
 *
 * @example
 * ```ts
 * metricName(model, model.trends); // 'Số vụ phạm tội về trật tự xã hội'
 * ```
 */
export function metricName(model: ReportModel, t: ReportTrends, lang: Lang = 'vi'): string {
  return t.metric === model.crime.metric.id ? model.crime.metric.title[lang] : t.metric;
}

/**
 * The sentences that sum a trends section up, beside its table: the groups
 * (how many, of what sizes, why), the share assessed alone, and the
 * province's own trend. Plain text, to be escaped by the renderer.
 *
 * @example
 * ```ts
 * trendsSummaryText(model.trends, 'vi')[1]; // 'Tỷ lệ xã được đánh giá riêng: 85,54 % (142/166 xã).'
 * ```
 */
export function trendsSummaryText(t: ReportTrends, lang: Lang = 'vi'): string[] {
  const unit = t.level;
  const g = t.groups;
  const lines: string[] = [];
  if (g.total === 0) lines.push(label('trends.noGroups', lang, { unit: nounText(unit, lang, 1) }));
  else {
    const groups = countText(g.total, 'group', lang);
    const localities = countText(g.localities, unit, lang);
    const hold =
      g.minSize === null || g.maxSize === null || g.minSize === g.maxSize
        ? label('trends.groupsHold.same', lang, { groups, localities, size: countText(g.minSize ?? g.maxSize, unit, lang) })
        : label('trends.groupsHold.range', lang, { groups, localities, min: String(g.minSize), max: countText(g.maxSize, unit, lang) });
    lines.push(`${hold} ${label('trends.groupsWhy', lang, { units: nounText(unit, lang), unit: nounText(unit, lang, 1), year: t.baselineYear })}`);
  }
  if (t.aloneSharePercent !== null) {
    lines.push(label('trends.aloneShare', lang, { units: nounText(unit, lang), pct: formatPercent(t.aloneSharePercent, lang), alone: String(t.alone.total), total: countText(t.localities, unit, lang) }));
  }
  const p = t.province;
  const outcome = outcomeLabel(p.outcome, lang);
  lines.push(
    p.current === null || p.baseline === null
      ? label('trends.provinceNoFigure', lang, { name: p.name, outcome })
      : label('trends.province', lang, {
          name: p.name,
          current: countText(p.current, 'case', lang),
          year: t.year,
          baseline: countText(p.baseline, 'case', lang),
          baselineYear: t.baselineYear,
          change: formatPercent(p.changePercent, lang, { signed: true }),
          outcome,
        }),
  );
  return lines;
}

/** How the lists of a trends section name its units of assessment. */
export interface TrendsNames {
  /** A unit in a table: a locality's code and name, or `Nhóm 3` and `Nhóm 8 xã: Xã A, Xã B, …`. */
  cells(code: string, name: string): { readonly code: string; readonly name: string };
  /** A unit in running text: `Xã A (15016)`, or `nhóm 3`. */
  ref(code: string): string;
}

/**
 * How the lists of a trends section name its units: comparison groups are
 * numbered in the order of {@link ReportTrends.groupList} (`Nhóm 1`, …) so
 * that the lists can refer to them without their ids; localities go by name
 * and GSO code.
 *
 * @example
 * ```ts
 * const names = trendsNames(model.trends, 'vi');
 * names.ref('15016+15019'); // 'nhóm 4'
 * names.ref('15286');       // 'Xã Hoạt Giang (15286)'
 * ```
 */
export function trendsNames(t: ReportTrends, lang: Lang = 'vi'): TrendsNames {
  const number = new Map(t.groupList.map((g, i) => [g.code, i + 1]));
  const members = new Map(t.groupList.map((g) => [g.code, g.members]));
  const names = new Map<string, string>();
  for (const v of t.verdicts) names.set(v.code, v.name);
  for (const g of t.groupList) for (const m of g.members) if (!names.has(m.code)) names.set(m.code, m.name);
  return {
    cells(code, name) {
      const n = number.get(code);
      if (n === undefined) return { code, name };
      const ms = members.get(code) ?? [];
      return { code: label('trends.groupNo', lang, { n }), name: label('trends.groupOf', lang, { size: countText(ms.length, t.level, lang), names: ms.map((m) => m.name).join(', ') }) };
    },
    ref(code) {
      const n = number.get(code);
      if (n !== undefined) return label('trends.groupRef', lang, { n });
      const name = names.get(code);
      return name === undefined ? code : `${name} (${code})`;
    },
  };
}

/**
 * A source split into its leading web address (when it starts with
 * `http://` or `https://`) and the rest of its text.
 *
 * @example
 * ```ts
 * sourceParts('https://example.org/a (bản tin của huyện)'); // { url: 'https://example.org/a', text: '(bản tin của huyện)' }
 * sourceParts('Công văn 1027/CTK-CSCL');                    // { url: null, text: 'Công văn 1027/CTK-CSCL' }
 * ```
 */
export function sourceParts(source: string): { readonly url: string | null; readonly text: string } {
  const m = /^(https?:\/\/[^\s<>"'`]+)\s*(.*)$/is.exec(source.trim());
  return m === null ? { url: null, text: source.trim() } : { url: m[1]!, text: m[2]!.trim() };
}

/**
 * A stable id of a missing fact, for the CSV: `kind:code:date`.
 *
 * @example
 * ```ts
 * missingFactId({ kind: 'receiver', unit: { code: '14851', name: 'Xã Tén Tằn' }, date: '2019-12-01', … }); // 'receiver:14851:2019-12-01'
 * ```
 */
export function missingFactId(f: Pick<ReportMissingFact, 'kind' | 'unit' | 'date'>): string {
  return `${f.kind}:${f.unit.code}:${f.date}`;
}
