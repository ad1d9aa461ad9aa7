/**
 * Trends: the change of a metric against a baseline year (rebased through
 * lineage onto the locality's territory) and against the previous year,
 * with the outcome of a minimum-cut rule decided in integer arithmetic.
 *
 * @module
 */
import { BUILT_IN_METRICS, type MetricDefinition } from '../domain/incident/index.js';
import type { Outcome } from '../domain/criteria/index.js';
import { groupIdOf, type ComparisonGroup, type ComparisonPartition, type HierarchyVersion, type LocalityHistory, type ReorganisationStep } from '../domain/locality/index.js';
import { periodOf } from '../domain/shared/period.js';
import { toBasisPoints, type IsoDate } from '../domain/shared/values.js';
import { NotFoundError } from '../kernel/index.js';
import type { Contribution, Fraction, UnitCount } from './incident-counts.js';
import type { ReadModels } from './read-models.js';

/** A trend query. */
export interface TrendQuery {
  /**
   * The locality (any level) as it stands on `at`, or a comparison group of
   * localities: their codes joined by `+` (a group's `id`, e.g. `15271+15283`).
   */
  readonly locality: string;
  /** A metric id or definition (default `social-order-crime`). */
  readonly metric?: string | MetricDefinition;
  /** The year compared (calendar year). */
  readonly year: number;
  /** The baseline year (default 2019). */
  readonly baselineYear?: number;
  /** The minimum cut against the baseline, in percent (default 5). */
  readonly minPercent?: number;
  /** The hierarchy date (default: 31 December of `year`). */
  readonly at?: IsoDate;
}

/** One side of a comparison. */
export interface TrendCount {
  readonly year: number;
  readonly count: UnitCount;
  /** True when the store holds incident data for that year. */
  readonly covered: boolean;
}

/** A comparison's outcome and the numbers behind it. */
export interface Comparison {
  readonly outcome: Outcome;
  /** Change in percent (negative: a fall); display only, `null` when not computable. */
  readonly changePercent: number | null;
  /** The rule, for the record (e.g. `100·(base − current) ≥ 5·base`). */
  readonly rule: string;
  readonly message: string;
}

/** One locality counted in a trend. */
export interface TrendMember {
  readonly code: string;
  readonly name: string;
  readonly kind: string;
}

/** The verdict of the comparison group a locality is assessed in (against the baseline). */
export interface GroupVerdict extends ComparisonGroup {
  /** The group's comparison with the baseline, on the members' summed counts (`not_comparable` for a group that is the whole province). */
  readonly vsBaseline: Comparison;
  readonly current: TrendCount;
  readonly baseline: TrendCount;
}

/** A trend with its explanation. */
export interface TrendResult {
  /** The locality's code, or the group's id. */
  readonly locality: string;
  /** The locality's name, or the members' names joined by ` + `. */
  readonly name: string;
  /** The locality's kind, or `group`. */
  readonly kind: string;
  /** The localities counted: the locality itself, or the group's members. */
  readonly members: readonly TrendMember[];
  readonly metric: MetricDefinition;
  readonly at: IsoDate;
  /** The hierarchy version the counts are given on. */
  readonly hierarchy: HierarchyVersion;
  readonly current: TrendCount;
  readonly baseline: TrendCount;
  readonly previous: TrendCount;
  /** Cut against the baseline year: met when `100·(base − current) ≥ minPercent·base`. */
  readonly vsBaseline: Comparison;
  /** Year on year: met when the current count is below the previous year's. */
  readonly yearOnYear: Comparison;
  /** The earlier units (and shares) the baseline was rebased from. */
  readonly predecessors: readonly Contribution[];
  /**
   * The register changes the baseline rests on (merges, identified receivers,
   * divisions), in date order, each with its evidence (`evidence`, and for an
   * identified receiver `receiver.evidence`).
   */
  readonly lineage: readonly ReorganisationStep[];
  /**
   * The comparison group this locality is assessed in against the baseline,
   * when its footprint is not exact (`null` when it is compared alone). For a
   * group query, the group itself.
   */
  readonly group: GroupVerdict | null;
}

/**
 * Resolves a metric id against the built-in metrics.
 *
 * @example
 * ```ts
 * metricById('social-order-crime').labels; // ['crime.social-order']
 * ```
 */
export function metricById(metric: string | MetricDefinition | undefined): MetricDefinition {
  if (metric !== undefined && typeof metric !== 'string') return metric;
  const id = metric ?? 'social-order-crime';
  const m = BUILT_IN_METRICS.find((x) => x.id === id);
  if (m === undefined) throw new NotFoundError('metric', id, `metric ${id}: not a built-in metric (${BUILT_IN_METRICS.map((x) => x.id).join(', ')})`);
  return m;
}

const big = (f: Fraction): [bigint, bigint] => [BigInt(f.numerator), BigInt(f.denominator)];

/**
 * Decides `100·(base − current) ≥ minPercent·base` exactly (base and current
 * may be fractions when a split allocation applies): with base = p/q,
 * current = r/s and the percentage in basis points bp,
 * `10000·(p·s − r·q) ≥ bp·p·s`.
 *
 * @example
 * ```ts
 * cutAtLeast({ numerator: 20, denominator: 1 }, { numerator: 19, denominator: 1 }, 5); // true (exactly 5 %)
 * cutAtLeast({ numerator: 21, denominator: 1 }, { numerator: 20, denominator: 1 }, 5); // false (4.76 %)
 * ```
 */
export function cutAtLeast(base: Fraction, current: Fraction, minPercent: number): boolean {
  const [p, q] = big(base);
  const [r, s] = big(current);
  const bp = BigInt(toBasisPoints(minPercent));
  return 10000n * (p * s - r * q) >= bp * p * s;
}

/** `a < b`, exactly. */
function lessThan(a: Fraction, b: Fraction): boolean {
  const [p, q] = big(a);
  const [r, s] = big(b);
  return p * s < r * q;
}

function percentChange(base: Fraction, current: Fraction): number | null {
  const b = base.numerator / base.denominator;
  if (b === 0) return null;
  return Math.round(((current.numerator / current.denominator - b) / b) * 10000) / 100;
}

function valueOf(c: UnitCount): Fraction | undefined {
  return c.kind === 'count' ? c.value : undefined;
}

/** Compares `current` with a reference count. */
function compareCounts(current: TrendCount, reference: TrendCount, test: (ref: Fraction, cur: Fraction) => boolean, rule: string, what: string, footprintExists: boolean): Comparison {
  const base = valueOf(reference.count);
  const cur = valueOf(current.count);
  const notComparable = (c: UnitCount) => (c.kind === 'not_comparable' ? c.reasons.map((r) => `${r.source} (${r.reason.replace(/_/g, ' ')}, may lie in ${r.among.join(', ')})`).join('; ') : '');
  if (reference.count.kind === 'not_comparable' || current.count.kind === 'not_comparable') {
    return { outcome: 'not_comparable', changePercent: null, rule, message: `not comparable: ${[notComparable(reference.count), notComparable(current.count)].filter((x) => x !== '').join('; ')}` };
  }
  if (!reference.covered || !footprintExists) return { outcome: 'baseline_missing', changePercent: null, rule, message: `no ${what} data for ${reference.year}` };
  if (!current.covered) return { outcome: 'no_data', changePercent: null, rule, message: `no data for ${current.year}` };
  if (base!.numerator === 0) return { outcome: 'baseline_zero', changePercent: null, rule, message: `${what} ${reference.year} is zero: a percentage change is not defined` };
  const met = test(base!, cur!);
  const pct = percentChange(base!, cur!);
  return { outcome: met ? 'met' : 'not_met', changePercent: pct, rule, message: `${fmt(cur!)} in ${current.year} against ${fmt(base!)} in ${reference.year} (${pct === null ? '–' : `${pct > 0 ? '+' : ''}${pct} %`})` };
}

function fmt(f: Fraction): string {
  return f.denominator === 1 ? String(f.numerator) : `${f.numerator}/${f.denominator} (≈${(f.numerator / f.denominator).toFixed(2)})`;
}

/** The top ancestor (the province) of a unit on `at`, or the unit itself. */
function topAncestor(history: LocalityHistory, code: string, at: IsoDate): string {
  const chain = history.ancestorsAt(code, at);
  return chain.length === 0 ? code : chain[chain.length - 1]!;
}

/** The register changes that the incidents recorded in `source` during `from`…`to` went through to reach `at`. */
function stepsBehind(history: LocalityHistory, source: string, from: IsoDate, to: IsoDate, at: IsoDate): ReorganisationStep[] {
  const out: ReorganisationStep[] = [];
  for (const day of history.territoryDays(source, from, to)) if (day >= from && day <= at) for (const st of history.territoryOf(source, day, at)?.steps ?? []) out.push(st);
  return out;
}

interface Resolved {
  readonly codes: readonly string[];
  readonly members: readonly TrendMember[];
  readonly locality: string;
  readonly name: string;
  readonly kind: string;
}

function resolve(rm: ReadModels, locality: string, at: IsoDate): Resolved {
  const codes = locality.split('+');
  const members = codes.map((code) => {
    const u = rm.history.at(code, at);
    if (u === undefined) throw new NotFoundError('locality', code, `locality ${code}: does not exist on ${at}`);
    return { code, name: u.name, kind: u.kind };
  });
  if (members.length === 1) return { codes, members, locality, name: members[0]!.name, kind: members[0]!.kind };
  const id = groupIdOf(codes);
  const sorted = id.split('+').map((c) => members.find((m) => m.code === c)!);
  return { codes: id.split('+'), members: sorted, locality: id, name: sorted.map((m) => m.name).join(' + '), kind: 'group' };
}

interface Compared {
  readonly current: TrendCount;
  readonly baseline: TrendCount;
  readonly previous: TrendCount;
  readonly vsBaseline: Comparison;
  readonly yearOnYear: Comparison;
}

/** One side of a comparison: the count of `codes` (together) in calendar year `y` on the hierarchy of `at`. */
function sideOf(rm: ReadModels, codes: readonly string[], metric: MetricDefinition, y: number, at: IsoDate): TrendCount {
  const c = rm.counts({ metric, period: periodOf('calendar-year', y), at });
  return { year: y, count: c.getMany(codes)!, covered: c.covered };
}

/**
 * Whether some unit of 31 December of `y` (or of `at`, when earlier) lies in
 * `codes` as they stand on `at`. Asked on the earliest day with the same
 * hierarchy as `at` (no step between them), so that the years sharing a
 * register share the answer.
 */
function existedIn(rm: ReadModels, codes: readonly string[], y: number, at: IsoDate): boolean {
  const date = `${y}-12-31` < at ? `${y}-12-31` : at;
  return (rm.history.footprintOf(codes, date, rm.history.sameHierarchyFrom(date, at))?.pieces.length ?? 0) > 0;
}

/** The comparison of `current` with the baseline year, by the cut rule. */
function againstBaseline(rm: ReadModels, codes: readonly string[], metric: MetricDefinition, current: TrendCount, baselineYear: number, minPercent: number, at: IsoDate): { baseline: TrendCount; vsBaseline: Comparison } {
  const baseline = sideOf(rm, codes, metric, baselineYear, at);
  const vsBaseline = compareCounts(current, baseline, (b, c) => cutAtLeast(b, c, minPercent), `100·(base − current) ≥ ${minPercent}·base`, metric.title.en, existedIn(rm, codes, baselineYear, at));
  return { baseline, vsBaseline };
}

/** The comparison of `current` with the year before, by the year-on-year rule. */
function againstPrevious(rm: ReadModels, codes: readonly string[], metric: MetricDefinition, current: TrendCount, at: IsoDate): { previous: TrendCount; yearOnYear: Comparison } {
  const previous = sideOf(rm, codes, metric, current.year - 1, at);
  const yearOnYear = compareCounts(current, previous, (b, c) => lessThan(c, b), 'current < previous', metric.title.en, existedIn(rm, codes, current.year - 1, at));
  return { previous, yearOnYear };
}

function compareUnits(rm: ReadModels, codes: readonly string[], metric: MetricDefinition, year: number, baselineYear: number, minPercent: number, at: IsoDate): Compared {
  const current = sideOf(rm, codes, metric, year, at);
  const { baseline, vsBaseline } = againstBaseline(rm, codes, metric, current, baselineYear, minPercent, at);
  const { previous, yearOnYear } = againstPrevious(rm, codes, metric, current, at);
  return { current, baseline, previous, vsBaseline, yearOnYear };
}

function groupVerdict(rm: ReadModels, g: ComparisonGroup, metric: MetricDefinition, year: number, baselineYear: number, minPercent: number, at: IsoDate): GroupVerdict {
  const codes = g.members.map((m) => m.code);
  const c = compareUnits(rm, codes, metric, year, baselineYear, minPercent, at);
  const rule = c.vsBaseline.rule;
  const vsBaseline: Comparison = g.whole
    ? { outcome: 'not_comparable', changePercent: null, rule, message: `not comparable: the smallest group with an exact footprint is every locality of the province (${codes.length}); record the missing facts to split it` }
    : g.escapes
      ? { outcome: 'not_comparable', changePercent: null, rule, message: 'not comparable: part of the territory in doubt may lie outside the province' }
      : c.vsBaseline;
  return { ...g, vsBaseline, current: c.current, baseline: c.baseline };
}

/** The partition of a unit's level in its province for the comparison of `year` with `baselineYear`. */
function partitionFor(rm: ReadModels, code: string, level: 'commune' | 'district', year: number, baselineYear: number, at: IsoDate): ComparisonPartition {
  return rm.comparisonGroups({ level, within: topAncestor(rm.history, code, at), at, periods: [periodOf('calendar-year', baselineYear), periodOf('calendar-year', year)] });
}

/**
 * The trend of a metric for one locality, or for a comparison group of
 * localities (`locality: 'a+b'`): year `year` against the baseline year
 * (rebased through lineage) and against the previous year. A locality whose
 * footprint is not exact gets `group`: the comparison group it is assessed
 * in, with that group's verdict and the facts that would split it.
 *
 * @throws NotFoundError when the locality (or a member) does not exist on `at`.
 * @example
 * ```ts
 * const t = trend(readModels, { locality: '38', year: 2024 });
 * t.vsBaseline.outcome; // 'met' when social-order crime fell at least 5 % against 2019
 * const g = trend(readModels, { locality: '15271', year: 2025 }).group; // the group Xã Hà Trung is assessed in
 * trend(readModels, { locality: g!.id, year: 2025 }).vsBaseline.outcome; // the same verdict, asked for the group
 * ```
 */
export function trend(rm: ReadModels, query: TrendQuery): TrendResult {
  const at = query.at ?? `${query.year}-12-31`;
  const r = resolve(rm, query.locality, at);
  const level = levelOfAll(rm, r.codes, at);
  const within = level === undefined ? undefined : topAncestor(rm.history, r.codes[0]!, at);
  const partition = level === undefined ? undefined : partitionFor(rm, r.codes[0]!, level, query.year, query.baselineYear ?? 2019, at);
  return trendIn(rm, query, partition, within);
}

/**
 * The outcome of {@link trend}'s `yearOnYear` alone, equal to it: the year's
 * and the previous year's counts, without the baseline, lineage or
 * explanation. What a year-on-year target's series needs.
 *
 * @throws NotFoundError when the locality (or a member) does not exist on `at`.
 * @example
 * ```ts
 * yearOnYearOutcome(rm, { locality: '38', metric: 'traffic-accidents', year: 2023 }); // 'met' when they fell from 2022
 * ```
 */
export function yearOnYearOutcome(rm: ReadModels, query: Pick<TrendQuery, 'locality' | 'metric' | 'year' | 'at'>): Outcome {
  return rm.memo(`yoyOutcome|${trendKey(query, undefined)}`, () => {
    const metric = metricById(query.metric);
    const at = query.at ?? `${query.year}-12-31`;
    const r = resolve(rm, query.locality, at);
    return againstPrevious(rm, r.codes, metric, sideOf(rm, r.codes, metric, query.year, at), at).yearOnYear.outcome;
  });
}

/**
 * The year's count and its comparison with the baseline, equal to
 * {@link trend}'s `current` and `vsBaseline` for one locality: without the
 * previous year, lineage or comparison group. What a headline figure needs.
 *
 * @throws NotFoundError when the locality does not exist on `at`.
 * @example
 * ```ts
 * baselineComparison(rm, { locality: '38', year: 2024 }).vsBaseline.changePercent; // e.g. -12.5
 * ```
 */
export function baselineComparison(rm: ReadModels, query: Omit<TrendQuery, 'locality'> & { readonly locality: string }): { readonly current: TrendCount; readonly vsBaseline: Comparison } {
  return rm.memo(`baselineComparison|${trendKey(query, undefined)}`, () => {
    const metric = metricById(query.metric);
    const at = query.at ?? `${query.year}-12-31`;
    const r = resolve(rm, query.locality, at);
    if (r.codes.length > 1) throw new RangeError(`baselineComparison: one locality, not the group ${query.locality} (ask trend for a group's verdict)`);
    const current = sideOf(rm, r.codes, metric, query.year, at);
    return { current, vsBaseline: againstBaseline(rm, r.codes, metric, current, query.baselineYear ?? 2019, query.minPercent ?? 5, at).vsBaseline };
  });
}

/** What identifies a trend question (the memo key of its answer). */
function trendKey(query: TrendQuery, within: string | undefined): string {
  const metric = metricById(query.metric);
  return JSON.stringify([query.locality, BUILT_IN_METRICS.includes(metric) ? metric.id : metric, query.year, query.baselineYear ?? 2019, query.minPercent ?? 5, query.at ?? `${query.year}-12-31`, within ?? null]);
}

/** `commune` or `district` when every code is at that level on `at`. */
function levelOfAll(rm: ReadModels, codes: readonly string[], at: IsoDate): 'commune' | 'district' | undefined {
  const levels = new Set(codes.map((c) => rm.history.at(c, at)?.level));
  const [only] = levels;
  return levels.size === 1 && (only === 'commune' || only === 'district') ? only : undefined;
}

/** A trend, its group taken from `partition` (the partition of the units of its level `within` a unit), computed once per read models. */
function trendIn(rm: ReadModels, query: TrendQuery, partition: ComparisonPartition | undefined, within: string | undefined): TrendResult {
  return rm.memo(`trend|${trendKey(query, partition === undefined ? undefined : within)}`, () => computeTrend(rm, query, partition, within));
}

function computeTrend(rm: ReadModels, query: TrendQuery, partition: ComparisonPartition | undefined, within: string | undefined): TrendResult {
  const metric = metricById(query.metric);
  const baselineYear = query.baselineYear ?? 2019;
  const minPercent = query.minPercent ?? 5;
  const at = query.at ?? `${query.year}-12-31`;
  const r = resolve(rm, query.locality, at);
  const c = compareUnits(rm, r.codes, metric, query.year, baselineYear, minPercent, at);
  const g = partition === undefined ? undefined : r.codes.length === 1 ? partition.groupOf(r.codes[0]!) : partition.groups.find((x) => x.id === r.locality);
  let group: GroupVerdict | null = null;
  if (g !== undefined) {
    group = rm.memo(`group|${trendKey({ ...query, locality: g.id, metric }, within)}`, () => groupVerdict(rm, g, metric, query.year, baselineYear, minPercent, at));
  }
  const yearRange = { from: `${baselineYear}-01-01`, to: `${baselineYear}-12-31` };
  const behind = new Set<ReorganisationStep>();
  for (const p of c.baseline.count.contributions) for (const st of stepsBehind(rm.history, p.source, yearRange.from, yearRange.to, at)) behind.add(st);
  const lineage = [...behind].sort((a, b) => a.date.localeCompare(b.date) || a.seq - b.seq);
  return {
    locality: r.locality,
    name: r.name,
    kind: r.kind,
    members: r.members,
    metric,
    at,
    hierarchy: rm.history.versionAt(at),
    current: c.current,
    baseline: c.baseline,
    previous: c.previous,
    // a group asked for as such answers with its verdict (not_comparable when it is the whole province or escapes it)
    vsBaseline: r.codes.length > 1 && group !== null ? group.vsBaseline : c.vsBaseline,
    yearOnYear: c.yearOnYear,
    predecessors: c.baseline.count.contributions,
    lineage,
    group,
  };
}

/** How many units of assessment had each outcome. */
export type OutcomeTally = { readonly total: number } & { readonly [K in Outcome]: number };

/** A locality's verdict: its own, or its group's. */
export interface LocalityVerdict {
  readonly code: string;
  readonly name: string;
  readonly outcome: Outcome;
  /** `null` when assessed alone, else the id of its group. */
  readonly group: string | null;
}

/** A summary of trends over many localities. */
export interface TrendSummary {
  readonly year: number;
  readonly baselineYear: number;
  readonly level: 'commune' | 'district';
  /** Localities of the level under the unit. */
  readonly localities: number;
  /** Localities compared alone, by outcome against the baseline. */
  readonly alone: OutcomeTally;
  /** Comparison groups by outcome (`total` groups), with the localities they hold and their sizes. */
  readonly groups: OutcomeTally & { readonly localities: number; readonly minSize: number | null; readonly maxSize: number | null };
  /** Every locality by its verdict, alone or as a member of its group. */
  readonly byLocality: OutcomeTally;
  /** Each locality's verdict (in code order). */
  readonly verdicts: readonly LocalityVerdict[];
  /** One trend per locality (in code order); a grouped locality's has `group`. */
  readonly results: readonly TrendResult[];
  /** One trend per comparison group. */
  readonly groupResults: readonly TrendResult[];
  /** The partition behind it. */
  readonly partition: ComparisonPartition;
}

function tally(outcomes: readonly Outcome[]): OutcomeTally {
  const t = { total: outcomes.length, met: 0, not_met: 0, no_data: 0, baseline_missing: 0, baseline_zero: 0, not_comparable: 0 };
  for (const o of outcomes) t[o]++;
  return t;
}

/**
 * Trends of every commune (or district) under a unit: each compared alone
 * when its footprint is exact, the others in their comparison groups, with
 * the outcomes counted for localities alone and for groups separately.
 *
 * @example
 * ```ts
 * const s = trendsUnder(rm, { locality: '38', level: 'commune', year: 2024 });
 * `${s.alone.met} met alone; ${s.groups.total} groups of ${s.groups.minSize}–${s.groups.maxSize} communes: ${s.groups.met} met`;
 * ```
 */
export function trendsUnder(rm: ReadModels, query: Omit<TrendQuery, 'locality'> & { readonly locality: string; readonly level: 'commune' | 'district' }): TrendSummary {
  return rm.memo(`trendsUnder|${query.level}|${trendKey(query, undefined)}`, () => summariseUnder(rm, query));
}

/** The outcomes of every commune (or district) under a unit against the baseline, tallied as {@link trendsUnder} tallies them. */
export interface BaselineTally {
  readonly year: number;
  readonly baselineYear: number;
  readonly level: 'commune' | 'district';
  /** Localities of the level under the unit. */
  readonly localities: number;
  /** Localities compared alone, by outcome against the baseline. */
  readonly alone: OutcomeTally;
  /** Comparison groups by outcome, with the localities they hold and their sizes. */
  readonly groups: TrendSummary['groups'];
}

/**
 * The tallies of {@link trendsUnder} alone (`alone`, `groups`,
 * `localities`), equal to them, at a fraction of the cost: only the year's
 * and the baseline's counts, no previous year, lineage or explanation. What a
 * target's series needs for the years before the one it explains.
 *
 * @example
 * ```ts
 * const t = baselineTallyUnder(rm, { locality: '38', level: 'commune', year: 2023 });
 * t.alone.met === trendsUnder(rm, { locality: '38', level: 'commune', year: 2023 }).alone.met; // true
 * ```
 */
export function baselineTallyUnder(rm: ReadModels, query: Omit<TrendQuery, 'locality'> & { readonly locality: string; readonly level: 'commune' | 'district' }): BaselineTally {
  return rm.memo(`baselineTally|${query.level}|${trendKey(query, undefined)}`, () => {
    const metric = metricById(query.metric);
    const at = query.at ?? `${query.year}-12-31`;
    const baselineYear = query.baselineYear ?? 2019;
    const minPercent = query.minPercent ?? 5;
    const partition = rm.comparisonGroups({ level: query.level, within: query.locality, at, periods: [periodOf('calendar-year', baselineYear), periodOf('calendar-year', query.year)] });
    const outcomeOf = (codes: readonly string[]): Outcome => againstBaseline(rm, codes, metric, sideOf(rm, codes, metric, query.year, at), baselineYear, minPercent, at).vsBaseline.outcome;
    const alone = partition.localities.filter((code) => partition.groupOf(code) === undefined).map((code) => outcomeOf([code]));
    // as groupVerdict decides: a group that is the whole province, or escapes it, is not comparable
    const groups = partition.groups.map((g) => (g.whole || g.escapes ? 'not_comparable' : outcomeOf(groupIdOf(g.members.map((m) => m.code)).split('+'))));
    const sizes = partition.groups.map((g) => g.members.length);
    return {
      year: query.year,
      baselineYear,
      level: query.level,
      localities: partition.localities.length,
      alone: tally(alone),
      groups: { ...tally(groups), localities: sizes.reduce((a, b) => a + b, 0), minSize: sizes.length === 0 ? null : Math.min(...sizes), maxSize: sizes.length === 0 ? null : Math.max(...sizes) },
    };
  });
}

function summariseUnder(rm: ReadModels, query: Omit<TrendQuery, 'locality'> & { readonly locality: string; readonly level: 'commune' | 'district' }): TrendSummary {
  const at = query.at ?? `${query.year}-12-31`;
  const baselineYear = query.baselineYear ?? 2019;
  const partition = rm.comparisonGroups({ level: query.level, within: query.locality, at, periods: [periodOf('calendar-year', baselineYear), periodOf('calendar-year', query.year)] });
  const results = partition.localities.map((code) => trendIn(rm, { ...query, locality: code, at }, partition, query.locality));
  const groupResults = partition.groups.map((g) => trendIn(rm, { ...query, locality: g.id, at }, partition, query.locality));
  const verdicts: LocalityVerdict[] = results.map((r) => ({ code: r.locality, name: r.name, outcome: r.group === null ? r.vsBaseline.outcome : r.group.vsBaseline.outcome, group: r.group?.id ?? null }));
  const sizes = partition.groups.map((g) => g.members.length);
  return {
    year: query.year,
    baselineYear,
    level: query.level,
    localities: results.length,
    alone: tally(verdicts.filter((v) => v.group === null).map((v) => v.outcome)),
    groups: { ...tally(groupResults.map((r) => r.vsBaseline.outcome)), localities: sizes.reduce((a, b) => a + b, 0), minSize: sizes.length === 0 ? null : Math.min(...sizes), maxSize: sizes.length === 0 ? null : Math.max(...sizes) },
    byLocality: tally(verdicts.map((v) => v.outcome)),
    verdicts,
    results,
    groupResults,
    partition,
  };
}
