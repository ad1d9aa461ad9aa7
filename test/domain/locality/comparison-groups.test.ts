// Properties of comparison groups over random registers with lineage:
// merges, splits with and without shares, dissolutions whose receiver is
// unknown (possible receivers anywhere in the province), receivers and
// divisions identified later, part transfers found later, shares given
// later. Counts are checked with one incident in every unit and
// half-month of the periods compared, so that an inexact footprint always
// shows as an inexact count.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainRuleError, ValidationError, type StoredEvent } from '../../../src/kernel/index.js';
import { BUILT_IN_METRICS } from '../../../src/domain/incident/index.js';
import { LocalityHistory, comparisonGroups, localityDecider, type ComparisonPartition, type LocalityCommand } from '../../../src/domain/locality/index.js';
import { halfMonthsOf, periodOf } from '../../../src/domain/shared/period.js';
import { add, compare, rational, ZERO, type Rational } from '../../../src/domain/shared/rational.js';
import { addDays } from '../../../src/domain/shared/values.js';
import { incidentCubeProjection } from '../../../src/projections/incident-cube.js';
import { countsAt, type UnitCount } from '../../../src/projections/incident-counts.js';
import { referenceCountsAt } from '../../support/reference-counts.js';

const AT = '2025-12-31';
const PERIODS = [periodOf('calendar-year', 2019), periodOf('calendar-year', 2025)];
const METRIC = BUILT_IN_METRICS.find((m) => m.id === 'social-order-crime')!;

const op = fc.record({ kind: fc.nat({ max: 8 }), a: fc.nat(), b: fc.nat(), c: fc.nat(), days: fc.integer({ min: 1, max: 200 }), alloc: fc.boolean() });
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** Interprets random numbers as register commands; commands the decider refuses are skipped. */
function build(ops: readonly Op[], communes: number): LocalityHistory {
  let h = LocalityHistory.empty;
  let date = '2019-01-01';
  let next = 1;
  const ev = { level: 'documented' as const, source: 'test' };
  const run = (c: LocalityCommand): boolean => {
    try {
      for (const e of localityDecider.decide(c, h)) h = h.with(e);
      return true;
    } catch (e) {
      if (e instanceof DomainRuleError || e instanceof ValidationError) return false;
      throw e;
    }
  };
  const base = { legalBasis: 'test', effectiveDate: date };
  run({ type: 'EstablishLocality', code: 'P', name: 'Province', kind: 'province', ...base });
  for (let d = 1; d <= 2; d++) run({ type: 'EstablishLocality', code: `D${d}`, name: `District ${d}`, kind: 'huyen', parentCode: 'P', ...base });
  for (let i = 0; i < communes; i++) run({ type: 'EstablishLocality', code: `C${next++}`, name: `Commune ${i}`, kind: 'xa', parentCode: `D${(i % 2) + 1}`, ...base });
  for (const o of ops) {
    date = addDays(date, o.days);
    if (date > AT) break;
    const at = { legalBasis: 'test', effectiveDate: date };
    const hier = h.hierarchyAt(date);
    const open = hier.ofLevel('commune').map((u) => u.code);
    const pick = <T>(xs: readonly T[], n: number): T | undefined => (xs.length === 0 ? undefined : xs[n % xs.length]);
    const c1 = pick(open, o.a);
    const others = open.filter((c) => c !== c1);
    const parentOf = (c: string) => hier.units.get(c)!.parentCode!;
    const share = (i: number, n: number) => ({ numerator: 1, denominator: n }) as const;
    switch (o.kind) {
      case 0:
        if (c1 && others.length > 0) run({ type: 'MergeLocalities', target: c1, sources: [...new Set([pick(others, o.b)!, ...(o.c % 2 === 0 ? [pick(others, o.c)!] : [])])], ...at });
        break;
      case 1: {
        if (!c1) break;
        const codes = [...(o.b % 2 === 0 ? [c1] : []), `C${next++}`, ...(o.c % 2 === 0 ? [`C${next++}`] : [])];
        run({
          type: 'SplitLocality',
          source: c1,
          targets: codes.map((code, i) => ({
            code,
            ...(code === c1 ? {} : { establish: { name: `New ${code}`, kind: 'xa' as const, parentCode: parentOf(c1) } }),
            ...(o.alloc ? { allocation: share(i, codes.length) } : {}),
          })),
          ...at,
        });
        break;
      }
      case 2: {
        if (!c1 || others.length === 0) break;
        const receivers = [...new Set([pick(others, o.b)!, pick(others, o.c)!, ...(o.alloc ? [pick(others, o.b + o.c)!] : [])])];
        run({ type: 'DissolveLocality', code: c1, possibleReceivers: receivers, ...at });
        break;
      }
      case 3: {
        const open3 = h.steps.filter((s) => s.type === 'dissolve' && s.receiver === undefined && s.division === undefined);
        const s = pick(open3, o.b);
        if (s?.type === 'dissolve') run({ type: 'IdentifyReceiver', code: s.code, receiver: pick(s.possibleReceivers, o.c)!, effectiveDate: s.date, legalBasis: 'test', evidence: ev });
        break;
      }
      case 4: {
        const splits = h.steps.filter((s) => s.type === 'split' && s.targets.length >= 2 && s.targets.some((t) => t.allocation === undefined));
        const s = pick(splits, o.b);
        if (s?.type === 'split') run({ type: 'AllocateShares', source: s.source, shares: s.targets.map((t, i) => ({ code: t.code, allocation: share(i, s.targets.length) })), effectiveDate: s.date, legalBasis: 'test', evidence: ev });
        break;
      }
      case 5: {
        // a part transfer found later, dated back to some earlier day
        const back = addDays(date, -(o.c % 400));
        const then = h.hierarchyAt(back).ofLevel('commune').map((u) => u.code);
        const from = pick(then, o.a);
        const to = pick(then.filter((c) => c !== from), o.b);
        if (from && to && back > '2019-01-01') run({ type: 'TransferPart', code: from, to, effectiveDate: back, legalBasis: 'test', evidence: ev, ...(o.alloc ? { allocation: { numerator: 1, denominator: 3 } } : {}) });
        break;
      }
      case 6: {
        const open6 = h.steps.filter((s) => s.type === 'dissolve' && s.receiver === undefined && s.division === undefined && s.possibleReceivers.length >= 2);
        const s = pick(open6, o.b);
        if (s?.type === 'dissolve') run({ type: 'IdentifyDivision', code: s.code, receivers: s.possibleReceivers.slice(0, 2).map((code) => ({ code })), effectiveDate: s.date, legalBasis: 'test', evidence: ev });
        break;
      }
      default:
        run({ type: 'EstablishLocality', code: `C${next++}`, name: 'New commune', kind: 'xa', parentCode: `D${(o.c % 2) + 1}`, ...at });
        break;
    }
  }
  return h;
}

// the ops, not the built history, so that a counterexample prints short
const registers = fc.tuple(fc.array(op, { minLength: 1, maxLength: 24 }), fc.integer({ min: 3, max: 9 }));

/** One incident in every commune-level unit and every half-month of the periods it is open in (on its last open day of the half). */
function denseCube(h: LocalityHistory) {
  const cube = incidentCubeProjection.initialState();
  let n = 0;
  for (const u of h.units.values()) {
    if (!u.versions.some((v) => v.kind === 'xa')) continue;
    for (const p of PERIODS) {
      for (const half of halfMonthsOf(p.from, p.to)) {
        const last = u.closedOn !== null && u.closedOn <= half.to ? addDays(u.closedOn, -1) : half.to;
        if (last < half.from || last < u.establishedOn) continue;
        const event = { type: 'IncidentRecorded', data: { incidentId: `i${n++}`, localityCode: u.code, occurredOn: last, reportedOn: last, labels: ['crime.social-order'] } } as unknown as StoredEvent;
        incidentCubeProjection.apply(cube, event);
      }
    }
  }
  return cube;
}

const partitionOf = (h: LocalityHistory): ComparisonPartition => comparisonGroups(h, { level: 'commune', within: 'P', at: AT, periods: PERIODS });
const exact = (c: UnitCount | undefined) => c?.kind === 'count';
const valueOf = (c: UnitCount | undefined): Rational => {
  if (c?.kind !== 'count') throw new Error(`expected an exact count, got ${JSON.stringify(c)}`);
  return rational(c.value.numerator, c.value.denominator);
};

function subsets<T>(xs: readonly T[], limit: number, seed: number): T[][] {
  const out: T[][] = [];
  if (xs.length <= 8) {
    for (let m = 1; m < (1 << xs.length) - 1; m++) out.push(xs.filter((_, i) => (m >> i) & 1));
    return out;
  }
  let s = seed;
  for (let k = 0; k < limit; k++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const m = s % ((1 << Math.min(xs.length, 30)) - 2) + 1;
    out.push(xs.filter((_, i) => i < 30 && (m >> i) & 1));
  }
  return out.filter((x) => x.length > 0 && x.length < xs.length);
}

describe('comparison groups: properties over random lineage graphs', () => {
  it('partition the present localities: each is alone or in exactly one group', () => {
    fc.assert(
      fc.property(registers, ([ops, n]) => {
        const h = build(ops, n);
        const p = partitionOf(h);
        const grouped = p.groups.flatMap((g) => g.members.map((m) => m.code));
        expect(new Set(grouped).size).toBe(grouped.length);
        expect([...p.alone, ...grouped].sort()).toEqual([...p.localities].sort());
        expect(p.localities).toEqual(h.hierarchyAt(AT).ofLevel('commune').map((u) => u.code));
        for (const g of p.groups) {
          expect(g.members.length).toBeGreaterThan(1);
          expect(g.missing.length).toBeGreaterThan(0);
          for (const m of g.members) expect(p.groupOf(m.code)).toBe(g);
        }
        for (const a of p.alone) expect(p.groupOf(a)).toBeUndefined();
      }),
      { numRuns: 150, seed: 14_2019 },
    );
  });

  it('a locality is alone exactly when its own counts are exact; every group’s counts are exact; alone and group baselines sum to the province’s', () => {
    fc.assert(
      fc.property(registers, ([ops, n]) => {
        const h = build(ops, n);
        const p = partitionOf(h);
        const cube = denseCube(h);
        const [baseline, current] = PERIODS.map((period) => countsAt(cube, h, { metric: METRIC, period, at: AT }));
        for (const code of p.localities) expect(exact(baseline!.get(code)) && exact(current!.get(code)), code).toBe(p.groupOf(code) === undefined);
        let sum: Rational = ZERO;
        for (const code of p.alone) sum = add(sum, valueOf(baseline!.get(code)));
        for (const g of p.groups) {
          const codes = g.members.map((m) => m.code);
          expect(exact(current!.getMany(codes)), g.id).toBe(true);
          sum = add(sum, valueOf(baseline!.getMany(codes)));
        }
        if (p.localities.length > 0) expect(compare(sum, valueOf(baseline!.get('P')))).toBe(0);
      }),
      { numRuns: 120, seed: 14_2024 },
    );
  });

  it('every group is minimal: no proper part of it has exact counts', () => {
    fc.assert(
      fc.property(registers, fc.nat(), ([ops, n], seed) => {
        const h = build(ops, n);
        const p = partitionOf(h);
        const cube = denseCube(h);
        const [baseline, current] = PERIODS.map((period) => countsAt(cube, h, { metric: METRIC, period, at: AT }));
        for (const g of p.groups) {
          for (const part of subsets(
            g.members.map((m) => m.code),
            40,
            seed,
          )) {
            expect(exact(baseline!.getMany(part)) && exact(current!.getMany(part)), `${part.join('+')} ⊂ ${g.id}`).toBe(false);
          }
        }
      }),
      { numRuns: 120, seed: 14_2025 },
    );
  });

  it('recording a receiver or the shares of a division never makes a group larger: the new partition refines the old one', () => {
    fc.assert(
      fc.property(registers, fc.nat(), fc.nat(), ([ops, n], i, j) => {
        const h = build(ops, n);
        const before = partitionOf(h);
        const ev = { level: 'documented' as const, source: 'test' };
        const candidates: LocalityCommand[] = [];
        for (const s of h.steps) {
          if (s.type === 'dissolve' && s.receiver === undefined && s.division === undefined) {
            candidates.push({ type: 'IdentifyReceiver', code: s.code, receiver: s.possibleReceivers[j % s.possibleReceivers.length]!, effectiveDate: s.date, legalBasis: 'test', evidence: ev });
          }
          const targets = s.type === 'split' ? s.targets : s.type === 'dissolve' ? s.division?.targets : undefined;
          const source = s.type === 'split' ? s.source : s.type === 'dissolve' ? s.code : '';
          if (targets !== undefined && targets.length >= 2 && targets.some((t) => t.allocation === undefined)) {
            candidates.push({ type: 'AllocateShares', source, shares: targets.map((t) => ({ code: t.code, allocation: { numerator: 1, denominator: targets.length } })), effectiveDate: s.date, legalBasis: 'test', evidence: ev });
          }
        }
        fc.pre(candidates.length > 0);
        const command = candidates[i % candidates.length]!;
        let after = h;
        for (const e of localityDecider.decide(command, h)) after = after.with(e);
        const p = partitionOf(after);
        for (const g of p.groups) {
          const old = before.groupOf(g.members[0]!.code);
          expect(old, `${g.id} was a group before ${command.type}`).toBeDefined();
          for (const m of g.members) expect(old!.members.map((x) => x.code)).toContain(m.code);
        }
        for (const a of before.alone) expect(p.alone).toContain(a);
        expect(p.groups.length + p.alone.length).toBeGreaterThanOrEqual(before.groups.length + before.alone.length);
      }),
      { numRuns: 150, seed: 14_2026 },
    );
  });
});

describe('comparison groups: the random registers exercise them', () => {
  it('a good part of the samples has groups, some with several facts missing, and localities alone', () => {
    const samples = fc.sample(registers, { numRuns: 200, seed: 14 }).map(([ops, n]) => partitionOf(build(ops, n)));
    const withGroups = samples.filter((p) => p.groups.length > 0).length;
    expect(withGroups).toBeGreaterThan(60);
    expect(samples.some((p) => p.groups.some((g) => g.missing.length > 1))).toBe(true);
    expect(samples.some((p) => p.groups.some((g) => g.missing.some((f) => f.kind === 'receiver')) && p.groups.some((g) => g.missing.some((f) => f.kind === 'shares')))).toBe(true);
    expect(samples.filter((p) => p.groups.length > 0 && p.alone.length > 0).length).toBeGreaterThan(30);
  });
});

describe('query layer: lazy, cached answers equal the reference on random lineage graphs', () => {
  const ATS = ['2019-06-30', '2019-12-31', '2021-03-31', '2024-12-31', AT];
  const QUERIES = [...PERIODS, periodOf('calendar-year', 2020), { from: '2019-01-15', to: '2019-03-31' }];

  it('counts of every unit (and of random groups) equal the eager reference, and do not change when asked again or on a fresh history', () => {
    fc.assert(
      fc.property(registers, fc.nat(), ([ops, n], seed) => {
        const h = build(ops, n);
        const cube = denseCube(h);
        const fresh = LocalityHistory.from(h.events());
        for (const at of ATS) {
          const units = [...h.hierarchyAt(at).units.keys()].sort();
          for (const period of QUERIES) {
            const query = { metric: METRIC, period, at };
            const lazy = countsAt(cube, h, query);
            const reference = referenceCountsAt(cube, fresh, query);
            expect(lazy.covered).toBe(reference.covered);
            for (const code of units) expect(lazy.get(code), `${code} on ${at}, ${period.from}…${period.to}`).toEqual(reference.get(code));
            for (const part of subsets(units.filter((c) => c.startsWith('C')), 6, seed)) expect(lazy.getMany(part), part.join('+')).toEqual(reference.getMany(part));
            // asked again, on the same history (its caches warm) and on a fresh one
            for (const code of units) expect(countsAt(cube, h, query).get(code)).toEqual(countsAt(cube, LocalityHistory.from(h.events()), query).get(code));
          }
        }
      }),
      { numRuns: 60, seed: 15_2026 },
    );
  });

  it('footprints hold exactly the units whose territory lies (wholly, partly or in doubt) in the unit, whatever was asked before', () => {
    fc.assert(
      fc.property(registers, ([ops, n]) => {
        const h = build(ops, n);
        for (const at of ATS) {
          for (const code of h.hierarchyAt(at).ofLevel('commune').map((u) => u.code)) {
            for (const date of ['2019-01-01', '2019-07-15', '2020-12-31', at]) {
              if (date > at) continue;
              const f = h.footprint(code, date, at)!;
              const members = new Set([code]);
              // brute force over every unit of the register
              const expected = [...h.units.keys()]
                .filter((u) => h.at(u, date)?.level === 'commune')
                .filter((u) => {
                  const t = h.territoryOf(u, date, at)!;
                  return t.known.some((k) => members.has(k.code)) || t.unknown.some((g) => g.among.some((c) => members.has(c)));
                })
                .sort();
              expect(f.pieces.map((p) => p.code), `${code} on ${date} as of ${at}`).toEqual(expected);
              expect(h.footprint(code, date, at)).toBe(f);
              expect(LocalityHistory.from(h.events()).footprint(code, date, at)).toEqual(f);
            }
          }
        }
      }),
      { numRuns: 80, seed: 15_2027 },
    );
  });

  it('a comparison partition is the same on a fresh history and when asked again', () => {
    fc.assert(
      fc.property(registers, ([ops, n]) => {
        const h = build(ops, n);
        const strip = (p: ComparisonPartition) => ({ ...p, groupOf: undefined });
        expect(strip(partitionOf(h))).toEqual(strip(partitionOf(LocalityHistory.from(h.events()))));
        expect(strip(partitionOf(h))).toEqual(strip(partitionOf(h)));
      }),
      { numRuns: 100, seed: 15_2028 },
    );
  });
});
