/**
 * Builds the report model from a ledger: the plan's targets, attainment per
 * criteria set and year, the province's social-order crime against the
 * baseline, commune trends, a district map, disagreements, follow-up — as
 * known now or as filed on a past date, with the differences to today.
 *
 * @module
 */
import { asOfInstant, dayIn, VIETNAM_TIME, type TimeZone } from '../domain/shared/time-zone.js';
import type { Ledger } from '../ledger.js';
import { NotFoundError, getOwn } from '../kernel/index.js';
import type { ReadModels } from '../projections/read-models.js';
import { setLabel } from './labels.js';
import { attainmentRate, districtAbolition } from '../projections/attainment-rates.js';
import { planFollowUp } from '../projections/plan-follow-up.js';
import { targetProgress, targetValues, type TargetProgress } from '../projections/target-progress.js';
import type { PlanState } from '../domain/plan/index.js';
import { baselineComparison, baselineTallyUnder, metricById, trend, trendsUnder, type OutcomeTally, type TrendResult } from '../projections/trends.js';
import type { MetricDefinition } from '../domain/incident/index.js';
import { missingFactsOf, type ReorganisationStep } from '../domain/locality/index.js';
import { readThanhHoaDistrictMap, type DistrictMap } from '../reference/thanh-hoa.js';
import {
  abolitionText,
  explanationText,
  failingText,
  groupReasonText,
  legalBasisText,
  lineageFactText,
  missingFactCommand,
  missingFactText,
  notComparableText,
  outcomeText,
  targetValueText,
  trendText,
} from './texts.js';
import type { Bilingual, ReportAttainment, ReportDiff, ReportDisagreement, ReportEvidence, ReportGroup, ReportMissingFact, ReportModel, ReportOutcome, ReportTally, ReportTarget, ReportTrendUnit, ReportTrends } from './report-model.js';

/** Options of {@link buildReport}. */
export interface BuildReportOptions {
  /** The report year. */
  readonly year: number;
  /** "As filed on": only what was recorded by this time (a date means the end of that day in Vietnam, UTC+7). */
  readonly asOf?: string;
  /** The plan (default: the only plan in the store, if any). */
  readonly planId?: string;
  /**
   * The province reported on (default: the plan's, else the first province of
   * the register): a national deployment reports each province in turn.
   */
  readonly province?: string;
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
 * The end of a day in Vietnam (UTC+7, or `zone`) as an ISO time in UTC:
 * `2024-01-15` → `2024-01-15T16:59:59.999Z`, the last moment of 15 January in
 * the province; a full ISO time is returned unchanged (normalised to UTC).
 *
 * @example
 * ```ts
 * endOfDay('2024-01-15'); // '2024-01-15T16:59:59.999Z' (23:59:59.999 in Vietnam)
 * ```
 */
export function endOfDay(asOf: string, zone: TimeZone = VIETNAM_TIME): string {
  return asOfInstant(asOf, zone);
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

function attainmentSeries(rm: ReadModels, province: string, years: readonly number[], targets: readonly TargetProgress[], asOf: string | null): { rows: ReportAttainment[]; disagreements: ReportDisagreement[] } {
  const rows: ReportAttainment[] = [];
  const disagreements: ReportDisagreement[] = [];
  const last = years[years.length - 1];
  for (const standard of REPORT_STANDARDS) {
    const info = rm.catalogue.standard(standard);
    if (info === undefined) continue;
    const target = targets.find((t) => t.target.kind === 'shareRecognised' && t.target.standard === standard);
    const targetPercent = target?.target.kind === 'shareRecognised' ? (target.target.minPercent ?? null) : null;
    for (const year of years) {
      const r = attainmentRate(rm, { standard, year, province });
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

/** The figures compared between a report as filed and today's. */
interface HeadlineFigures {
  readonly crime: { readonly value: number | null; readonly changeVsBaselinePercent: number | null } | undefined;
  readonly baselineYear: number;
  readonly attainment: ReadonlyArray<Pick<ReportAttainment, 'set' | 'indicator' | 'standard' | 'title' | 'assessable' | 'recognised' | 'eligible'>>;
  readonly targets: ReadonlyArray<{ readonly id: string; readonly description: Bilingual; readonly valuePercent: number | null }>;
  readonly trends: { readonly minPercent: number; readonly baselineYear: number; readonly aloneMet: number; readonly groupsMet: number; readonly groupsTotal: number };
}

/** The headline figures of a built report. */
function figuresOfModel(m: Pick<ReportModel, 'targets' | 'attainment' | 'crime' | 'trends'>, year: number): HeadlineFigures {
  return {
    crime: m.crime.series.find((p) => p.year === year),
    baselineYear: m.crime.baselineYear,
    attainment: m.attainment.filter((x) => x.year === year),
    targets: m.targets,
    trends: { minPercent: m.trends.minPercent, baselineYear: m.trends.baselineYear, aloneMet: m.trends.alone.met, groupsMet: m.trends.groups.met, groupsTotal: m.trends.groups.total },
  };
}

/**
 * Today's headline figures for a report year, asking only what they need:
 * the year's crime, recognised/eligible of each standard (no rule
 * evaluation), each target's value (its last assessable year only) and the
 * communes' verdicts of the year. The same figures as a full report's.
 */
function figuresOf(rm: ReadModels, options: Omit<BuildReportOptions, 'asOf'>): HeadlineFigures {
  const { year, at, plan, province, baselineYear } = reportScope(rm, options, null);
  const metric = metricById('social-order-crime');
  let crime: HeadlineFigures['crime'];
  if (year >= baselineYear) {
    const t = baselineComparison(rm, { locality: province, metric, year, baselineYear, at });
    crime = { value: countOf(t.current), changeVsBaselinePercent: year === baselineYear ? 0 : t.vsBaseline.changePercent };
  }
  const attainment: Array<HeadlineFigures['attainment'][number]> = [];
  for (const standard of REPORT_STANDARDS) {
    const info = rm.catalogue.standard(standard);
    if (info === undefined) continue;
    const r = attainmentRate(rm, { standard, year, province, computed: false });
    const title = { vi: info.title.vi, en: info.title.en };
    attainment.push({ set: info.setId, indicator: info.indicator, standard, title, assessable: r.assessable, recognised: r.assessable ? r.official.numerator : null, eligible: r.assessable ? r.official.denominator : null });
  }
  const targets = plan === undefined ? [] : targetValues(rm, { planId: plan.planId, year, date: at }).map((t) => ({ id: t.targetId, description: { vi: t.description.vi, en: t.description.en ?? t.description.vi }, valuePercent: t.value?.percent ?? null }));
  // the tallies alone (equal to trendsUnder's): no trend of each commune is needed for two numbers
  const s = baselineTallyUnder(rm, { locality: province, level: 'commune', year, baselineYear, metric, at });
  return { crime, baselineYear, attainment, targets, trends: { minPercent: 5, baselineYear, aloneMet: s.alone.met, groupsMet: s.groups.met, groupsTotal: s.groups.total } };
}

/** The figures compared between an as-of report and today, as labelled rows. */
function headline(f: HeadlineFigures, year: number): Array<{ key: string; label: Bilingual; value: string | number | null }> {
  const out: Array<{ key: string; label: Bilingual; value: string | number | null }> = [];
  out.push({ key: `crime.${year}`, label: { vi: `Số vụ phạm tội về TTXH năm ${year}`, en: `Social-order crime ${year}` }, value: f.crime?.value ?? null });
  out.push({ key: `crime.change.${year}`, label: { vi: `Thay đổi so với ${f.baselineYear} (%)`, en: `Change against ${f.baselineYear} (%)` }, value: f.crime?.changeVsBaselinePercent ?? null });
  for (const a of f.attainment) {
    out.push({ key: `attainment.${a.standard}.${year}`, label: { vi: `${setLabel(a.set, 'vi', a.title.vi)} ${a.indicator}: số đơn vị được công nhận / tổng số`, en: `${setLabel(a.set, 'en', a.title.en)} ${a.indicator}: recognised / eligible` }, value: a.assessable ? `${a.recognised}/${a.eligible}` : null });
  }
  for (const t of f.targets) out.push({ key: `target.${t.id}`, label: { vi: `${t.description.vi} (%)`, en: `${t.description.en} (%)` }, value: t.valuePercent });
  out.push({ key: `trends.met.${year}`, label: { vi: `Số xã đánh giá riêng giảm ≥ ${f.trends.minPercent}% so với ${f.trends.baselineYear}`, en: `Communes assessed alone with a ≥ ${f.trends.minPercent} % cut against ${f.trends.baselineYear}` }, value: f.trends.aloneMet });
  out.push({ key: `trends.groupsMet.${year}`, label: { vi: `Số nhóm xã giảm ≥ ${f.trends.minPercent}% so với ${f.trends.baselineYear}`, en: `Groups of communes with a ≥ ${f.trends.minPercent} % cut against ${f.trends.baselineYear}` }, value: `${f.trends.groupsMet}/${f.trends.groupsTotal}` });
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
  const asOf = options.asOf === undefined ? null : endOfDay(options.asOf, ledger.timeZone);
  // a year not begun has nothing to report: say so rather than write an empty report
  const thisYear = Number(dayIn(ledger.now(), ledger.timeZone).slice(0, 4));
  if (options.year > thisYear) throw new NotFoundError('report year', String(options.year), `report year ${options.year}: it has not begun (today is ${dayIn(ledger.now(), ledger.timeZone)} in ${ledger.timeZone.label}); nothing is recorded for it yet`);
  const today = await ledger.readModels();
  return buildReportFrom(asOf === null ? today : await ledger.readModels({ asOf }), options, today);
}

/**
 * Builds the report model from read models: `rm` as known now, or as known
 * at `rm.asOf` (then with the differences to `today`'s figures). Every
 * question is asked of the read models, which answer each once; the model
 * is then rendered in any format and language without asking again.
 *
 * @throws RangeError when `rm` is as of a past time and `today` is missing.
 * @example
 * ```ts
 * const today = await ledger.readModels();
 * const filed = buildReportFrom(await ledger.readModels({ asOf: '2025-01-20' }), { year: 2024 }, today);
 * ```
 */
export function buildReportFrom(rm: ReadModels, options: Omit<BuildReportOptions, 'asOf'>, today?: ReadModels): ReportModel {
  const asOf = rm.asOf;
  const model = modelFrom(rm, options, asOf);
  if (asOf === null) return model;
  if (today === undefined) throw new RangeError('buildReportFrom: a report as of a past time needs today’s read models for its differences');
  const now = new Map(headline(figuresOf(today, options), options.year).map((h) => [h.key, h]));
  const diff: ReportDiff[] = headline(figuresOfModel(model, options.year), options.year).map((h) => ({ key: h.key, label: h.label, asFiled: h.value, today: now.get(h.key)?.value ?? null }));
  return { ...model, diff };
}

/** The year, plan, province and baseline a report is about, or a clear error. */
function reportScope(rm: ReadModels, options: Omit<BuildReportOptions, 'asOf'>, asOf: string | null): { year: number; at: string; plan: PlanState | undefined; province: string; baselineYear: number } {
  const year = options.year;
  const at = `${year}-12-31`;
  const plans = Object.values(rm.plans.plans);
  const plan = options.planId !== undefined ? getOwn(rm.plans.plans, options.planId) : plans.length === 1 && (options.province === undefined || plans[0]!.provinceCode === options.province) ? plans[0] : undefined;
  if (options.planId !== undefined && plan === undefined) throw new NotFoundError('plan', options.planId, `plan ${options.planId}: not adopted in this store${asOf === null ? '' : ` as of ${asOf}`}`);
  const provinces = rm.history.hierarchyAt(at).ofLevel('province');
  const province = plan?.provinceCode ?? options.province ?? provinces[0]?.code;
  if (province === undefined) {
    const known = asOf === null ? '' : ` as of ${asOf}`;
    const first = rm.history.firstDate();
    // name the real cause: an empty register, a year before it starts, or a register without a province
    const message =
      first === null
        ? `the register is empty${known}: load the units first (ntm-antt load-units)`
        : first > at
          ? `the register starts on ${first}${known}: no province exists on ${at}; report a year from ${first.slice(0, 4)} on`
          : `no province in the register on ${at}${known}`;
    throw new NotFoundError('province', '(any)', message);
  }
  if (rm.history.at(province, at)?.kind !== 'province') throw new NotFoundError('province', province, `province ${province}: not in the register on ${at}${asOf === null ? '' : ` as of ${asOf}`}`);
  return { year, at, plan, province, baselineYear: plan?.baselineYear ?? options.baselineYear ?? 2019 };
}

function modelFrom(rm: ReadModels, options: Omit<BuildReportOptions, 'asOf'>, asOf: string | null): ReportModel {
  const { year, at, plan, province, baselineYear } = reportScope(rm, options, asOf);
  const provinceName = rm.history.at(province, at)?.name ?? province;
  const targets = plan === undefined ? [] : targetProgress(rm, { planId: plan.planId, year, date: at });
  const fromYear = plan?.period.fromYear ?? Math.max(baselineYear + 1, year - 3);
  const years: number[] = [];
  for (let y = fromYear; y <= year; y++) years.push(y);
  const { rows: attainment, disagreements } = attainmentSeries(rm, province, years, targets, asOf);

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

  const trends = trendsModel(rm, { level: 'commune', province, year, baselineYear, metric, at });
  const districtsOn = rm.history.unitsUnder(province, 'district', at).length > 0;
  const districtTrends = districtsOn ? trendsModel(rm, { level: 'district', province, year, baselineYear, metric, at }) : null;
  const abolished = districtTrends === null ? districtAbolition(rm, province, at) : undefined;
  const districtTrendsNote = abolished === undefined ? null : abolitionText(abolished);

  // The map: districts of the report year, or of the last year that had them.
  // the province's own districts (a national register holds every province's)
  const districtsOf = (date: string) => rm.history.unitsUnder(province, 'district', date);
  let mapYear = year;
  while (mapYear > baselineYear && districtsOf(`${mapYear}-12-31`).length === 0) mapYear--;
  const mapAt = `${mapYear}-12-31`;
  const geo = options.map ?? readThanhHoaDistrictMap();
  const districts = districtsOf(mapAt)
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
    districtTrends,
    districtTrendsNote,
    map,
    disagreements,
    followUp,
    diff: null,
  };
}

const tallyOf = (t: OutcomeTally): ReportTally => ({ total: t.total, met: t.met, notMet: t.not_met, noData: t.no_data, baselineMissing: t.baseline_missing, baselineZero: t.baseline_zero, notComparable: t.not_comparable });

const countOf = (c: TrendResult['current']): number | null => (c.count.kind === 'count' && c.covered ? c.count.value.numerator / c.count.value.denominator : null);

function unitOf(r: TrendResult, minPercent: number): ReportTrendUnit {
  const change = r.vsBaseline.changePercent;
  return {
    code: r.locality,
    name: r.name,
    members: r.members.map((m) => ({ code: m.code, name: m.name })),
    outcome: r.vsBaseline.outcome as ReportOutcome,
    current: r.vsBaseline.outcome === 'not_comparable' ? null : countOf(r.current),
    baseline: r.vsBaseline.outcome === 'not_comparable' ? null : countOf(r.baseline),
    changePercent: change,
    gap: r.vsBaseline.outcome === 'not_met' && change !== null ? Math.round((minPercent + change) * 100) / 100 : null,
    message: r.vsBaseline.outcome === 'met' || r.vsBaseline.outcome === 'not_met' ? trendText(r) : outcomeText(r.vsBaseline.outcome),
  };
}

/** The looked-up facts a step carries: an identified receiver, a division, a part transfer, shares given later. */
function evidenceOf(st: ReorganisationStep): Array<Omit<ReportEvidence, 'fact' | 'localities' | 'legalBasis'> & { readonly legalBasis: string; readonly unit: string; readonly to: ReadonlyArray<{ code: string; share?: string; what?: string }> }> {
  const out: Array<Omit<ReportEvidence, 'fact' | 'localities' | 'legalBasis'> & { legalBasis: string; unit: string; to: Array<{ code: string; share?: string; what?: string }> }> = [];
  const ev = (e: { level: string; source?: string | undefined; quote?: string | undefined; caveat?: string | undefined }) => ({ level: e.level, source: e.source ?? null, quote: e.quote ?? null, caveat: e.caveat ?? null });
  const share = (t: { allocation?: { numerator: number; denominator: number } | undefined }) => (t.allocation === undefined ? {} : { share: `${t.allocation.numerator}/${t.allocation.denominator}` });
  const what = (t: { what?: string | undefined }) => (t.what === undefined ? {} : { what: t.what });
  if (st.type === 'dissolve' && st.receiver !== undefined) out.push({ kind: 'receiver', date: st.date, legalBasis: st.receiver.legalBasis, unit: st.code, to: [{ code: st.receiver.code }], ...ev(st.receiver.evidence) });
  if (st.type === 'dissolve' && st.division !== undefined) {
    out.push({ kind: 'division', date: st.date, legalBasis: st.division.legalBasis, unit: st.code, to: st.division.targets.map((t) => ({ code: t.code, ...what(t) })), ...ev(st.division.evidence) });
    if (st.division.allocationEvidence !== undefined) out.push({ kind: 'shares', date: st.date, legalBasis: st.division.legalBasis, unit: st.code, to: st.division.targets.map((t) => ({ code: t.code, ...share(t) })), ...ev(st.division.allocationEvidence) });
  }
  if (st.type === 'split' && st.partial !== undefined) out.push({ kind: 'part_transfer', date: st.date, legalBasis: st.legalBasis, unit: st.source, to: [{ code: st.partial.to, ...(st.partial.what === undefined ? {} : { what: st.partial.what }) }], ...ev(st.evidence) });
  if (st.type === 'split' && st.allocationEvidence !== undefined) out.push({ kind: 'shares', date: st.date, legalBasis: st.legalBasis, unit: st.source, to: st.targets.map((t) => ({ code: t.code, ...share(t) })), ...ev(st.allocationEvidence) });
  return out;
}

/**
 * Trends of one level against the baseline for the report: the localities
 * assessed alone, the comparison groups with their verdicts, what would
 * split them, the looked-up lineage facts behind the figures, the
 * province's own trend beside them, and every locality's verdict.
 */
function trendsModel(rm: ReadModels, o: { level: 'commune' | 'district'; province: string; year: number; baselineYear: number; metric: MetricDefinition; at: string }): ReportTrends {
  const minPercent = 5;
  const s = trendsUnder(rm, { locality: o.province, level: o.level, year: o.year, baselineYear: o.baselineYear, metric: o.metric, at: o.at });
  const nameOf = (code: string): string => {
    const u = rm.history.unit(code);
    return rm.history.at(code, o.at)?.name ?? u?.versions[u.versions.length - 1]?.name ?? code;
  };
  const units = [...s.results.filter((r) => r.group === null), ...s.groupResults];

  // Missing facts, each once, with the groups they would help split.
  const facts = missingFactsOf(s.partition.groups);
  const missingFacts: ReportMissingFact[] = facts.map(({ fact: f, groups }) => ({
    kind: f.kind,
    unit: f.unit,
    date: f.kind === 'day_within_half_month' ? f.from : f.date,
    legalBasis: f.kind === 'day_within_half_month' ? null : legalBasisText(f.legalBasis),
    candidates: f.kind === 'receiver' ? f.possibleReceivers : f.kind === 'shares' ? f.targets : [],
    text: missingFactText(f),
    command: missingFactCommand(f),
    groups,
  }));
  const factIndex = new Map(facts.map(({ fact }, i) => [fact.id, i]));

  const byId = new Map(s.groupResults.map((r) => [r.locality, r]));
  const groupList: ReportGroup[] = s.partition.groups.map((g) => ({
    ...unitOf(byId.get(g.id)!, minPercent),
    reason: groupReasonText(g.missing, g.whole),
    missing: g.missing.map((f) => factIndex.get(f.id)!),
    whole: g.whole,
  }));

  // The looked-up lineage facts behind the figures, each once, with the units resting on them.
  const evidence = new Map<string, ReportEvidence & { localities: string[] }>();
  for (const r of units) {
    for (const st of r.lineage) {
      for (const e of evidenceOf(st)) {
        const k = `${e.kind}:${e.unit}:${e.date}:${e.to.map((t) => t.code).join('+')}`;
        let x = evidence.get(k);
        if (x === undefined) {
          const { unit, to, legalBasis, ...rest } = e;
          x = { ...rest, legalBasis: legalBasisText(legalBasis), fact: lineageFactText({ kind: e.kind, unit, to, date: e.date }, nameOf), localities: [] };
          evidence.set(k, x);
        }
        if (!x.localities.includes(r.locality)) x.localities.push(r.locality);
      }
    }
  }

  const province = trend(rm, { locality: o.province, metric: o.metric, year: o.year, baselineYear: o.baselineYear, at: o.at });
  const undecided = units.filter((r) => !['met', 'not_met'].includes(r.vsBaseline.outcome));
  return {
    level: o.level,
    metric: o.metric.id,
    year: o.year,
    baselineYear: o.baselineYear,
    minPercent,
    localities: s.localities,
    alone: tallyOf(s.alone),
    groups: { ...tallyOf(s.groups), localities: s.groups.localities, minSize: s.groups.minSize, maxSize: s.groups.maxSize },
    aloneSharePercent: s.localities === 0 ? null : Math.round((10000 * s.alone.total) / s.localities) / 100,
    province: { code: o.province, name: province.name, outcome: province.vsBaseline.outcome as ReportOutcome, current: countOf(province.current), baseline: countOf(province.baseline), changePercent: province.vsBaseline.changePercent },
    failing: units
      .filter((r) => r.vsBaseline.outcome === 'not_met')
      .map((r) => unitOf(r, minPercent))
      .sort((a, b) => (b.gap ?? 0) - (a.gap ?? 0) || a.code.localeCompare(b.code)),
    groupList,
    notComparableList: undecided.map((r) => ({
      code: r.locality,
      name: r.name,
      outcome: r.vsBaseline.outcome as ReportOutcome,
      reason:
        r.vsBaseline.outcome === 'not_comparable'
          ? r.group !== null
            ? groupReasonText(r.group.missing, r.group.whole)
            : notComparableText([...(r.baseline.count.kind === 'not_comparable' ? r.baseline.count.reasons : []), ...(r.current.count.kind === 'not_comparable' ? r.current.count.reasons : [])], nameOf)
          : outcomeText(r.vsBaseline.outcome),
    })),
    missingFacts,
    evidence: [...evidence.values()].sort((a, b) => a.date.localeCompare(b.date) || a.fact.vi.localeCompare(b.fact.vi)),
    verdicts: s.verdicts.map((v) => ({ code: v.code, name: v.name, outcome: v.outcome as ReportOutcome, group: v.group })),
  };
}
