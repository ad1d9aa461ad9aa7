/**
 * Helpers the renderers share: escaping, the order of criteria sets, the
 * attainment series grouped by standard, the crime cut.
 *
 * @module
 */
import type { ReportAttainment, ReportModel, ReportTarget } from './report-model.js';

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
