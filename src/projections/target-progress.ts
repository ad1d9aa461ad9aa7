/**
 * Progress of a plan's targets: current value, gap, status (`met`,
 * `on_track`, `at_risk`, `not_met`, or `not_assessable` with the reason),
 * required against observed pace toward the deadline, and the failing
 * localities sorted by gap. District targets stop with the district level:
 * they report their last assessable year and why the series stops, never a
 * silent zero.
 *
 * @module
 */
import type { Explanation, Outcome } from '../domain/criteria/index.js';
import { targetInForce, type PlanState, type PlanTarget, type PlanTargetState } from '../domain/plan/index.js';
import { toBasisPoints, type IsoDate } from '../domain/shared/values.js';
import { NotFoundError, getOwn } from '../kernel/index.js';
import { attainment } from './attainment.js';
import { attainmentRate, districtAbolition, districtsGoneReason, provinceOf, type RateResult } from './attainment-rates.js';
import type { ReadModels } from './read-models.js';
import { baselineTallyUnder, metricById, trend, trendsUnder, yearOnYearOutcome, type OutcomeTally, type TrendResult, type TrendSummary } from './trends.js';

/** The status of a target. */
export type TargetStatus = 'met' | 'on_track' | 'at_risk' | 'not_met' | 'not_assessable';

/** One year of a target's series. */
export interface SeriesPoint {
  readonly year: number;
  readonly assessable: boolean;
  /** Display value in percent (share targets) or count of localities meeting (reduction targets). */
  readonly percent: number | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly reason?: string;
}

/** A locality that fails a target, with its gap. */
export interface FailingLocality {
  readonly code: string;
  readonly name: string;
  /** Shortfall: percentage points of cut missing (reduction targets) or conditions not met (share targets). */
  readonly gap: number;
  /** In English, for logs. */
  readonly detail: string;
  /** The same, as data (for reports in any language). */
  readonly facts:
    | { readonly kind: 'share'; readonly recognised: string; readonly computed: Outcome; readonly conditions: readonly string[] }
    | { readonly kind: 'cut' | 'yoy'; readonly metric: string; readonly current: number | null; readonly reference: number | null; readonly referenceYear: number; readonly changePercent: number | null };
}

/** Why a target has its status, as data (the `reason` text says it in English). */
export type TargetExplanation =
  | { readonly code: 'district_level_abolished'; readonly abolishedOn: IsoDate; readonly legalBasis: string; readonly lastYear: number; readonly lastDisplay: string; readonly metThen: boolean }
  | { readonly code: 'no_assessable_year'; readonly since: number }
  | { readonly code: 'pace_unobservable' }
  | { readonly code: 'localities_below_cut'; readonly notMet: number; readonly total: number; readonly minPercent: number; readonly year: number; readonly notMetAlone: number; readonly notMetGroups: number }
  | { readonly code: 'localities_undecided'; readonly met: number; readonly total: number; readonly notComparable: number; readonly other: number; readonly baselineYear: number }
  | { readonly code: 'comparisons_did_not_fall'; readonly notFell: number; readonly total: number }
  | { readonly code: 'comparisons_undecided'; readonly undecided: number };

/** Progress of one target. */
export interface TargetProgress {
  readonly targetId: string;
  readonly description: { readonly vi: string; readonly en?: string };
  readonly target: PlanTarget;
  readonly deadline: IsoDate;
  readonly year: number;
  readonly status: TargetStatus;
  /** Why, in English; `explanation` has the same as data. */
  readonly reason: string | null;
  readonly explanation: TargetExplanation | null;
  /** The current value as displayed (e.g. `87.21 %`, `312/469`). */
  readonly value: {
    readonly display: string;
    readonly percent: number | null;
    readonly numerator: number | null;
    readonly denominator: number | null;
    /**
     * Reduction targets: units of assessment (localities alone and comparison
     * groups) by outcome, with `alone` and `groups` apart; year-on-year
     * targets: comparisons that fell.
     */
    readonly parts?: {
      readonly met?: number;
      readonly notMet?: number;
      readonly notComparable?: number;
      readonly other?: number;
      readonly fell?: number;
      readonly total: number;
      /** Localities of the level (reduction targets). */
      readonly localities?: number;
      readonly alone?: OutcomeTally;
      readonly groups?: TrendSummary['groups'];
    };
  } | null;
  /** Reduction targets: the province's own trend against the baseline in the last assessed year, shown beside the localities. */
  readonly province?: { readonly code: string; readonly name: string; readonly year: number; readonly outcome: Outcome; readonly changePercent: number | null; readonly current: number | null; readonly baseline: number | null };
  readonly targetValue: { readonly percent?: number; readonly count?: number };
  /** Target minus value (percentage points or count); `null` when not computable. */
  readonly gap: number | null;
  readonly lastAssessableYear: number | null;
  readonly series: readonly SeriesPoint[];
  /** Percentage points (or count) per year needed from the last assessed year to the deadline, and observed so far. */
  readonly pace: { readonly requiredPerYear: number | null; readonly observedPerYear: number | null };
  /** Sorted by gap, largest first. */
  readonly failing: readonly FailingLocality[];
}

/** A progress query. */
export interface ProgressQuery {
  readonly planId: string;
  /** The reporting year (default: the year of `date`). */
  readonly year?: number;
  /** The day progress is judged on (default: 31 December of `year`). */
  readonly date?: IsoDate;
  /** List at most this many failing localities per target (default 50). */
  readonly maxFailing?: number;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function ratePercent(r: RateResult): { numerator: number; denominator: number; percent: number | null } | null {
  return r.assessable ? { numerator: r.official.numerator, denominator: r.official.denominator, percent: r.official.percent } : null;
}

/** The deepest conditions not met in an explanation (their ids, or their ops when they have none). */
function failingLeaves(explanation: Explanation): string[] {
  const out: string[] = [];
  const visit = (e: Explanation): boolean => {
    const children: readonly Explanation[] = e.op === 'all' || e.op === 'any' || e.op === 'not' ? e.children : [];
    let below = false;
    for (const c of children) below = visit(c) || below;
    if (e.outcome === 'met') return false;
    if (!below && (e.id !== null || children.length === 0)) {
      out.push(e.id ?? e.op);
      return true;
    }
    return below;
  };
  visit(explanation);
  return out;
}

function shareProgress(rm: ReadModels, plan: PlanState, t: Extract<PlanTarget, { kind: 'shareRecognised' }>, year: number, date: IsoDate, maxFailing: number, lean = false): Omit<TargetProgress, 'targetId' | 'description' | 'target'> {
  const deadlineYear = Number(t.by.slice(0, 4));
  const lastYear = Math.min(year, deadlineYear);
  const series: SeriesPoint[] = [];
  const rates = new Map<number, RateResult>();
  const years: number[] = [];
  for (let y = plan.period.fromYear; y <= lastYear; y++) years.push(y);
  // lean (the value alone): from the last year back to the first assessable one
  for (const y of lean ? years.reverse() : years) {
    const r = attainmentRate(rm, { standard: t.standard, year: y, province: plan.provinceCode, computed: !lean && y === lastYear });
    rates.set(y, r);
    const v = ratePercent(r);
    const point: SeriesPoint = v === null ? { year: y, assessable: false, percent: null, numerator: null, denominator: null, reason: r.assessable ? '' : r.reason } : { year: y, assessable: true, ...v };
    if (!lean) series.push(point);
    else if (point.assessable) {
      series.push(point);
      break;
    }
  }
  const targetValue = t.minPercent !== undefined ? { percent: t.minPercent } : { count: t.minCount! };
  const assessed = series.filter((p) => p.assessable);
  const last = assessed[assessed.length - 1];
  const first = assessed[0];
  const meets = (p: SeriesPoint) => (t.minPercent !== undefined ? 10000 * p.numerator! >= toBasisPoints(t.minPercent) * p.denominator! : p.numerator! >= t.minCount!);
  const display = (p: SeriesPoint) => (t.minPercent !== undefined ? `${p.percent} % (${p.numerator}/${p.denominator})` : `${p.numerator}/${p.denominator}`);
  const measure = (p: SeriesPoint) => (t.minPercent !== undefined ? p.percent! : p.numerator!);
  const targetMeasure = t.minPercent ?? t.minCount!;
  if (last === undefined) {
    const ab = districtAbolition(rm, plan.provinceCode, `${lastYear}-12-31`);
    return {
      deadline: t.by,
      year,
      status: 'not_assessable',
      reason: series[series.length - 1]?.reason ?? 'no assessable year',
      explanation: ab === undefined ? { code: 'no_assessable_year', since: plan.period.fromYear } : { code: 'district_level_abolished', ...ab, lastYear: plan.period.fromYear - 1, lastDisplay: '', metThen: false },
      value: null,
      targetValue,
      gap: null,
      lastAssessableYear: null,
      series,
      pace: { requiredPerYear: null, observedPerYear: null },
      failing: [],
    };
  }
  const gap = round2(targetMeasure - measure(last));
  const observedPerYear = first !== undefined && last.year > first.year ? round2((measure(last) - measure(first)) / (last.year - first.year)) : null;
  const deadlineAssessable = series.find((p) => p.year === deadlineYear)?.assessable ?? (lastYear < deadlineYear ? assessableLater(rm, plan.provinceCode, t, deadlineYear) : false);
  let status: TargetStatus;
  let reason: string | null = null;
  let explanation: TargetExplanation | null = null;
  const requiredPerYear = deadlineYear > last.year ? round2(Math.max(0, gap) / (deadlineYear - last.year)) : null;
  if (!deadlineAssessable) {
    status = 'not_assessable';
    reason = `${districtsGoneReason(rm, plan.provinceCode, `${deadlineYear}-12-31`)}; the series stops at ${last.year} (${display(last)}, ${meets(last) ? 'meeting' : 'below'} the target then)`;
    const ab = districtAbolition(rm, plan.provinceCode, `${deadlineYear}-12-31`);
    explanation = ab === undefined ? { code: 'no_assessable_year', since: last.year + 1 } : { code: 'district_level_abolished', ...ab, lastYear: last.year, lastDisplay: display(last), metThen: meets(last) };
  } else if (meets(last)) status = 'met';
  else if (date >= t.by || last.year >= deadlineYear) status = 'not_met';
  else if (observedPerYear !== null && requiredPerYear !== null && observedPerYear >= requiredPerYear) status = 'on_track';
  else {
    status = 'at_risk';
    if (observedPerYear === null) {
      reason = 'only one assessed year: the pace cannot be observed yet';
      explanation = { code: 'pace_unobservable' };
    }
  }
  const rate = rates.get(last.year)!;
  const failing: FailingLocality[] = [];
  if (rate.assessable && !lean) {
    for (const m of rate.eligible) {
      if (m.recognised === 'recognised') continue;
      const a = attainment(rm, { locality: m.code, standard: t.standard, year: last.year, at: rate.date, provinceCode: plan.provinceCode });
      if (a.outcome === 'not_applicable') continue; // an eligible member: the standard applies to it
      const leaves = failingLeaves(a.computed.explanation);
      failing.push({
        code: m.code,
        name: m.name,
        gap: leaves.length,
        detail: `${m.recognised.replace(/_/g, ' ')}; computed ${a.computed.outcome}${leaves.length > 0 ? `; conditions not met: ${leaves.join(', ')}` : ''}`,
        facts: { kind: 'share', recognised: m.recognised, computed: a.computed.outcome, conditions: leaves },
      });
    }
  }
  failing.sort((a, b) => b.gap - a.gap || a.code.localeCompare(b.code));
  return {
    deadline: t.by,
    year,
    status,
    reason,
    explanation,
    value: { display: display(last), percent: last.percent, numerator: last.numerator, denominator: last.denominator },
    targetValue,
    gap,
    lastAssessableYear: last.year,
    series,
    pace: { requiredPerYear, observedPerYear },
    failing: failing.slice(0, maxFailing),
  };
}

/** Whether a share target's deadline year will have a population (districts abolished before it → no). */
function assessableLater(rm: ReadModels, province: string, t: Extract<PlanTarget, { kind: 'shareRecognised' }>, deadlineYear: number): boolean {
  if (t.population !== 'districts') return true;
  return assessableLaterDistricts(rm, province, deadlineYear);
}

function reductionProgress(rm: ReadModels, plan: PlanState, t: Extract<PlanTarget, { kind: 'reductionVsBaseline' }>, year: number, date: IsoDate, maxFailing: number, lean = false): Omit<TargetProgress, 'targetId' | 'description' | 'target'> {
  const deadlineYear = Number(t.by.slice(0, 4));
  const lastYear = Math.min(year, deadlineYear);
  const metric = metricById(t.metric);
  const series: SeriesPoint[] = [];
  type Summary = { year: number; met: number; notMet: number; notComparable: number; other: number; total: number; localities: number; alone: OutcomeTally; groups: TrendSummary['groups']; failing: FailingLocality[] };
  let lastSummary: Summary | undefined;
  const summarise = (y: number, alone: OutcomeTally, groups: TrendSummary['groups'], localities: number, failing: FailingLocality[]): Summary => {
    const met = alone.met + groups.met;
    const notMet = alone.not_met + groups.not_met;
    const notComparable = alone.not_comparable + groups.not_comparable;
    const total = alone.total + groups.total;
    return { year: y, met, notMet, notComparable, other: total - met - notMet - notComparable, total, localities, alone, groups, failing };
  };
  const noGroups: TrendSummary['groups'] = { total: 0, met: 0, not_met: 0, no_data: 0, baseline_missing: 0, baseline_zero: 0, not_comparable: 0, localities: 0, minSize: null, maxSize: null };
  const years: number[] = [];
  for (let y = Math.max(plan.period.fromYear, t.baselineYear + 1); y <= lastYear; y++) years.push(y);
  // lean: only the last assessable year, which gives the value
  for (const y of lean ? years.reverse() : years) {
    if (lean && lastSummary !== undefined) break;
    const at = `${y}-12-31`;
    if (t.each === 'province') {
      const r = trend(rm, { locality: plan.provinceCode, metric, year: y, baselineYear: t.baselineYear, minPercent: t.minPercent, at });
      const o = r.vsBaseline.outcome;
      const alone: OutcomeTally = { total: 1, met: 0, not_met: 0, no_data: 0, baseline_missing: 0, baseline_zero: 0, not_comparable: 0, [o]: 1 };
      series.push({ year: y, assessable: true, percent: r.vsBaseline.changePercent, numerator: o === 'met' ? 1 : 0, denominator: 1 });
      lastSummary = summarise(y, alone, noGroups, 1, o === 'not_met' ? [cutFailing(r, t.minPercent, t.baselineYear)] : []);
      continue;
    }
    const units = rm.history.unitsUnder(plan.provinceCode, t.each, at);
    if (units.length === 0) {
      series.push({ year: y, assessable: false, percent: null, numerator: null, denominator: null, reason: districtsGoneReason(rm, plan.provinceCode, at) });
      continue;
    }
    // the tallies alone for the series; the full trends (for the failing list) only for the year the target is judged on
    const s = baselineTallyUnder(rm, { locality: plan.provinceCode, level: t.each, metric, year: y, baselineYear: t.baselineYear, minPercent: t.minPercent, at });
    const sum = summarise(y, s.alone, s.groups, s.localities, []);
    const decided = sum.met + sum.notMet;
    series.push({ year: y, assessable: true, percent: decided === 0 ? null : round2((100 * sum.met) / decided), numerator: sum.met, denominator: decided });
    lastSummary = sum;
  }
  const targetValue = { percent: t.minPercent };
  if (lastSummary === undefined) {
    const ab = districtAbolition(rm, plan.provinceCode, `${lastYear}-12-31`);
    return {
      deadline: t.by,
      year,
      status: 'not_assessable',
      reason: series[series.length - 1]?.reason ?? `no year after ${t.baselineYear} to assess yet`,
      explanation: ab !== undefined && t.each === 'district' ? { code: 'district_level_abolished', ...ab, lastYear: t.baselineYear, lastDisplay: '', metThen: false } : { code: 'no_assessable_year', since: t.baselineYear + 1 },
      value: null,
      targetValue,
      gap: null,
      lastAssessableYear: null,
      series,
      pace: { requiredPerYear: null, observedPerYear: null },
      failing: [],
    };
  }
  const L = lastSummary;
  if (t.each !== 'province' && !lean && L.notMet > 0) {
    const s = trendsUnder(rm, { locality: plan.provinceCode, level: t.each, metric, year: L.year, baselineYear: t.baselineYear, minPercent: t.minPercent, at: `${L.year}-12-31` });
    L.failing.push(...[...s.results.filter((r) => r.group === null), ...s.groupResults].filter((r) => r.vsBaseline.outcome === 'not_met').map((r) => cutFailing(r, t.minPercent, t.baselineYear)));
  }
  const failing = [...L.failing].sort((a, b) => b.gap - a.gap || a.code.localeCompare(b.code));
  const deadlineGone = t.each === 'district' && lastYear >= deadlineYear && L.year < deadlineYear;
  let status: TargetStatus;
  let reason: string | null = null;
  let explanation: TargetExplanation | null = null;
  const undecided = L.notComparable + L.other;
  const groupsText = L.groups.total === 0 ? '' : `; ${L.groups.total} groups of ${L.groups.minSize}–${L.groups.maxSize} localities: ${L.groups.met} met, ${L.groups.not_met} not met${L.groups.total - L.groups.met - L.groups.not_met > 0 ? `, ${L.groups.total - L.groups.met - L.groups.not_met} other` : ''}`;
  const valueText = `${L.alone.met}/${L.alone.total} localities alone met the cut (${L.alone.not_met} not met${L.alone.total - L.alone.met - L.alone.not_met > 0 ? `, ${L.alone.total - L.alone.met - L.alone.not_met} other` : ''})${groupsText}`;
  if (deadlineGone || (t.each === 'district' && !assessableLaterDistricts(rm, plan.provinceCode, deadlineYear))) {
    status = 'not_assessable';
    reason = `${districtsGoneReason(rm, plan.provinceCode, `${deadlineYear}-12-31`)}; the series stops at ${L.year}`;
    const ab = districtAbolition(rm, plan.provinceCode, `${deadlineYear}-12-31`);
    explanation = ab === undefined ? { code: 'no_assessable_year', since: L.year + 1 } : { code: 'district_level_abolished', ...ab, lastYear: L.year, lastDisplay: valueText, metThen: L.notMet === 0 && undecided === 0 };
  } else if (L.notMet > 0) status = date >= t.by || L.year >= deadlineYear ? 'not_met' : 'at_risk';
  else if (undecided > 0) {
    status = 'not_assessable';
    reason = `${L.met} of ${L.total} localities and groups met the cut; ${L.notComparable} are not comparable with ${t.baselineYear} and ${L.other} have no data, a zero or a missing baseline`;
    explanation = { code: 'localities_undecided', met: L.met, total: L.total, notComparable: L.notComparable, other: L.other, baselineYear: t.baselineYear };
  } else status = date >= t.by || L.year >= deadlineYear ? 'met' : 'on_track';
  if (L.notMet > 0 && reason === null) {
    reason = `${L.notMet} of ${L.total} localities and groups below a ${t.minPercent} % cut in ${L.year} (${L.alone.not_met} localities alone, ${L.groups.not_met} groups)`;
    explanation = { code: 'localities_below_cut', notMet: L.notMet, total: L.total, minPercent: t.minPercent, year: L.year, notMetAlone: L.alone.not_met, notMetGroups: L.groups.not_met };
  }
  return {
    deadline: t.by,
    year,
    status,
    reason,
    explanation,
    value: {
      display: valueText,
      percent: L.met + L.notMet === 0 ? null : round2((100 * L.met) / (L.met + L.notMet)),
      numerator: L.met,
      denominator: L.met + L.notMet,
      parts: { met: L.met, notMet: L.notMet, notComparable: L.notComparable, other: L.other, total: L.total, localities: L.localities, alone: L.alone, groups: L.groups },
    },
    ...(lean ? {} : { province: provinceBeside(rm, plan.provinceCode, metric, L.year, t) }),
    targetValue,
    gap: L.notMet + undecided,
    lastAssessableYear: L.year,
    series,
    pace: { requiredPerYear: null, observedPerYear: null },
    failing: failing.slice(0, maxFailing),
  };
}

function provinceBeside(rm: ReadModels, province: string, metric: ReturnType<typeof metricById>, year: number, t: Extract<PlanTarget, { kind: 'reductionVsBaseline' }>): NonNullable<TargetProgress['province']> {
  const r = trend(rm, { locality: province, metric, year, baselineYear: t.baselineYear, minPercent: t.minPercent, at: `${year}-12-31` });
  const num = (c: TrendResult['current']) => (c.count.kind === 'count' && c.covered ? c.count.value.numerator / c.count.value.denominator : null);
  return { code: province, name: r.name, year, outcome: r.vsBaseline.outcome, changePercent: r.vsBaseline.changePercent, current: num(r.current), baseline: num(r.baseline) };
}

function cutFailing(r: TrendResult, minPercent: number, baselineYear: number): FailingLocality {
  const num = (c: TrendResult['current']) => (c.count.kind === 'count' ? c.count.value.numerator / c.count.value.denominator : null);
  return {
    code: r.locality,
    name: r.name,
    gap: round2(minPercent + (r.vsBaseline.changePercent ?? 0)),
    detail: r.vsBaseline.message,
    facts: { kind: 'cut', metric: r.metric.id, current: num(r.current), reference: num(r.baseline), referenceYear: baselineYear, changePercent: r.vsBaseline.changePercent },
  };
}

function assessableLaterDistricts(rm: ReadModels, province: string, year: number): boolean {
  return rm.history.unitsUnder(province, 'district', `${year}-12-31`).length > 0;
}

function yoyProgress(rm: ReadModels, plan: PlanState, t: Extract<PlanTarget, { kind: 'yearOnYearReduction' }>, year: number, date: IsoDate, maxFailing: number): Omit<TargetProgress, 'targetId' | 'description' | 'target'> {
  const lastYear = Math.min(year, t.toYear);
  const series: SeriesPoint[] = [];
  const failing: FailingLocality[] = [];
  let fell = 0;
  let total = 0;
  let undecided = 0;
  for (let y = t.fromYear; y <= lastYear; y++) {
    let yFell = 0;
    let yTotal = 0;
    for (const id of t.metrics) {
      const metric = metricById(id);
      const codes = t.scope === 'province' ? [plan.provinceCode] : rm.history.unitsUnder(plan.provinceCode, t.scope, `${y}-12-31`).map((u) => u.code);
      for (const code of codes) {
        const o: Outcome = yearOnYearOutcome(rm, { locality: code, metric, year: y, at: `${y}-12-31` });
        if (o === 'met') yFell++;
        else if (o === 'not_met') {
          if (y === lastYear) {
            const r = trend(rm, { locality: code, metric, year: y, at: `${y}-12-31` });
            const num = (c: typeof r.current) => (c.count.kind === 'count' ? c.count.value.numerator / c.count.value.denominator : null);
            failing.push({
              code,
              name: `${r.name} — ${metric.title.en}`,
              gap: round2(r.yearOnYear.changePercent ?? 0),
              detail: r.yearOnYear.message,
              facts: { kind: 'yoy', metric: metric.id, current: num(r.current), reference: num(r.previous), referenceYear: y - 1, changePercent: r.yearOnYear.changePercent },
            });
          }
        } else undecided++;
        yTotal++;
      }
    }
    series.push({ year: y, assessable: yTotal > 0, percent: yTotal === 0 ? null : round2((100 * yFell) / yTotal), numerator: yFell, denominator: yTotal });
    fell += yFell;
    total += yTotal;
  }
  failing.sort((a, b) => b.gap - a.gap || a.code.localeCompare(b.code));
  if (total === 0) {
    return { deadline: `${t.toYear}-12-31`, year, status: 'not_assessable', reason: `no year from ${t.fromYear} assessed yet`, explanation: { code: 'no_assessable_year', since: t.fromYear }, value: null, targetValue: { percent: 100 }, gap: null, lastAssessableYear: null, series, pace: { requiredPerYear: null, observedPerYear: null }, failing: [] };
  }
  const done = date >= `${t.toYear}-12-31` || lastYear >= t.toYear;
  const notFell = total - fell - undecided;
  const status: TargetStatus = notFell > 0 ? (done ? 'not_met' : 'at_risk') : undecided > 0 ? 'not_assessable' : done ? 'met' : 'on_track';
  return {
    deadline: `${t.toYear}-12-31`,
    year,
    status,
    reason: status === 'not_assessable' ? `${undecided} comparisons have no data, a zero or an incomparable previous year` : notFell > 0 ? `${notFell} of ${total} (metric, year${t.scope === 'province' ? '' : ', locality'}) comparisons did not fall` : null,
    explanation: status === 'not_assessable' ? { code: 'comparisons_undecided', undecided } : notFell > 0 ? { code: 'comparisons_did_not_fall', notFell, total } : null,
    value: { display: `${fell}/${total} fell year on year`, percent: round2((100 * fell) / total), numerator: fell, denominator: total, parts: { fell, total } },
    targetValue: { percent: 100 },
    gap: notFell,
    lastAssessableYear: lastYear,
    series,
    pace: { requiredPerYear: null, observedPerYear: null },
    failing: failing.slice(0, maxFailing),
  };
}

/**
 * Progress of every target of a plan, judged on `date`, with each target as
 * in force on that date (revisions applied).
 *
 * @throws NotFoundError for an unknown plan.
 * @example
 * ```ts
 * for (const t of targetProgress(rm, { planId: 'th-antt-2022-2025', year: 2024 })) console.log(t.targetId, t.status, t.value?.display);
 * ```
 */
export function targetProgress(rm: ReadModels, query: ProgressQuery): TargetProgress[] {
  const year = query.year ?? Number((query.date ?? new Date().toISOString()).slice(0, 4));
  const date = query.date ?? `${year}-12-31`;
  return rm.memo(`progress|${JSON.stringify([query.planId, year, date, query.maxFailing ?? 50])}`, () => progressOf(rm, { ...query, year, date }));
}

/**
 * The value of each target of a plan (what `targetProgress` gives as
 * `value`), without the series, the pace, the status or the failing
 * localities: only the last assessable year is assessed, and no locality's
 * attainment is computed. What a report as filed compares with today.
 *
 * @throws NotFoundError for an unknown plan.
 * @example
 * ```ts
 * targetValues(rm, { planId: 'th-antt-2022-2025', year: 2024 }).map((t) => `${t.targetId}: ${t.value?.percent}`);
 * ```
 */
export function targetValues(rm: ReadModels, query: Omit<ProgressQuery, 'maxFailing'>): Array<{ readonly targetId: string; readonly description: TargetProgress['description']; readonly value: TargetProgress['value'] }> {
  const year = query.year ?? Number((query.date ?? new Date().toISOString()).slice(0, 4));
  const date = query.date ?? `${year}-12-31`;
  return rm.memo(`values|${JSON.stringify([query.planId, year, date])}`, () => progressOf(rm, { ...query, year, date, maxFailing: 0 }, true).map((t) => ({ targetId: t.targetId, description: t.description, value: t.value })));
}

/** Progress of every target; `lean` computes each target's value alone (what `targetValues` returns), the other fields then being partial. */
function progressOf(rm: ReadModels, query: ProgressQuery, lean = false): TargetProgress[] {
  const plan = getOwn(rm.plans.plans, query.planId);
  if (plan === undefined) throw new NotFoundError('plan', query.planId, `plan ${query.planId}: not adopted in this store`);
  const year = query.year ?? Number((query.date ?? new Date().toISOString()).slice(0, 4));
  const date = query.date ?? `${year}-12-31`;
  const maxFailing = query.maxFailing ?? 50;
  provinceOf(rm, plan.adoptedOn, plan.provinceCode);
  return plan.targets.map((ts: PlanTargetState) => {
    const target = targetInForce(ts, date);
    const rest =
      target.kind === 'shareRecognised'
        ? shareProgress(rm, plan, target, year, date, maxFailing, lean)
        : target.kind === 'reductionVsBaseline'
          ? reductionProgress(rm, plan, target, year, date, maxFailing, lean)
          : yoyProgress(rm, plan, target, year, date, maxFailing);
    return { targetId: ts.targetId, description: ts.description, target, ...rest };
  });
}
