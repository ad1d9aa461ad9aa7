/**
 * Trends: the change of a metric against a baseline year (rebased through
 * lineage onto the locality's territory) and against the previous year,
 * with the outcome of a minimum-cut rule decided in integer arithmetic.
 *
 * @module
 */
import { BUILT_IN_METRICS, type MetricDefinition } from '../domain/incident/index.js';
import type { Outcome } from '../domain/criteria/index.js';
import type { HierarchyVersion } from '../domain/locality/index.js';
import { periodOf } from '../domain/shared/period.js';
import { toBasisPoints, type IsoDate } from '../domain/shared/values.js';
import { NotFoundError } from '../kernel/index.js';
import type { Contribution, Fraction, UnitCount } from './incident-counts.js';
import type { ReadModels } from './read-models.js';

/** A trend query. */
export interface TrendQuery {
  /** The locality (any level) as it stands on `at`. */
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

/** A trend with its explanation. */
export interface TrendResult {
  readonly locality: string;
  readonly name: string;
  readonly kind: string;
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

/**
 * The trend of a metric for one locality: year `year` against the baseline
 * year (rebased through lineage) and against the previous year.
 *
 * @throws NotFoundError when the locality does not exist on `at`.
 * @example
 * ```ts
 * const t = trend(readModels, { locality: '38', year: 2024 });
 * t.vsBaseline.outcome; // 'met' when social-order crime fell at least 5 % against 2019
 * ```
 */
export function trend(rm: ReadModels, query: TrendQuery): TrendResult {
  const metric = metricById(query.metric);
  const baselineYear = query.baselineYear ?? 2019;
  const minPercent = query.minPercent ?? 5;
  const at = query.at ?? `${query.year}-12-31`;
  const unit = rm.history.at(query.locality, at);
  if (unit === undefined) throw new NotFoundError('locality', query.locality, `locality ${query.locality}: does not exist on ${at}`);
  const side = (year: number): TrendCount => {
    const c = rm.counts({ metric, period: periodOf('calendar-year', year), at });
    return { year, count: c.get(query.locality)!, covered: c.covered };
  };
  const current = side(query.year);
  const baseline = side(baselineYear);
  const previous = side(query.year - 1);
  const existed = (year: number) => (rm.history.footprint(query.locality, `${year}-12-31` < at ? `${year}-12-31` : at, at)?.pieces.length ?? 0) > 0;
  const vsBaseline = compareCounts(current, baseline, (b, c) => cutAtLeast(b, c, minPercent), `100·(base − current) ≥ ${minPercent}·base`, metric.title.en, existed(baselineYear));
  const yearOnYear = compareCounts(current, previous, (b, c) => lessThan(c, b), 'current < previous', metric.title.en, existed(query.year - 1));
  return {
    locality: query.locality,
    name: unit.name,
    kind: unit.kind,
    metric,
    at,
    hierarchy: rm.history.versionAt(at),
    current,
    baseline,
    previous,
    vsBaseline,
    yearOnYear,
    predecessors: baseline.count.contributions,
  };
}

/** A summary of trends over many localities. */
export interface TrendSummary {
  readonly year: number;
  readonly baselineYear: number;
  readonly level: 'commune' | 'district';
  readonly localities: number;
  readonly met: number;
  readonly notMet: number;
  readonly notComparable: number;
  readonly other: number;
  readonly results: readonly TrendResult[];
}

/**
 * Trends of every commune (or district) under a unit, with counts by outcome.
 *
 * @example
 * ```ts
 * const s = trendsUnder(rm, { locality: '38', level: 'commune', year: 2024 });
 * `${s.met}/${s.localities} communes cut social-order crime by ≥ 5 % against 2019`;
 * ```
 */
export function trendsUnder(rm: ReadModels, query: Omit<TrendQuery, 'locality'> & { readonly locality: string; readonly level: 'commune' | 'district' }): TrendSummary {
  const at = query.at ?? `${query.year}-12-31`;
  const h = rm.history.hierarchyAt(at);
  const codes = [...h.units.values()].filter((u) => u.level === query.level && rm.history.ancestorsAt(u.code, at).includes(query.locality)).map((u) => u.code);
  const results = codes.map((code) => trend(rm, { ...query, locality: code, at }));
  const n = (o: Outcome) => results.filter((r) => r.vsBaseline.outcome === o).length;
  return {
    year: query.year,
    baselineYear: query.baselineYear ?? 2019,
    level: query.level,
    localities: results.length,
    met: n('met'),
    notMet: n('not_met'),
    notComparable: n('not_comparable'),
    other: results.length - n('met') - n('not_met') - n('not_comparable'),
    results,
  };
}
