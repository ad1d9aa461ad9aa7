/**
 * Builds the report model from a ledger: the plan's targets, attainment per
 * criteria set and year, the province's social-order crime against the
 * baseline, commune trends, a district map, disagreements, follow-up — as
 * known now or as filed on a past date, with the differences to today.
 *
 * @module
 */
import type { Ledger } from '../ledger.js';
import { NotFoundError, getOwn } from '../kernel/index.js';
import type { ReadModels } from '../projections/read-models.js';
import { attainmentRate, districtAbolition } from '../projections/attainment-rates.js';
import { planFollowUp } from '../projections/plan-follow-up.js';
import { targetProgress, type TargetProgress } from '../projections/target-progress.js';
import { metricById, trend, trendsUnder } from '../projections/trends.js';
import { readThanhHoaDistrictMap, type DistrictMap } from '../reference/thanh-hoa.js';
import { abolitionText, explanationText, failingText, notComparableText, outcomeText, targetValueText, trendText } from './texts.js';
import type { Bilingual, ReportAttainment, ReportDiff, ReportDisagreement, ReportModel, ReportOutcome, ReportTarget } from './report-model.js';

/** Options of {@link buildReport}. */
export interface BuildReportOptions {
  /** The report year. */
  readonly year: number;
  /** "As filed on": only what was recorded by this time (a date means the end of that day, UTC). */
  readonly asOf?: string;
  /** The plan (default: the only plan in the store, if any). */
  readonly planId?: string;
  /** Unused by the model (both languages are in it); accepted for symmetry with rendering. */
  readonly lang?: 'vi' | 'en';
  /** Baseline year of trends when there is no plan (default 2019). */
  readonly baselineYear?: number;
  /** The district map (default: the Thanh Hóa map shipped in `data/`). */
  readonly map?: DistrictMap;
  /** Notes to print with the report (e.g. "synthetic data"). */
  readonly notes?: readonly Bilingual[];
  /** Time written as "generated at" (default: now). */
  readonly generatedAt?: string;
}

/**
 * The standards shown in the attainment section, commune sets first.
 *
 * @example
 * ```ts
 * for (const standard of REPORT_STANDARDS) await ledger.attainmentRate({ standard, year: 2024 });
 * ```
 */
export const REPORT_STANDARDS = ['commune-standard-2021:19.2', 'commune-advanced-2021:19.2', 'commune-model-2021:antt', 'district-standard-2021:9.4', 'district-advanced-2021:9.1'] as const;

/**
 * The end of a day as an ISO time: `2024-01-15` → `2024-01-15T23:59:59.999Z`;
 * a full ISO time is returned unchanged.
 *
 * @example
 * ```ts
 * endOfDay('2024-01-15'); // '2024-01-15T23:59:59.999Z'
 * ```
 */
export function endOfDay(asOf: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? `${asOf}T23:59:59.999Z` : new Date(asOf).toISOString();
}

function targetModel(t: TargetProgress): ReportTarget {
  const target = t.target;
  const targetText = target.kind === 'shareRecognised' ? (target.minPercent !== undefined ? `≥ ${target.minPercent} %` : `≥ ${target.minCount}`) : target.kind === 'reductionVsBaseline' ? `−${target.minPercent} % / ${target.baselineYear}` : `↓ ${target.fromYear}–${target.toYear}`;
  return {
    id: t.targetId,
    description: { vi: t.description.vi, en: t.description.en ?? t.description.vi },
    kind: target.kind,
    status: t.status,
    value: targetValueText(t),
    valuePercent: t.value?.percent ?? null,
    target: targetText,
    targetPercent: target.kind === 'shareRecognised' ? (target.minPercent ?? null) : target.kind === 'reductionVsBaseline' ? 100 : 100,
    gap: t.gap,
    deadline: t.deadline,
    lastAssessableYear: t.lastAssessableYear,
    reason: explanationText(t.explanation),
    pace: t.pace,
    series: t.series.map((p) => ({ year: p.year, percent: p.percent, assessable: p.assessable })),
    failing: t.failing.slice(0, 30).map((f) => ({ code: f.code, name: f.name, gap: f.gap, detail: failingText(f) })),
  };
}

function attainmentSeries(rm: ReadModels, years: readonly number[], targets: readonly TargetProgress[], asOf: string | null): { rows: ReportAttainment[]; disagreements: ReportDisagreement[] } {
  const rows: ReportAttainment[] = [];
  const disagreements: ReportDisagreement[] = [];
  const last = years[years.length - 1];
  for (const standard of REPORT_STANDARDS) {
    const info = rm.catalogue.standard(standard);
    if (info === undefined) continue;
    const target = targets.find((t) => t.target.kind === 'shareRecognised' && t.target.standard === standard);
    const targetPercent = target?.target.kind === 'shareRecognised' ? (target.target.minPercent ?? null) : null;
    for (const year of years) {
      const r = attainmentRate(rm, { standard, year });
      const title = { vi: info.title.vi, en: info.title.en };
      if (!r.assessable) {
        const ab = districtAbolition(rm, r.province, r.date);
        rows.push({ set: info.setId, indicator: info.indicator, standard, title, year, asOf, eligible: null, recognised: null, computed: null, recognisedPercent: null, computedPercent: null, targetPercent, assessable: false, reason: ab === undefined ? { vi: r.reason, en: r.reason } : abolitionText(ab) });
        continue;
      }
      rows.push({
        set: info.setId,
        indicator: info.indicator,
        standard,
        title,
        year,
        asOf,
        eligible: r.official.denominator,
        recognised: r.official.numerator,
        computed: r.computed?.numerator ?? null,
        recognisedPercent: r.official.percent,
        computedPercent: r.computed?.percent ?? null,
        targetPercent,
        assessable: true,
        reason: null,
      });
      if (year === last) {
        for (const m of r.eligible) {
          if (m.recognised === 'recognised' && m.computed === 'not_met') {
            disagreements.push({
              code: m.code,
              name: m.name,
              standard,
              year,
              kind: 'recognised_but_computed_not_met',
              message: { vi: `Đã được công nhận (quyết định ${m.recognition?.decision ?? ''}) nhưng số liệu ghi nhận không đáp ứng quy tắc`, en: `Recognised (decision ${m.recognition?.decision ?? ''}) but the recorded facts do not meet the rule` },
            });
          } else if (m.recognised !== 'recognised' && m.computed === 'met') {
            const status = m.recognised === 'revoked' ? { vi: 'bị thu hồi công nhận', en: 'its recognition was revoked' } : m.recognised === 'lapsed' ? { vi: 'công nhận đã hết hiệu lực', en: 'its recognition lapsed' } : { vi: 'chưa được công nhận', en: 'it is not recognised' };
            disagreements.push({
              code: m.code,
              name: m.name,
              standard,
              year,
              kind: 'computed_met_but_not_recognised',
              message: { vi: `Đáp ứng quy tắc theo số liệu ghi nhận nhưng ${status.vi}`, en: `Meets the rule on the recorded facts, but ${status.en}` },
            });
          }
        }
      }
    }
  }
  return { rows, disagreements };
}

/** The figures compared between an as-of report and today. */
function headline(m: Pick<ReportModel, 'targets' | 'attainment' | 'crime' | 'trends'>, year: number): Array<{ key: string; label: Bilingual; value: string | number | null }> {
  const out: Array<{ key: string; label: Bilingual; value: string | number | null }> = [];
  const crime = m.crime.series.find((p) => p.year === year);
  out.push({ key: `crime.${year}`, label: { vi: `Số vụ phạm tội về TTXH năm ${year}`, en: `Social-order crime ${year}` }, value: crime?.value ?? null });
  out.push({ key: `crime.change.${year}`, label: { vi: `Thay đổi so với ${m.crime.baselineYear} (%)`, en: `Change against ${m.crime.baselineYear} (%)` }, value: crime?.changeVsBaselinePercent ?? null });
  for (const a of m.attainment.filter((x) => x.year === year)) {
    out.push({ key: `attainment.${a.standard}.${year}`, label: { vi: `${a.standard}: được công nhận / tổng số`, en: `${a.standard}: recognised / eligible` }, value: a.assessable ? `${a.recognised}/${a.eligible}` : null });
  }
  for (const t of m.targets) out.push({ key: `target.${t.id}`, label: { vi: `Mục tiêu ${t.id} (%)`, en: `Target ${t.id} (%)` }, value: t.valuePercent });
  out.push({ key: `trends.met.${year}`, label: { vi: `Số xã giảm ≥ ${m.trends.minPercent}% so với ${m.trends.baselineYear}`, en: `Communes with a ≥ ${m.trends.minPercent} % cut against ${m.trends.baselineYear}` }, value: m.trends.met });
  return out;
}

/**
 * Builds the report model for a year, as known now or as filed on `asOf`
 * (then with the differences to today's figures).
 *
 * @example
 * ```ts
 * const model = await buildReport(ledger, { year: 2024 });
 * const filed = await buildReport(ledger, { year: 2023, asOf: '2024-01-15' }); // filed.diff lists what changed since
 * ```
 */
export async function buildReport(ledger: Ledger, options: BuildReportOptions): Promise<ReportModel> {
  const asOf = options.asOf === undefined ? null : endOfDay(options.asOf);
  const rm = await ledger.readModels(asOf === null ? {} : { asOf });
  const model = modelFrom(rm, options, asOf);
  if (asOf === null) return model;
  const today = modelFrom(await ledger.readModels(), options, null);
  const before = headline(model, options.year);
  const now = new Map(headline(today, options.year).map((h) => [h.key, h]));
  const diff: ReportDiff[] = before.map((h) => ({ key: h.key, label: h.label, asFiled: h.value, today: now.get(h.key)?.value ?? null }));
  return { ...model, diff };
}

function modelFrom(rm: ReadModels, options: BuildReportOptions, asOf: string | null): ReportModel {
  const year = options.year;
  const at = `${year}-12-31`;
  const plans = Object.values(rm.plans.plans);
  const plan = options.planId !== undefined ? getOwn(rm.plans.plans, options.planId) : plans.length === 1 ? plans[0] : undefined;
  if (options.planId !== undefined && plan === undefined) throw new NotFoundError('plan', options.planId, `plan ${options.planId}: not adopted in this store${asOf === null ? '' : ` as of ${asOf}`}`);
  const provinces = rm.history.hierarchyAt(at).ofLevel('province');
  const province = plan?.provinceCode ?? provinces[0]?.code;
  if (province === undefined) throw new NotFoundError('province', '(any)', `no province in the register on ${at}${asOf === null ? '' : ` as of ${asOf}`}; load the units first`);
  const provinceName = rm.history.at(province, at)?.name ?? province;
  const baselineYear = plan?.baselineYear ?? options.baselineYear ?? 2019;
  const targets = plan === undefined ? [] : targetProgress(rm, { planId: plan.planId, year, date: at });
  const fromYear = plan?.period.fromYear ?? Math.max(baselineYear + 1, year - 3);
  const years: number[] = [];
  for (let y = fromYear; y <= year; y++) years.push(y);
  const { rows: attainment, disagreements } = attainmentSeries(rm, years, targets, asOf);

  // Social-order crime of the province per year, against the baseline.
  const metric = metricById('social-order-crime');
  const crimeSeries: Array<{ year: number; value: number | null; changeVsBaselinePercent: number | null; outcome: ReportOutcome }> = [];
  let baseline: number | null = null;
  for (let y = baselineYear; y <= year; y++) {
    const t = trend(rm, { locality: province, metric, year: y, baselineYear, at: `${y}-12-31` });
    const v = t.current.count.kind === 'count' && t.current.covered ? t.current.count.value.numerator / t.current.count.value.denominator : null;
    if (y === baselineYear) baseline = v;
    crimeSeries.push({ year: y, value: v, changeVsBaselinePercent: y === baselineYear ? 0 : t.vsBaseline.changePercent, outcome: y === baselineYear ? 'met' : t.vsBaseline.outcome });
  }

  const nameOf = (code: string): string => {
    const u = rm.history.unit(code);
    return u?.versions[u.versions.length - 1]?.name ?? code;
  };
  const summary = trendsUnder(rm, { locality: province, level: 'commune', year, baselineYear, metric, at });
  const gapOf = (changePercent: number | null) => (changePercent === null ? null : Math.round((5 + changePercent) * 100) / 100);
  const trends = {
    metric: metric.id,
    year,
    baselineYear,
    minPercent: 5,
    localities: summary.localities,
    met: summary.met,
    notMet: summary.notMet,
    notComparable: summary.notComparable,
    other: summary.other,
    failing: summary.results
      .filter((r) => r.vsBaseline.outcome === 'not_met')
      .map((r) => ({ code: r.locality, name: r.name, changePercent: r.vsBaseline.changePercent, gap: gapOf(r.vsBaseline.changePercent), message: trendText(r) }))
      .sort((a, b) => (b.gap ?? 0) - (a.gap ?? 0) || a.code.localeCompare(b.code)),
    notComparableList: summary.results
      .filter((r) => r.vsBaseline.outcome === 'not_comparable')
      .map((r) => ({ code: r.locality, name: r.name, reason: notComparableText([...(r.baseline.count.kind === 'not_comparable' ? r.baseline.count.reasons : []), ...(r.current.count.kind === 'not_comparable' ? r.current.count.reasons : [])], nameOf) })),
  };

  // The map: districts of the report year, or of the last year that had them.
  let mapYear = year;
  while (mapYear > baselineYear && rm.history.hierarchyAt(`${mapYear}-12-31`).ofLevel('district').length === 0) mapYear--;
  const mapAt = `${mapYear}-12-31`;
  const geo = options.map ?? readThanhHoaDistrictMap();
  const districts = rm.history
    .hierarchyAt(mapAt)
    .ofLevel('district')
    .map((d) => {
      const t = trend(rm, { locality: d.code, metric, year: mapYear, baselineYear, at: mapAt });
      const v = t.vsBaseline.changePercent;
      return { code: d.code, name: d.name, value: t.vsBaseline.outcome === 'met' || t.vsBaseline.outcome === 'not_met' ? v : null, label: v === null ? outcomeText(t.vsBaseline.outcome).vi : `${v > 0 ? '+' : ''}${v} %`, outcome: t.vsBaseline.outcome as ReportOutcome };
    });
  const map = {
    year: mapYear,
    title: { vi: `Thay đổi số vụ phạm tội về TTXH năm ${mapYear} so với ${baselineYear}, theo huyện`, en: `Change in social-order crime ${mapYear} against ${baselineYear}, by district` },
    legend: { vi: 'Xanh: giảm; đỏ: tăng; xám: không so sánh được', en: 'Green: down; red: up; grey: not comparable' },
    note:
      mapYear === year
        ? null
        : { vi: `Cấp huyện đã chấm dứt hoạt động từ 01/7/2025; bản đồ dùng số liệu năm ${mapYear}, năm cuối cùng có cấp huyện.`, en: `The district level ended on 1 July 2025; the map shows ${mapYear}, the last year with districts.` },
    geojson: geo as ReportModel['map']['geojson'],
    districts,
  };

  const followUp =
    plan === undefined
      ? null
      : (() => {
          const f = planFollowUp(rm, { planId: plan.planId, date: at });
          return {
            disputes: f.disputes.map((d) => ({ year: d.year, arising: d.arising, settledAtGrassroots: d.settledAtGrassroots, sharePercent: d.sharePercent })),
            reportsFiled: f.reports.filed.length,
            reportsMissing: f.reports.missing.map((m) => ({ period: m.period, recipient: m.recipient, dueBy: m.dueBy })),
            reviews: f.reviews.held.map((r) => ({ kind: r.kind, heldOn: r.heldOn, title: r.title })),
            inspections: f.inspections.count,
            openObstacles: f.obstacles.open.map((o) => ({ title: o.title, raisedBy: o.raisedBy, raisedOn: o.raisedOn, ageDays: o.ageDays })),
            overdueTasks: f.tasks.overdueByOwner.map((o) => ({ owner: o.owner, count: o.tasks.length, oldestDaysOverdue: o.tasks[0]?.daysOverdue ?? 0 })),
          };
        })();

  return {
    meta: {
      title: { vi: `Báo cáo kết quả thực hiện tiêu chí an ninh, trật tự trong xây dựng nông thôn mới năm ${year}`, en: `Security and order in New Rural Development: report for ${year}` },
      province: { code: province, name: provinceName },
      year,
      asOf,
      generatedAt: options.generatedAt ?? new Date().toISOString(),
      hierarchyAt: at,
      plan: plan === undefined ? null : { id: plan.planId, title: { vi: plan.title.vi, en: plan.title.en ?? plan.title.vi }, legalBasis: plan.legalBasis },
      notes: options.notes ?? [],
    },
    targets: targets.map(targetModel),
    attainment,
    crime: { metric: { id: metric.id, title: metric.title }, baselineYear, baseline, series: crimeSeries },
    trends,
    map,
    disagreements,
    followUp,
    diff: null,
  };
}
