/**
 * The reference count: the eager implementation of `countsAt` as it was
 * before the query layer (issue #15), kept as a test oracle. It scans the
 * whole cube and attributes every recording unit's totals, then answers each
 * unit from them. The lazy, indexed `countsAt` must give the same answers.
 */
import { metricCounts } from '../../src/domain/incident/index.js';
import type { LocalityHistory } from '../../src/domain/locality/index.js';
import { ZERO, add, compare, mul, rational, toFraction, toNumber, type Rational } from '../../src/domain/shared/rational.js';
import type { IsoDate } from '../../src/domain/shared/values.js';
import { forEachCell, halfMonthBounds, parseCellKey, type IncidentCubeState } from '../../src/projections/incident-cube.js';
import type { Contribution, CountsAt, CountQuery, Fraction, NotComparableReason, UnitCount } from '../../src/projections/incident-counts.js';

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
export function referenceCountsAt(cube: IncidentCubeState, history: LocalityHistory, query: CountQuery): CountsAt {
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
