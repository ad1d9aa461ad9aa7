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
import type { LocalityHistory } from '../domain/locality/index.js';
import { ZERO, add, compare, mul, rational, toFraction, toNumber, type Rational } from '../domain/shared/rational.js';
import { addDays, type IsoDate } from '../domain/shared/values.js';
import type { IncidentCubeState } from './incident-cube.js';
import { incidentIndex, type IncidentIndex } from './incident-index.js';

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

/** Where one recording unit's incidents (of a metric and period) lie on `at`. */
interface SourceCounts {
  readonly total: Rational;
  /** unit on `at` → amount attributed exactly */
  readonly credits: ReadonlyMap<string, Rational>;
  /** amounts known only to lie in one of several units */
  readonly groups: readonly Group[];
}

/**
 * Counts of one metric over one period for the units of the hierarchy on
 * `at`, computed lazily: a unit's count reads only the incidents of the
 * units whose territory is related to it through lineage in the period (and
 * of the communes that named its residential areas), never the whole cube.
 *
 * @example
 * ```ts
 * const counts = countsAt(cube, history, { metric: socialOrderCrime, period: periodOf('calendar-year', 2019), at: '2024-12-31' });
 * counts.get('15913'); // { kind: 'count', value: { numerator: 4, denominator: 1 }, … } — the 2019 count on the 2024 territory
 * ```
 */
export function countsAt(cube: IncidentCubeState, history: LocalityHistory, query: CountQuery, index: IncidentIndex = incidentIndex(cube)): CountsAt {
  const { metric, period, at } = query;
  const years: number[] = [];
  for (let y = Number(period.from.slice(0, 4)); y <= Number(period.to.slice(0, 4)); y++) years.push(y);
  // Covered: some live incident of the metric's classes is recorded (anywhere) in a year the period touches.
  const covered = index.covered(metric.labels, years);
  const hierarchy = history.hierarchyAt(at);

  const sources = new Map<string, SourceCounts>();
  /** Attributes the totals of one recording unit to units on `at` (once per unit and query). */
  const sourceCounts = (source: string): SourceCounts => {
    let sc = sources.get(source);
    if (sc !== undefined) return sc;
    // whole numbers summed as numbers (exact: counts are far below 2^53), shares as rationals
    let total = 0;
    const whole = new Map<string, number>();
    const parts = new Map<string, Rational>();
    const groups: Group[] = [];
    const creditWhole = (target: string, value: number): void => {
      whole.set(target, (whole.get(target) ?? 0) + value);
    };
    // a unit whose territory did not change from the period to `at` keeps its incidents (the common case)
    const unchanged = !history.changesWithin(source, addDays(period.from < at ? period.from : at, -1), period.to > at ? period.to : at) && history.at(source, at) !== undefined;
    index.totals(source, metric, period.from, period.to, (from, to, area, value) => {
      total += value;
      // A residential area that exists on `at` locates its incidents exactly.
      if (area !== '') {
        const a = history.at(area, at);
        const parent = a?.parentCode === null || a === undefined ? undefined : history.at(a.parentCode, at);
        if (parent !== undefined && parent.level === 'commune') {
          creditWhole(parent.code, value);
          return;
        }
      }
      if (unchanged && history.at(source, to) !== undefined) {
        creditWhole(source, value);
        return;
      }
      const amount = rational(value);
      const attribution = history.attribution(source, from, to, at);
      if (attribution === undefined) {
        groups.push({ among: new Set(), amount, reason: 'unknown_unit', source, date: to });
        return;
      }
      for (const s of attribution.known) {
        if (s.share.d === 1n && s.share.n === 1n) creditWhole(s.code, value);
        else parts.set(s.code, add(parts.get(s.code) ?? ZERO, mul(amount, s.share)));
      }
      for (const g of attribution.unknown) groups.push({ among: new Set(g.among), amount: mul(amount, g.share), reason: g.reason, source, date: attribution.day });
    });
    const credits = new Map<string, Rational>();
    for (const [target, value] of whole) credits.set(target, rational(value));
    for (const [target, amount] of parts) credits.set(target, add(credits.get(target) ?? ZERO, amount));
    sc = { total: rational(total), credits, groups };
    sources.set(source, sc);
    return sc;
  };
  const nameOf = (source: string): string => {
    const u = history.unit(source);
    const v = u?.versions[u.versions.length - 1];
    return v?.name ?? source;
  };
  const div = (a: Rational, b: Rational): Rational => rational(a.n * b.d, a.d * b.n);

  /** The units whose incidents may count for `members`: related through lineage, or naming one of their residential areas. */
  const sourcesFor = (members: readonly string[]): string[] => {
    const out = new Set(history.relatedUnits(members, period.from, period.to, at));
    for (const m of members) {
      for (const child of hierarchy.children(m)) {
        if (hierarchy.units.get(child)?.level !== 'residential') continue;
        for (const s of index.sourcesOfArea(child)) out.add(s);
      }
    }
    // any order: sums are exact, reasons and contributions are sorted
    return [...out];
  };

  // Per unit on `at`: its basic units' exact sums, plus the groups it holds entirely.
  const memo = new Map<string, UnitCount>();
  const countOf = (basic: readonly string[]): UnitCount => {
    const members = new Set(basic);
    let sum = ZERO;
    const fromSource = new Map<string, Rational>();
    const totals = new Map<string, Rational>();
    // reasons keyed by what they say, amounts summed: the same whatever order the incidents were folded in
    const byReason = new Map<string, { source: string; date: IsoDate; reason: NotComparableReason['reason']; among: string[]; amount: Rational }>();
    for (const source of sourcesFor(basic)) {
      const sc = sourceCounts(source);
      totals.set(source, sc.total);
      for (const [target, amount] of sc.credits) {
        if (!members.has(target)) continue;
        sum = add(sum, amount);
        fromSource.set(source, add(fromSource.get(source) ?? ZERO, amount));
      }
      for (const g of sc.groups) {
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
    }
    const reasons: NotComparableReason[] = [...byReason.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, r]) => ({ source: r.source, date: r.date, reason: r.reason, among: r.among, amount: F(r.amount) }));
    const contribs: Contribution[] = [...fromSource.entries()]
      .filter(([, amount]) => compare(amount, ZERO) !== 0)
      .map(([source, amount]) => ({ source, sourceName: nameOf(source), share: F(div(amount, totals.get(source) ?? amount)), amount: F(amount) }))
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
      const result = countOf([...new Set(codes.flatMap((c) => history.basicUnitsOf(c, at)))]);
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
