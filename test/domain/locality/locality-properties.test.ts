import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocalityHistory, localityDecider, type LocalityCommand } from '../../../src/domain/locality/index.js';
import { addDays, levelOf, type LocalityKind } from '../../../src/domain/shared/values.js';

const COMMUNE_KINDS: LocalityKind[] = ['xa', 'phuong', 'thi-tran'];
const op = fc.record({ kind: fc.nat({ max: 9 }), a: fc.nat(), b: fc.nat(), c: fc.nat(), withAllocation: fc.boolean(), days: fc.integer({ min: 1, max: 200 }) });

interface Built {
  history: LocalityHistory;
  dates: string[];
  merges: Array<{ date: string; target: string; sources: string[]; targetExisted: boolean }>;
  reclassifiedFromXa: Array<{ code: string; date: string }>;
}

/** Interprets random numbers as valid register commands against the growing history. */
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function build(ops: Op[], initialKinds: number[]): Built {
  let h = LocalityHistory.empty;
  let date = '2019-01-01';
  let next = 1;
  const built: Built = { history: h, dates: [date], merges: [], reclassifiedFromXa: [] };
  const run = (c: LocalityCommand) => {
    for (const e of localityDecider.decide(c, h)) h = h.with(e);
  };
  const base = { legalBasis: 'test', effectiveDate: date };
  run({ type: 'EstablishLocality', code: 'P', name: 'Province', kind: 'province', ...base });
  for (let d = 1; d <= 3; d++) run({ type: 'EstablishLocality', code: `D${d}`, name: `District ${d}`, kind: 'huyen', parentCode: 'P', ...base });
  initialKinds.forEach((k, i) => run({ type: 'EstablishLocality', code: `C${next++}`, name: `Commune ${i}`, kind: COMMUNE_KINDS[k % 3]!, parentCode: `D${(i % 3) + 1}`, ...base }));

  for (const o of ops) {
    date = addDays(date, o.days);
    const at = { legalBasis: 'test', effectiveDate: date };
    const hier = h.hierarchyAt(date);
    const communes = hier.ofLevel('commune').map((u) => u.code);
    const districts = hier.ofLevel('district').map((u) => u.code);
    const pick = <T>(xs: readonly T[], n: number): T | undefined => (xs.length === 0 ? undefined : xs[n % xs.length]);
    const c1 = pick(communes, o.a);
    switch (o.kind) {
      case 0:
        if (c1) run({ type: 'RenameLocality', code: c1, name: `Renamed ${next++}`, ...at });
        break;
      case 1: {
        if (!c1) break;
        const from = hier.units.get(c1)!.kind;
        const to = COMMUNE_KINDS.filter((k) => k !== from)[o.b % 2]!;
        run({ type: 'ReclassifyLocality', code: c1, kind: to, ...at });
        if (from === 'xa') built.reclassifiedFromXa.push({ code: c1, date });
        break;
      }
      case 2: {
        const to = pick(districts.filter((d) => d !== hier.units.get(c1 ?? '')?.parentCode), o.b);
        if (c1 && to) run({ type: 'TransferLocality', code: c1, parentCode: to, ...at });
        break;
      }
      case 3: {
        const others = communes.filter((c) => c !== c1);
        if (!c1 || others.length === 0) break;
        const sources = [...new Set([pick(others, o.b)!, ...(o.c % 2 === 0 ? [pick(others, o.c)!] : [])])];
        run({ type: 'MergeLocalities', target: c1, sources, ...at });
        built.merges.push({ date, target: c1, sources, targetExisted: true });
        break;
      }
      case 4: {
        if (!c1) break;
        const parent = hier.units.get(c1)!.parentCode!;
        const keep = o.b % 2 === 0;
        const fresh = Array.from({ length: 1 + (o.c % 2) }, () => `C${next++}`);
        const codes = [...(keep ? [c1] : []), ...fresh];
        const n = codes.length;
        run({
          type: 'SplitLocality',
          source: c1,
          targets: codes.map((code, i) => ({
            code,
            ...(code === c1 ? {} : { establish: { name: `New ${code}`, kind: 'xa' as const, parentCode: parent } }),
            ...(o.withAllocation ? { allocation: { numerator: i === 0 ? 1 + (n === 3 ? 1 : 0) : 1, denominator: n === 1 ? 1 : n === 2 ? 2 : 4 } } : {}),
          })),
          ...at,
        });
        break;
      }
      case 5: {
        if (!c1) break;
        const parent = hier.units.get(c1)!.parentCode!;
        if (hier.children(parent).filter((c) => c !== c1).length === 0) break;
        run({ type: 'DissolveLocality', code: c1, ...at });
        break;
      }
      case 6:
      case 7: {
        const parent = pick(districts.length > 0 ? districts : ['P'], o.b)!;
        run({ type: 'EstablishLocality', code: `C${next++}`, name: 'New commune', kind: COMMUNE_KINDS[o.c % 3]!, parentCode: parent, ...at });
        break;
      }
      case 8:
        if (districts.length > 0 && o.c % 5 === 0) run({ type: 'AbolishDistrictLevel', provinceCode: 'P', ...at });
        break;
      default:
        break;
    }
    built.dates.push(date);
  }
  built.history = h;
  return built;
}

const histories = fc.tuple(fc.array(op, { minLength: 1, maxLength: 30 }), fc.array(fc.nat({ max: 2 }), { minLength: 3, maxLength: 9 })).map(([ops, kinds]) => build(ops, kinds));

describe('locality history properties', () => {
  it('at any date the hierarchy is a tree: one root, every parent exists then and is one level up', () => {
    fc.assert(
      fc.property(histories, ({ history, dates }) => {
        expect(history.anomalies).toEqual([]);
        for (const d of dates.flatMap((x) => [x, addDays(x, -1)])) {
          const h = history.hierarchyAt(d);
          const roots = [...h.units.values()].filter((u) => u.parentCode === null);
          if (h.units.size > 0) expect(roots.map((r) => r.code)).toEqual(['P']);
          for (const u of h.units.values()) {
            if (u.parentCode === null) continue;
            const p = h.units.get(u.parentCode);
            expect(p, `${u.code} on ${d}: parent ${u.parentCode} missing`).toBeDefined();
            const ok = u.level === 'district' ? ['province'] : u.level === 'commune' ? ['district', 'province'] : ['commune'];
            expect(ok).toContain(levelOf(p!.kind));
            expect(history.ancestorsAt(u.code, d)).not.toContain(u.code);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('lineage is acyclic in time: every link goes from a unit existing the day before to one existing on the day, and no unit-at-a-time is its own ancestor', () => {
    fc.assert(
      fc.property(histories, ({ history }) => {
        // Nodes are (code, date of a link touching it); link edges join units on one date,
        // continuation edges join a code's consecutive dates. A cycle would be a unit preceding itself.
        const edges = new Map<string, Set<string>>();
        const datesOf = new Map<string, Set<string>>();
        const edge = (a: string, b: string) => {
          if (!edges.has(a)) edges.set(a, new Set());
          edges.get(a)!.add(b);
        };
        for (const code of history.units.keys()) {
          const { predecessors, successors } = history.lineage(code);
          for (const l of [...predecessors, ...successors]) {
            expect(history.isOpen(l.from, addDays(l.date, -1)), `${l.from} before ${l.date}`).toBe(true);
            expect(history.isOpen(l.to, l.date), `${l.to} on ${l.date}`).toBe(true);
            edge(`${l.from}@${l.date}`, `${l.to}@${l.date}`);
            for (const c of [l.from, l.to]) {
              if (!datesOf.has(c)) datesOf.set(c, new Set());
              datesOf.get(c)!.add(l.date);
            }
          }
          // the walk back from a unit only reaches strictly earlier links from each predecessor
          for (const l of predecessors) expect(l.date <= (history.unit(code)!.closedOn ?? '9999-12-31')).toBe(true);
        }
        for (const [c, ds] of datesOf) {
          const sorted = [...ds].sort();
          for (let k = 1; k < sorted.length; k++) edge(`${c}@${sorted[k - 1]}`, `${c}@${sorted[k]}`);
        }
        const nodes = new Set([...edges.keys(), ...[...edges.values()].flatMap((x) => [...x])]);
        const indegree = new Map([...nodes].map((n) => [n, 0]));
        for (const x of edges.values()) for (const t of x) indegree.set(t, indegree.get(t)! + 1);
        const queue = [...nodes].filter((n) => indegree.get(n) === 0);
        let removed = 0;
        while (queue.length > 0) {
          const n = queue.pop()!;
          removed++;
          for (const t of edges.get(n) ?? []) {
            indegree.set(t, indegree.get(t)! - 1);
            if (indegree.get(t) === 0) queue.push(t);
          }
        }
        expect(removed).toBe(nodes.size);
      }),
      { numRuns: 150 },
    );
  });

  it('after a merge, footprint(target, day before) is exactly the target and its sources, whole', () => {
    fc.assert(
      fc.property(histories, ({ history, merges }) => {
        for (const m of merges) {
          const f = history.footprint(m.target, addDays(m.date, -1), m.date)!;
          expect(f.pieces.map((p) => [p.code, p.share])).toEqual([m.target, ...m.sources].sort().map((c) => [c, { kind: 'whole' }]));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a reclassified xa is not an xa from its effective date (and was one the day before)', () => {
    fc.assert(
      fc.property(histories, ({ history, reclassifiedFromXa }) => {
        for (const r of reclassifiedFromXa) {
          expect(history.kindAt(r.code, addDays(r.date, -1))).toBe('xa');
          expect(history.kindAt(r.code, r.date)).not.toBe('xa');
        }
      }),
      { numRuns: 150 },
    );
  });

  it('territory is conserved: across any two dates, every earlier commune is shared out exactly once (or marked unknown)', () => {
    fc.assert(
      fc.property(histories, fc.nat(), fc.nat(), ({ history, dates }, i, j) => {
        const [d1, d2] = [dates[i % dates.length]!, dates[j % dates.length]!].sort();
        const later = history.hierarchyAt(d2!).ofLevel('commune').map((u) => u.code);
        const total = new Map<string, number>();
        const unknown = new Set<string>();
        for (const c of later) {
          for (const p of history.footprint(c, d1!, d2!)!.pieces) {
            if (p.share.kind === 'unknown') unknown.add(p.code);
            else total.set(p.code, (total.get(p.code) ?? 0) + (p.share.kind === 'whole' ? 1 : p.share.numerator / p.share.denominator));
          }
        }
        const earlier = history.hierarchyAt(d1!).ofLevel('commune').map((u) => u.code);
        for (const c of earlier) {
          if (unknown.has(c)) continue;
          expect(total.get(c), `${c} from ${d1} to ${d2}`).toBeCloseTo(1, 9);
        }
        // taken together, the whole province is always exact
        if (later.length > 0) {
          const all = history.footprintOf(later, d1!, d2!)!;
          expect(all.exact).toBe(true);
          expect(all.pieces.every((p) => p.share.kind === 'whole')).toBe(true);
          expect(all.pieces.map((p) => p.code).sort()).toEqual([...earlier].sort());
        }
      }),
      { numRuns: 150 },
    );
  });
});
