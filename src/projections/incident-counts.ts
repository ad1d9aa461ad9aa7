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
import { ONE, ZERO, add, compare, mul, rational, toFraction, toNumber, type Rational } from '../domain/shared/rational.js';
import { addDays, type IsoDate } from '../domain/shared/values.js';
import { halfMonthBounds, parseCellKey, type IncidentCubeState } from './incident-cube.js';

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
  readonly reason: 'split_without_allocation' | 'receiver_unknown' | 'territory_changed_after_at' | 'unknown_unit';
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
  /** The share of `source` counted (1 = whole). */
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

  // 1. Totals per (recording unit, attribution day, residential area).
  const totals = new Map<string, number>();
  for (const commune of Object.keys(cube.cells)) {
    const cells = cube.cells[commune]!;
    for (const key of Object.keys(cells)) {
      const value = cells[key]![measure];
      if (value === 0) continue;
      const cell = parseCellKey(key);
      const half = basis === 'occurred' ? cell.occurred : cell.reported;
      const b = halfMonthBounds(half);
      if (b.from < period.from || b.to > period.to) continue;
      if (!metricCounts(metric, cell.labels, cell.severity as never)) continue;
      // attribute on the last day of the half-month the unit existed
      const unit = history.unit(commune);
      let day = b.to;
      if (unit?.closedOn !== null && unit?.closedOn !== undefined && unit.closedOn <= day) day = addDays(unit.closedOn, -1);
      const k = `${commune}|${day}|${cell.area ?? ''}`;
      totals.set(k, (totals.get(k) ?? 0) + value);
    }
  }

  // 2. Attribute each total to units on `at`.
  const known = new Map<string, Rational>();
  const contributions = new Map<string, Contribution[]>();
  const groups: Group[] = [];
  const credit = (target: string, source: string, share: Rational, amount: Rational): void => {
    known.set(target, add(known.get(target) ?? ZERO, amount));
    let list = contributions.get(target);
    if (list === undefined) contributions.set(target, (list = []));
    const prev = list.findIndex((c) => c.source === source);
    const sourceName = history.at(source, history.unit(source)?.closedOn ? addDays(history.unit(source)!.closedOn!, -1) : at)?.name ?? source;
    if (prev < 0) list.push({ source, sourceName, share: F(share), amount: F(amount) });
    else {
      const p = list[prev]!;
      list[prev] = { ...p, amount: F(add(rational(p.amount.numerator, p.amount.denominator), amount)) };
    }
  };
  for (const [k, value] of totals) {
    const [source, day, area] = k.split('|') as [string, string, string];
    const amount = rational(value);
    // A residential area that exists on `at` locates its incidents exactly.
    if (area !== '') {
      const a = history.at(area, at);
      const parent = a?.parentCode === null || a === undefined ? undefined : history.at(a.parentCode, at);
      if (parent !== undefined && parent.level === 'commune') {
        credit(parent.code, source, ONE, amount);
        continue;
      }
    }
    if (history.unit(source) === undefined) {
      groups.push({ among: new Set(), amount, reason: 'unknown_unit', source, date: day });
      continue;
    }
    if (day <= at) {
      const t = history.territoryOf(source, day, at);
      if (t === undefined) {
        groups.push({ among: new Set(), amount, reason: 'unknown_unit', source, date: day });
        continue;
      }
      for (const s of t.known) credit(s.code, source, s.share, mul(amount, s.share));
      for (const g of t.unknown) groups.push({ among: new Set(g.among), amount: mul(amount, g.share), reason: g.reason, source, date: day });
    } else {
      // The incidents are later than the hierarchy asked for: exact only if the source lies within one unit on `at`.
      const f = history.footprintOf([source], at, day);
      const pieces = f?.pieces ?? [];
      if (pieces.length === 1 && pieces[0]!.share.kind === 'whole') credit(pieces[0]!.code, source, ONE, amount);
      else groups.push({ among: new Set(pieces.map((p) => p.code)), amount, reason: 'territory_changed_after_at', source, date: day });
    }
  }

  // 3. Per unit on `at`: its basic units' exact sums, plus the groups it holds entirely.
  const hierarchy = history.hierarchyAt(at);
  const memo = new Map<string, UnitCount>();
  const years = new Set<string>();
  for (let y = Number(period.from.slice(0, 4)); y <= Number(period.to.slice(0, 4)); y++) years.add(String(y));
  const covered = [...years].some((y) => (cube.coverage[y] ?? 0) > 0);

  return {
    query,
    covered,
    get(code: string): UnitCount | undefined {
      const hit = memo.get(code);
      if (hit !== undefined) return hit;
      if (!hierarchy.units.has(code)) return undefined;
      const members = new Set(history.basicUnitsOf(code, at));
      let sum = ZERO;
      const contribs: Contribution[] = [];
      for (const m of members) {
        const q = known.get(m);
        if (q !== undefined) sum = add(sum, q);
        for (const c of contributions.get(m) ?? []) contribs.push(c);
      }
      const reasons: NotComparableReason[] = [];
      for (const g of groups) {
        let inside = 0;
        for (const c of g.among) if (members.has(c)) inside++;
        if (inside === 0) continue;
        if (inside === g.among.size) {
          sum = add(sum, g.amount);
          contribs.push({ source: g.source, sourceName: g.source, share: F(ONE), amount: F(g.amount) });
        } else reasons.push({ source: g.source, date: g.date, reason: g.reason, among: [...g.among].sort(), amount: F(g.amount) });
      }
      contribs.sort((a, b) => a.source.localeCompare(b.source));
      const result: UnitCount =
        reasons.length === 0
          ? { kind: 'count', value: F(sum), approx: toNumber(sum), contributions: contribs }
          : { kind: 'not_comparable', reasons, known: F(sum), contributions: contribs };
      memo.set(code, result);
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
