// Issue #4 acceptance: counts and trends through the lineage of the real
// Thanh Hóa register (786/NQ-UBTVQH14 merges, dissolutions with unknown
// receiver, the 1 July 2025 reform), with deterministic synthetic incidents:
// k(code) = 1 + (code mod 4) social-order crimes per commune existing on
// 2019-06-15 and on 2024-06-15.
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryStore } from '../../adapters/memory/index.js';
import { LocalityHistory, decideAll, registerCommandsFromReference, registerStreamId, type LocalityCommand, type LocalityEventBody } from '../../src/domain/locality/index.js';
import { manualClock } from '../../src/kernel/index.js';
import { Ledger, ledgerEvents, type LedgerCommand } from '../../src/ledger.js';
import type { UnitCount } from '../../src/projections/incident-counts.js';
import { cutAtLeast, type TrendResult } from '../../src/projections/trends.js';
import { readThanhHoaData, type ThanhHoaData } from '../../src/reference/thanh-hoa.js';
import { incidents, k, openLedger } from './fixtures.js';

let ledger: Ledger;
let data: ThanhHoaData;
let registerEvents: readonly LocalityEventBody[];
let communeTrends: Map<string, TrendResult>;
let districtTrends: Map<string, TrendResult>;
let communes2019: Map<string, string[]>; // district → its communes on 2019-06-15

const value = (c: UnitCount | undefined): { numerator: number; denominator: number } => {
  if (c?.kind !== 'count') throw new Error(`expected an exact count, got ${JSON.stringify(c)}`);
  return c.value;
};

beforeAll(async () => {
  ({ ledger } = await openLedger());
  await ledger.loadThanhHoaRegister();
  await ledger.publishBuiltInCriteria();
  const commands: LedgerCommand[] = [];
  for (const date of ['2019-06-15', '2024-06-15']) {
    const h = await ledger.hierarchyAt(date);
    for (const u of h.ofLevel('commune')) commands.push(...incidents(u.code, date, k(u.code), 's'));
  }
  await ledger.executeAll(commands);
  data = readThanhHoaData();
  const rm = await ledger.readModels();
  registerEvents = rm.register.events;
  const h19 = rm.history.hierarchyAt('2019-06-15');
  communes2019 = new Map(h19.ofLevel('district').map((d) => [d.code, h19.children(d.code).filter((c) => h19.units.get(c)!.level === 'commune')]));
  communeTrends = new Map((await ledger.trendsUnder({ locality: '38', level: 'commune', year: 2024 })).results.map((r) => [r.locality, r]));
  districtTrends = new Map((await ledger.trendsUnder({ locality: '38', level: 'district', year: 2024 })).results.map((r) => [r.locality, r]));
}, 60_000);

describe('786/NQ-UBTVQH14: a merged commune is compared with the sum of its predecessors', () => {
  it('the synthetic data are what the tests assume (635 communes in 2019, 558 at the end of 2024)', async () => {
    expect([...communes2019.values()].flat()).toHaveLength(635);
    expect(communeTrends.size).toBe(558);
    // each 2019 commune's own count, on its own 2019 territory, is k(code)
    expect(value(await ledger.count({ locality: '14827', year: 2019, at: '2019-11-30' }))).toEqual({ numerator: k('14827'), denominator: 1 });
  });

  it('for every high-confidence merge, the survivor’s 2019 baseline (on the 2024-12-31 hierarchy) is the sum of its predecessors’ own 2019 counts, and comparable', async () => {
    const high = data.changes.transitions[0]!.merges.filter((m) => m.confidence === 'high');
    expect(high).toHaveLength(27);
    for (const m of high) {
      const survivor = m.into!;
      // later whole-unit merges into the survivor up to 2024-12-31 (e.g. 15829 ← 15790 on 2024-05-01)
      const later = registerEvents.flatMap((e) => (e.type === 'LocalitiesMerged' && e.data.target === survivor && e.data.effectiveDate > '2019-12-01' && e.data.effectiveDate <= '2024-12-31' ? e.data.sources : []));
      const predecessors = [...new Set([survivor, ...m.from, ...later])].sort();
      let sum = 0;
      for (const p of predecessors) {
        const own = value(await ledger.count({ locality: p, year: 2019, at: '2019-11-30' }));
        expect(own, `${p} own 2019 count`).toEqual({ numerator: k(p), denominator: 1 });
        sum += own.numerator;
      }
      // right after the merge: exactly the units of the merge
      const justAfter = value(await ledger.count({ locality: survivor, year: 2019, at: '2019-12-01' }));
      expect(justAfter, `${survivor} on 2019-12-01`).toEqual({ numerator: [survivor, ...m.from].reduce((s, c) => s + k(c), 0), denominator: 1 });

      const baseline = value(await ledger.count({ locality: survivor, year: 2019, at: '2024-12-31' }));
      expect(baseline, `${survivor} 2019 baseline on 2024-12-31`).toEqual({ numerator: sum, denominator: 1 });

      const t = await ledger.trend({ locality: survivor, year: 2024 });
      expect(t.at).toBe('2024-12-31');
      expect(t.baseline.count.kind, survivor).toBe('count');
      expect(value(t.baseline.count)).toEqual({ numerator: sum, denominator: 1 });
      expect(t.vsBaseline.outcome, survivor).not.toBe('not_comparable');
      expect(t.vsBaseline.outcome, survivor).toBe(cutAtLeast({ numerator: sum, denominator: 1 }, { numerator: k(survivor), denominator: 1 }, 5) ? 'met' : 'not_met');
      expect(t.predecessors.map((p) => p.source).sort(), survivor).toEqual(predecessors);
      expect(t.predecessors.every((p) => p.share.numerator === 1 && p.share.denominator === 1)).toBe(true);
      expect(communeTrends.get(survivor)?.vsBaseline.outcome).toBe(t.vsBaseline.outcome);
    }
  });
});

describe('786/NQ-UBTVQH14: a unit whose receiver is unknown is never guessed', () => {
  it('14827 Xã Hà Lan (Bỉm Sơn 381): every possible receiver is not_comparable for 2024 vs 2019; district 381 stays comparable with the sum of all its 2019 communes', async () => {
    const dissolved = registerEvents.find((e) => e.type === 'LocalityDissolved' && e.data.code === '14827');
    expect(dissolved?.type).toBe('LocalityDissolved');
    if (dissolved?.type !== 'LocalityDissolved') return;
    const receivers = dissolved.data.possibleReceivers;
    expect([...receivers].sort()).toEqual(['14809', '14812', '14815', '14818', '14821', '14823', '14824']);
    for (const r of receivers) {
      const t = await ledger.trend({ locality: r, year: 2024 });
      expect(t.vsBaseline.outcome, r).toBe('not_comparable');
      expect(t.baseline.count.kind).toBe('not_comparable');
      if (t.baseline.count.kind !== 'not_comparable') continue;
      expect(t.baseline.count.reasons).toEqual([{ source: '14827', date: '2019-06-30', reason: 'receiver_unknown', among: [...receivers].sort(), amount: { numerator: k('14827'), denominator: 1 } }]);
      // what is known is still reported, and is the unit's own count
      expect(t.baseline.count.known).toEqual({ numerator: k(r), denominator: 1 });
      expect(t.vsBaseline.changePercent).toBeNull();
    }
    const district = await ledger.trend({ locality: '381', year: 2024 });
    expect(district.vsBaseline.outcome).not.toBe('not_comparable');
    const all = communes2019.get('381')!;
    expect(all).toContain('14827');
    expect(all).toHaveLength(8);
    expect(value(district.baseline.count)).toEqual({ numerator: all.reduce((s, c) => s + k(c), 0), denominator: 1 });
    expect(value(district.baseline.count).numerator).toBe(21);
  });

  it('for every low-confidence record of 786 (found in the data): each possible receiver is not_comparable, its district comparable with the sum of its 2019 communes', () => {
    const low = data.changes.transitions[0]!.merges.filter((m) => m.confidence === 'low');
    expect(low.length).toBeGreaterThan(30);
    const lowCodes = low.flatMap((m) => m.from).sort();
    const dissolvedEvents = registerEvents.filter((e): e is Extract<LocalityEventBody, { type: 'LocalityDissolved' }> => e.type === 'LocalityDissolved' && e.data.effectiveDate === '2019-12-01');
    expect(dissolvedEvents.map((e) => e.data.code).sort()).toEqual(lowCodes);
    for (const m of low) {
      for (const code of m.from) {
        const e = dissolvedEvents.find((x) => x.data.code === code)!;
        expect(e.data.possibleReceivers.length, code).toBeGreaterThan(0);
        for (const r of e.data.possibleReceivers) {
          const t = communeTrends.get(r);
          expect(t, `${r} (possible receiver of ${code}) exists on 2024-12-31`).toBeDefined();
          expect(t!.vsBaseline.outcome, `${r} possible receiver of ${code}`).toBe('not_comparable');
          expect(t!.baseline.count.kind === 'not_comparable' && t!.baseline.count.reasons.some((x) => x.source === code && x.reason === 'receiver_unknown' && x.among.includes(r))).toBe(true);
        }
      }
      const d = districtTrends.get(m.districtCode);
      expect(d, m.districtCode).toBeDefined();
      expect(d!.vsBaseline.outcome, `district ${m.districtCode}`).not.toBe('not_comparable');
      const expected = communes2019.get(m.districtCode)!.reduce((s, c) => s + k(c), 0);
      expect(value(d!.baseline.count), `district ${m.districtCode}`).toEqual({ numerator: expected, denominator: 1 });
    }
  });

  it('no district of 2024 is not_comparable, and the province’s 2019 baseline is the sum over all 635 communes of 2019', async () => {
    expect([...districtTrends.values()].filter((t) => t.vsBaseline.outcome === 'not_comparable').map((t) => t.locality)).toEqual([]);
    const province = await ledger.trend({ locality: '38', year: 2024 });
    const all = [...communes2019.values()].flat();
    expect(value(province.baseline.count)).toEqual({ numerator: all.reduce((s, c) => s + k(c), 0), denominator: 1 });
    expect(value(province.current.count)).toEqual({ numerator: [...communeTrends.keys()].reduce((s, c) => s + k(c), 0), denominator: 1 });
  });
});

describe('denominators of commune standards: rural xã only, on the stated date', () => {
  it('31 Dec 2022: 469 xã for commune-standard-2021:19.2; the 90 phường and thị trấn are excluded with a reason', async () => {
    const r = await ledger.attainmentRate({ standard: 'commune-standard-2021:19.2', year: 2022, computed: false });
    expect(r.date).toBe('2022-12-31');
    expect(r.assessable).toBe(true);
    if (!r.assessable) return;
    expect(r.official.denominator).toBe(469);
    expect(r.eligible).toHaveLength(469);
    expect(r.eligible.every((m) => m.kind === 'xa')).toBe(true);
    expect(r.eligible.filter((m) => m.kind === 'phuong' || m.kind === 'thi-tran')).toEqual([]);
    expect(r.exclusions).toHaveLength(90);
    expect(r.exclusions.filter((x) => x.kind === 'phuong')).toHaveLength(60);
    expect(r.exclusions.filter((x) => x.kind === 'thi-tran')).toHaveLength(30);
    for (const x of r.exclusions) expect(x.reason).toContain(x.kind);
    const h = await ledger.hierarchyAt('2022-12-31');
    expect(r.eligible.map((m) => m.code).sort()).toEqual(h.ofLevel('commune').filter((u) => u.kind === 'xa').map((u) => u.code));
  });

  it('31 Dec 2025 (after the reform): 147 xã; the 19 phường are excluded with a reason', async () => {
    const r = await ledger.attainmentRate({ standard: 'commune-standard-2021:19.2', year: 2025, computed: false });
    expect(r.date).toBe('2025-12-31');
    expect(r.assessable).toBe(true);
    if (!r.assessable) return;
    expect(r.official.denominator).toBe(147);
    expect(r.eligible.every((m) => m.kind === 'xa')).toBe(true);
    expect(r.exclusions).toHaveLength(19);
    expect(r.exclusions.every((x) => x.kind === 'phuong' && x.reason.includes('phuong'))).toBe(true);
  });
});

describe('the 2025 reform: a new commune holding parts of split units', () => {
  it('Xã Hà Trung 15271 (parts of 15271 and 15328): its 2019 baseline is not_comparable without an allocation', async () => {
    const c = await ledger.count({ locality: '15271', year: 2019, at: '2025-12-31' });
    expect(c?.kind).toBe('not_comparable');
    if (c?.kind !== 'not_comparable') return;
    const splits = c.reasons.filter((r) => r.reason === 'split_without_allocation');
    expect(splits.map((r) => r.source).sort()).toEqual(['15271', '15328']);
    for (const r of splits) expect(r.among).toEqual(['15271', '15286']);
    const t = await ledger.trend({ locality: '15271', year: 2025 });
    expect(t.vsBaseline.outcome).toBe('not_comparable');
    expect(t.vsBaseline.message).toContain('split without allocation');
  });

  it('with an allocation recorded on both splits, the baseline is the exact fraction computed by hand, and the 5 % cut is decided on it', async () => {
    // The register built from the reference data, with allocations on the splits of 15271 and 15328.
    const allocation: Record<string, Record<string, { numerator: number; denominator: number }>> = {
      '15271': { '15271': { numerator: 2, denominator: 3 }, '15286': { numerator: 1, denominator: 3 } },
      '15328': { '15271': { numerator: 1, denominator: 4 }, '15286': { numerator: 3, denominator: 4 } },
    };
    const { commands } = registerCommandsFromReference({ snapshot: data.units2019, changes: data.changes, reform: data.reform });
    let patched = 0;
    const withAllocation: LocalityCommand[] = commands.map((c) => {
      if (c.type !== 'SplitLocality' || allocation[c.source] === undefined) return c;
      patched++;
      const shares = allocation[c.source]!;
      expect(c.targets.map((t) => t.code).sort()).toEqual(Object.keys(shares).sort());
      return { ...c, targets: c.targets.map((t) => ({ ...t, allocation: shares[t.code]! })) };
    });
    expect(patched).toBe(2);
    const events = decideAll(LocalityHistory.empty, withAllocation);
    const store = memoryStore({ events: ledgerEvents, clock: manualClock('2025-12-31T00:00:00Z') });
    await store.append(registerStreamId('38'), events.map((e) => ({ type: e.type, data: e.data })), { expectedVersion: 'no_stream' });
    const l = await Ledger.open(store);
    // 2019 incidents in every unit that makes up the new 15271 and 15286 (nowhere else)
    const units = ['15271', '15328', '15319', '15304', '15307', '15286', '15295', '15283'];
    await l.executeAll(units.flatMap((c) => incidents(c, '2019-06-15', k(c), 'a')));
    // by hand: k = 4 (15271), 1 (15328), 4 (15319), 1 (15304), 4 (15307), 3 (15286), 4 (15295), 4 (15283)
    // new 15271 = 2/3·4 + 1/4·1 + 4 + 1 + 4 = 8/3 + 1/4 + 9 = 143/12
    // new 15286 = 1/3·4 + 3/4·1 + 3 + 4 + 4 = 4/3 + 3/4 + 11 = 157/12
    expect(units.map(k)).toEqual([4, 1, 4, 1, 4, 3, 4, 4]);
    const hatrung = await l.count({ locality: '15271', year: 2019, at: '2025-12-31' });
    expect(hatrung?.kind).toBe('count');
    expect(value(hatrung)).toEqual({ numerator: 143, denominator: 12 });
    if (hatrung?.kind === 'count') {
      const byCode = new Map(hatrung.contributions.map((c) => [c.source, c]));
      expect(byCode.get('15271')).toMatchObject({ share: { numerator: 2, denominator: 3 }, amount: { numerator: 8, denominator: 3 } });
      expect(byCode.get('15328')).toMatchObject({ share: { numerator: 1, denominator: 4 }, amount: { numerator: 1, denominator: 4 } });
      expect(byCode.get('15319')).toMatchObject({ share: { numerator: 1, denominator: 1 }, amount: { numerator: 4, denominator: 1 } });
    }
    expect(value(await l.count({ locality: '15286', year: 2019, at: '2025-12-31' }))).toEqual({ numerator: 157, denominator: 12 });

    // 2025: 11 cases in Hà Trung (11 ≤ 0.95 · 143/12 ≈ 11.32: met), 13 in Hoạt Giang (13 > 0.95 · 157/12 ≈ 12.43: not met)
    await l.executeAll([...incidents('15271', '2025-09-15', 11, 'b'), ...incidents('15286', '2025-09-15', 13, 'b')]);
    const t1 = await l.trend({ locality: '15271', year: 2025 });
    expect(value(t1.baseline.count)).toEqual({ numerator: 143, denominator: 12 });
    expect(t1.vsBaseline.outcome).toBe('met');
    const t2 = await l.trend({ locality: '15286', year: 2025 });
    expect(t2.vsBaseline.outcome).toBe('not_met');
    expect(cutAtLeast({ numerator: 143, denominator: 12 }, { numerator: 12, denominator: 1 }, 5)).toBe(false);
    expect(cutAtLeast({ numerator: 157, denominator: 12 }, { numerator: 12, denominator: 1 }, 5)).toBe(true);
  });
});
