/**
 * Incident counts per (locality, period, metric), attributed to the units of
 * the hierarchy as it stood on a chosen date (`at`), through lineage:
 *
 * - an incident recorded in a commune that later merged counts, whole, for
 *   the unit that absorbed it;
 * - one recorded in a unit that was split with an allocation counts by its
 *   share (exact fractions);
 * - one recorded in a unit split without allocation, or dissolved without a
 *   known receiver, makes every unit that may hold it `not_comparable`,
 *   unless the unit holds all of them (then it is exact again), or the
 *   incident names a residential area whose commune on `at` is known.
 *
 * Pure: reads the incident cube and the register history, nothing else.
 *
 * @module
 */
import type { MetricDefinition } from '../domain/incident/index.js';
import { metricCounts } from '../domain/incident/index.js';
import type { LocalityHistory } from '../domain/locality/index.js';
import { ZERO, add, compare, mul, rational, toFraction, toNumber, type Rational } from '../domain/shared/rational.js';
import type { IsoDate } from '../domain/shared/values.js';
import { forEachCell, halfMonthBounds, parseCellKey, type IncidentCubeState } from './incident-cube.js';

/** An exact count (a fraction when a split allocation applies). */
export interface Fraction {
  readonly numerator: number;
  readonly denominator: number;
}

/** Why a count cannot be compared. */
export interface NotComparableReason {
  /** The unit the incidents were recorded in. */
  readonly source: string;
  /** The day its territory is taken from. */
  readonly date: IsoDate;
  readonly reason: 'split_without_allocation' | 'receiver_unknown' | 'territory_changed_after_at' | 'changed_within_half_month' | 'unknown_unit';
  /** The units on `at` that may hold it. */
  readonly among: readonly string[];
  /** How many of the metric's cases/deaths/injuries are in question. */
  readonly amount: Fraction;
}

/** Where part of a count comes from. */
export interface Contribution {
  /** The unit the incidents were recorded in (an earlier unit, for rebased counts). */
  readonly source: string;
  readonly sourceName: string;
  /** The part of `source`'s incidents (of this metric and period) counted here (1 = all). */
  readonly share: Fraction;
  /** What it adds. */
  readonly amount: Fraction;
}

/** A unit's count for a metric and period. */
export type UnitCount =
  | { readonly kind: 'count'; readonly value: Fraction; readonly approx: number; readonly contributions: readonly Contribution[] }
  | { readonly kind: 'not_comparable'; readonly reasons: readonly NotComparableReason[]; readonly known: Fraction; readonly contributions: readonly Contribution[] };

/** A count query. */
export interface CountQuery {
  readonly metric: MetricDefinition;
  /** First and last day (inclusive); both on half-month boundaries (1st/15th … 14th/last day). */
  readonly period: { readonly from: IsoDate; readonly to: IsoDate };
  /** The day whose hierarchy the counts are given for. */
  readonly at: IsoDate;
}

/** Counts of every unit on `at`, for one metric and period. */
export interface CountsAt {
  readonly query: CountQuery;
  /** True when the store holds incident data for some year the period touches. */
  readonly covered: boolean;
  /** The unit's count, or `undefined` when it does not exist on `at`. */
  get(code: string): UnitCount | undefined;
  /**
   * The count of several units on `at` taken together (a comparison group):
   * an uncertain share that lies wholly inside them counts. `undefined` when
   * one of them does not exist on `at`.
   */
  getMany(codes: readonly string[]): UnitCount | undefined;
}

interface Group {
  readonly among: ReadonlySet<string>;
  readonly amount: Rational;
  readonly reason: NotComparableReason['reason'];
  readonly source: string;
  readonly date: IsoDate;
}

const F = (r: Rational): Fraction => toFraction(r);

/**
 * Counts of one metric over one period for every unit of the hierarchy on `at`.
 *
 * @example
 * ```ts
 * const counts = countsAt(cube, history, { metric: socialOrderCrime, period: periodOf('calendar-year', 2019), at: '2024-12-31' });
 * counts.get('15913'); // { kind: 'count', value: { numerator: 4, denominator: 1 }, … } — the 2019 count on the 2024 territory
 * ```
 */
export function countsAt(cube: IncidentCubeState, history: LocalityHistory, query: CountQuery): CountsAt {
  const { metric, period, at } = query;
  const measure = metric.measure === 'cases' ? 0 : metric.measure === 'deaths' ? 1 : 2;
  const basis = metric.dateBasis ?? 'occurred';

  // 1. Totals per (recording unit, half-month, residential area).
  const totals = new Map<string, number>();
  const years = new Set<string>();
  for (let y = Number(period.from.slice(0, 4)); y <= Number(period.to.slice(0, 4)); y++) years.add(String(y));
  // Covered: some live incident of the metric's classes is recorded (anywhere) in a year the period touches.
  let covered = false;
  forEachCell(cube, (commune, key, cases, deaths, injuries) => {
    const cell = parseCellKey(key);
    if (!covered && cases > 0 && years.has(cell.occurred.slice(0, 4)) && metricCounts({ labels: metric.labels }, cell.labels, undefined)) covered = true;
    const value = measure === 0 ? cases : measure === 1 ? deaths : injuries;
    if (value === 0) return;
    const half = basis === 'occurred' ? cell.occurred : cell.reported;
    const b = halfMonthBounds(half);
    if (b.from < period.from || b.to > period.to) return;
    if (!metricCounts(metric, cell.labels, cell.severity as never)) return;
    const k = `${commune}|${half}|${cell.area ?? ''}`;
    totals.set(k, (totals.get(k) ?? 0) + value);
  });

  // 2. Attribute each total to units on `at`.
  const known = new Map<string, Rational>();
  /** target → source → amount attributed */
  const bySource = new Map<string, Map<string, Rational>>();
  const sourceTotals = new Map<string, Rational>();
  const groups: Group[] = [];
  const credit = (target: string, source: string, amount: Rational): void => {
    known.set(target, add(known.get(target) ?? ZERO, amount));
    let m = bySource.get(target);
    if (m === undefined) bySource.set(target, (m = new Map()));
    m.set(source, add(m.get(source) ?? ZERO, amount));
  };
  for (const [k, value] of totals) {
    const [source, half, area] = k.split('|') as [string, string, string];
    const amount = rational(value);
    sourceTotals.set(source, add(sourceTotals.get(source) ?? ZERO, amount));
    // A residential area that exists on `at` locates its incidents exactly.
    if (area !== '') {
      const a = history.at(area, at);
      const parent = a?.parentCode === null || a === undefined ? undefined : history.at(a.parentCode, at);
      if (parent !== undefined && parent.level === 'commune') {
        credit(parent.code, source, amount);
        continue;
      }
    }
    const b = halfMonthBounds(half);
    const attribution = history.attribution(source, b.from, b.to, at);
    if (attribution === undefined) {
      groups.push({ among: new Set(), amount, reason: 'unknown_unit', source, date: b.to });
      continue;
    }
    for (const s of attribution.known) credit(s.code, source, mul(amount, s.share));
    for (const g of attribution.unknown) groups.push({ among: new Set(g.among), amount: mul(amount, g.share), reason: g.reason, source, date: attribution.day });
  }
  const nameOf = (source: string): string => {
    const u = history.unit(source);
    const v = u?.versions[u.versions.length - 1];
    return v?.name ?? source;
  };
  const div = (a: Rational, b: Rational): Rational => rational(a.n * b.d, a.d * b.n);

  // 3. Per unit on `at`: its basic units' exact sums, plus the groups it holds entirely.
  const hierarchy = history.hierarchyAt(at);
  const memo = new Map<string, UnitCount>();

  const countOf = (members: ReadonlySet<string>): UnitCount => {
    let sum = ZERO;
    const fromSource = new Map<string, Rational>();
    for (const m of members) {
      const q = known.get(m);
      if (q !== undefined) sum = add(sum, q);
      for (const [source, amount] of bySource.get(m) ?? []) fromSource.set(source, add(fromSource.get(source) ?? ZERO, amount));
    }
    // reasons keyed by what they say, amounts summed: the same whatever order the incidents were folded in
    const byReason = new Map<string, { source: string; date: IsoDate; reason: NotComparableReason['reason']; among: string[]; amount: Rational }>();
    for (const g of groups) {
      let inside = 0;
      for (const c of g.among) if (members.has(c)) inside++;
      if (inside === 0) continue;
      if (inside === g.among.size) {
        sum = add(sum, g.amount);
        fromSource.set(g.source, add(fromSource.get(g.source) ?? ZERO, g.amount));
      } else {
        const among = [...g.among].sort();
        const key = `${g.source}|${g.date}|${g.reason}|${among.join(',')}`;
        const r = byReason.get(key);
        if (r === undefined) byReason.set(key, { source: g.source, date: g.date, reason: g.reason, among, amount: g.amount });
        else r.amount = add(r.amount, g.amount);
      }
    }
    const reasons: NotComparableReason[] = [...byReason.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, r]) => ({ source: r.source, date: r.date, reason: r.reason, among: r.among, amount: F(r.amount) }));
    const contribs: Contribution[] = [...fromSource.entries()]
      .filter(([, amount]) => compare(amount, ZERO) !== 0)
      .map(([source, amount]) => ({ source, sourceName: nameOf(source), share: F(div(amount, sourceTotals.get(source) ?? amount)), amount: F(amount) }))
      .sort((a, b) => a.source.localeCompare(b.source));
    return reasons.length === 0 ? { kind: 'count', value: F(sum), approx: toNumber(sum), contributions: contribs } : { kind: 'not_comparable', reasons, known: F(sum), contributions: contribs };
  };

  return {
    query,
    covered,
    get(code: string): UnitCount | undefined {
      return this.getMany([code]);
    },
    getMany(codes: readonly string[]): UnitCount | undefined {
      const key = codes.length === 1 ? codes[0]! : [...codes].sort().join('+');
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
      if (codes.length === 0 || !codes.every((c) => hierarchy.units.has(c))) return undefined;
      const result = countOf(new Set(codes.flatMap((c) => history.basicUnitsOf(c, at))));
      memo.set(key, result);
      return result;
    },
  };
}

/**
 * Compares two fractions exactly: negative, zero, positive.
 *
 * @example
 * ```ts
 * compareFractions({ numerator: 1, denominator: 3 }, { numerator: 1, denominator: 2 }) < 0; // true
 * ```
 */
export function compareFractions(a: Fraction, b: Fraction): number {
  return compare(rational(a.numerator, a.denominator), rational(b.numerator, b.denominator));
}
