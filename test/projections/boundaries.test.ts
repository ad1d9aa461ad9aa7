// Issue #4 acceptance: the boundaries of the rules, on small hand-made
// registers — the 5 % cut in integer arithmetic, zero and missing baselines,
// the 99 % share target decided by one recognition, and which units enter a
// commune-set denominator.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ledger } from '../../src/ledger.js';
import { cutAtLeast } from '../../src/projections/trends.js';
import { adoptPlan, incidents, openLedger, recognise, smallProvince, xaList, type UnitSpec } from './fixtures.js';

const F = (n: number) => ({ numerator: n, denominator: 1 });

/** The largest count that still makes a 5 % cut against `b`, by integer search (independent of the library). */
function largestMeeting(b: number): number {
  let c = -1;
  for (let x = 0; x <= b; x++) if (100 * (b - x) >= 5 * b) c = x;
  return c;
}

async function twoCommunes(): Promise<Ledger> {
  const { ledger } = await openLedger();
  await smallProvince(ledger, [
    { code: '90001', name: 'Xã An', kind: 'xa' },
    { code: '90002', name: 'Xã Bình', kind: 'xa' },
  ]);
  return ledger;
}

describe('the 5 % cut against the baseline, decided in integer arithmetic', () => {
  it('40 cases in 2019: 38 in 2024 is exactly 5 % → met; 39 → not_met', async () => {
    const ledger = await twoCommunes();
    await ledger.executeAll([
      ...incidents('90001', '2019-03-15', 40, 'a'),
      ...incidents('90001', '2024-03-15', 38, 'a'),
      ...incidents('90002', '2019-03-15', 40, 'b'),
      ...incidents('90002', '2024-03-15', 39, 'b'),
    ]);
    const met = await ledger.trend({ locality: '90001', year: 2024 });
    expect(met.baseline.count).toMatchObject({ kind: 'count', value: F(40) });
    expect(met.current.count).toMatchObject({ kind: 'count', value: F(38) });
    expect(met.vsBaseline.outcome).toBe('met');
    expect(met.vsBaseline.changePercent).toBe(-5);
    expect(met.vsBaseline.rule).toBe('100·(base − current) ≥ 5·base');
    const notMet = await ledger.trend({ locality: '90002', year: 2024 });
    expect(notMet.vsBaseline.outcome).toBe('not_met');
    expect(notMet.vsBaseline.changePercent).toBe(-2.5);
    // the district adds the two communes: 80 → 77 is 3.75 %: not met
    const district = await ledger.trend({ locality: '901', year: 2024 });
    expect(district.baseline.count).toMatchObject({ kind: 'count', value: F(80) });
    expect(district.vsBaseline.outcome).toBe('not_met');
  });

  it('property: for every baseline b in 1..400, the largest c with 100·(b − c) ≥ 5·b is met and c + 1 is not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), (b) => {
        const c = largestMeeting(b);
        expect(c).toBe(Math.floor((95 * b) / 100));
        expect(cutAtLeast(F(b), F(c), 5)).toBe(true);
        expect(cutAtLeast(F(b), F(c + 1), 5)).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('property: the same boundary for any two-decimal percentage (the threshold never goes through floating point)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 9999 }), (b, bp) => {
        const pct = bp / 100;
        let c = -1;
        for (let x = 0; x <= b; x++) if (10000 * (b - x) >= bp * b) c = x;
        expect(cutAtLeast(F(b), F(c), pct)).toBe(c >= 0);
        expect(cutAtLeast(F(b), F(c + 1), pct)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('property: trend outcomes agree with the boundary on recorded incidents (a few random baselines)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 400 }), async (b) => {
        const c = largestMeeting(b);
        const ledger = await twoCommunes();
        await ledger.executeAll([
          ...incidents('90001', '2019-05-01', b, 'a'),
          ...incidents('90001', '2024-05-01', c, 'a'),
          ...incidents('90002', '2019-05-01', b, 'b'),
          ...incidents('90002', '2024-05-01', c + 1, 'b'),
        ]);
        const s = await ledger.trendsUnder({ locality: '90', level: 'commune', year: 2024 });
        const by = new Map(s.results.map((r) => [r.locality, r]));
        expect(by.get('90001')?.vsBaseline.outcome).toBe('met');
        expect(by.get('90002')?.vsBaseline.outcome).toBe('not_met');
        expect(s.alone).toMatchObject({ total: 2, met: 1, not_met: 1 });
        expect(s.groups.total).toBe(0);
      }),
      { numRuns: 6, seed: 20251231 },
    );
  });
});

describe('baselines that cannot be used are said so, never replaced', () => {
  it('a zero baseline → baseline_zero; the changePercent is null', async () => {
    const ledger = await twoCommunes();
    await ledger.executeAll([...incidents('90001', '2019-03-15', 3, 'a'), ...incidents('90002', '2024-03-15', 2, 'b')]);
    const t = await ledger.trend({ locality: '90002', year: 2024 });
    expect(t.baseline.covered).toBe(true);
    expect(t.baseline.count).toMatchObject({ kind: 'count', value: F(0) });
    expect(t.vsBaseline.outcome).toBe('baseline_zero');
    expect(t.vsBaseline.changePercent).toBeNull();
  });

  it('no data at all for the baseline year → baseline_missing (not a zero, not another year)', async () => {
    const ledger = await twoCommunes();
    await ledger.executeAll([...incidents('90001', '2020-03-15', 5, 'a'), ...incidents('90001', '2023-03-15', 4, 'a'), ...incidents('90001', '2024-03-15', 2, 'a')]);
    const t = await ledger.trend({ locality: '90001', year: 2024 });
    expect(t.baseline.covered).toBe(false);
    expect(t.vsBaseline.outcome).toBe('baseline_missing');
    expect(t.vsBaseline.changePercent).toBeNull();
    expect(t.vsBaseline.message).toContain('2019');
  });

  it('a commune that did not exist in the baseline year → baseline_missing even though the year has data', async () => {
    const ledger = await twoCommunes();
    await ledger.execute({ type: 'EstablishLocality', code: '90009', name: 'Xã Mới', kind: 'xa', parentCode: '901', effectiveDate: '2021-01-01', legalBasis: 'test' });
    await ledger.executeAll([...incidents('90001', '2019-03-15', 5, 'a'), ...incidents('90009', '2024-03-15', 2, 'n')]);
    const t = await ledger.trend({ locality: '90009', year: 2024 });
    expect(t.baseline.covered).toBe(true);
    expect(t.vsBaseline.outcome).toBe('baseline_missing');
  });

  it('no data for the compared year → no_data', async () => {
    const ledger = await twoCommunes();
    await ledger.executeAll(incidents('90001', '2019-03-15', 5, 'a'));
    const t = await ledger.trend({ locality: '90001', year: 2024 });
    expect(t.vsBaseline.outcome).toBe('no_data');
  });
});

describe('a split without allocation, and incidents that name their residential area', () => {
  it('incidents naming a thôn are attributed to the new commune holding that thôn; one without it makes both not_comparable', async () => {
    const { ledger } = await openLedger();
    await smallProvince(ledger, [
      { code: '90001', name: 'Xã An', kind: 'xa' },
      { code: '90002', name: 'Xã Bình', kind: 'xa' },
    ]);
    await ledger.executeAll([
      { type: 'EstablishLocality', code: '90001-t1', name: 'Thôn 1', kind: 'thon', parentCode: '90001', effectiveDate: '2019-01-01', legalBasis: 'test' },
      { type: 'EstablishLocality', code: '90001-t2', name: 'Thôn 2', kind: 'thon', parentCode: '90001', effectiveDate: '2019-01-01', legalBasis: 'test' },
    ]);
    await ledger.execute({
      type: 'SplitLocality',
      source: '90001',
      targets: [
        { code: '90011', establish: { name: 'Xã An Bắc', kind: 'xa', parentCode: '901' } },
        { code: '90012', establish: { name: 'Xã An Nam', kind: 'xa', parentCode: '901' } },
      ],
      effectiveDate: '2025-07-01',
      legalBasis: 'NQ thử',
    });
    await ledger.executeAll([
      { type: 'TransferLocality', code: '90001-t1', parentCode: '90011', effectiveDate: '2025-07-01', legalBasis: 'NQ thử' },
      { type: 'TransferLocality', code: '90001-t2', parentCode: '90012', effectiveDate: '2025-07-01', legalBasis: 'NQ thử' },
    ]);
    const inArea = (id: string, area: string, n: number) =>
      incidents('90001', '2019-05-15', n, id).map((c) => ({ ...c, residentialAreaCode: area }));
    await ledger.executeAll([...inArea('t1', '90001-t1', 3), ...inArea('t2', '90001-t2', 2)]);
    expect(await ledger.count({ locality: '90011', year: 2019, at: '2025-12-31' })).toMatchObject({ kind: 'count', value: F(3) });
    expect(await ledger.count({ locality: '90012', year: 2019, at: '2025-12-31' })).toMatchObject({ kind: 'count', value: F(2) });

    await ledger.executeAll(incidents('90001', '2019-05-15', 1, 'none'));
    for (const code of ['90011', '90012']) {
      const c = await ledger.count({ locality: code, year: 2019, at: '2025-12-31' });
      expect(c).toMatchObject({ kind: 'not_comparable', reasons: [{ source: '90001', reason: 'split_without_allocation', among: ['90011', '90012'], amount: F(1) }] });
    }
    // the district holds both parts: exact
    expect(await ledger.count({ locality: '901', year: 2019, at: '2025-12-31' })).toMatchObject({ kind: 'count', value: F(6) });
  });
});

describe('a split effective in the middle of a half-month', () => {
  it('incidents that occurred before the split are shared by its allocation, not all left with the continuing source', async () => {
    const { ledger } = await openLedger();
    await smallProvince(ledger, [{ code: '90001', name: 'Xã An', kind: 'xa' }]);
    await ledger.execute({
      type: 'SplitLocality',
      source: '90001',
      targets: [
        { code: '90001', allocation: { numerator: 1, denominator: 2 } },
        { code: '90011', allocation: { numerator: 1, denominator: 2 }, establish: { name: 'Xã An Bắc', kind: 'xa', parentCode: '901' } },
      ],
      effectiveDate: '2023-07-10',
      legalBasis: 'NQ thử',
    });
    // 2 cases in June and 2 on 3 July, all before the split of 10 July: half of each lies in 90011 now
    await ledger.executeAll([...incidents('90001', '2023-06-20', 2, 'june'), ...incidents('90001', '2023-07-03', 2, 'july')]);
    // the register itself says so: 90001 as on 3 July lies half in 90001, half in 90011
    expect((await ledger.footprint('90001', '2023-07-03', { at: '2023-12-31' }))?.pieces).toEqual([{ code: '90001', name: 'Xã An', kind: 'xa', share: { kind: 'fraction', numerator: 1, denominator: 2 } }]);
    const source = await ledger.count({ locality: '90001', year: 2023, at: '2023-12-31' });
    const target = await ledger.count({ locality: '90011', year: 2023, at: '2023-12-31' });
    // exact 2 and 2 (or, if the read model cannot place a case within the half-month of the split, not_comparable) — never 3 and 1
    for (const c of [source, target]) {
      expect(c?.kind === 'count' ? c.value : 'not_comparable').not.toEqual(F(3));
      if (c?.kind === 'count') expect(c.value).toEqual(F(2));
    }
    expect(await ledger.count({ locality: '901', year: 2023, at: '2023-12-31' })).toMatchObject({ kind: 'count', value: F(4) });
  });
});

describe('the 99 % share target: one recognition decides, as integer arithmetic says', () => {
  it('100 xã (plus a phường and a thị trấn): 98 recognitions → not met (gap 1); the 99th → met', async () => {
    const { ledger } = await openLedger();
    await ledger.publishBuiltInCriteria();
    const xa = xaList(100);
    await smallProvince(ledger, [...xa, { code: '90201', name: 'Phường Một', kind: 'phuong' }, { code: '90301', name: 'Thị trấn Một', kind: 'thi-tran' }]);
    await ledger.executeAll([
      adoptPlan('p99', '90'),
      {
        type: 'SetTarget',
        planId: 'p99',
        targetId: 'communes-19-2',
        description: { vi: '99% số xã đạt chỉ tiêu 19.2' },
        target: { kind: 'shareRecognised', standard: 'commune-standard-2021:19.2', population: 'rural-communes', minPercent: 99, by: '2025-12-31' },
      },
    ]);
    await ledger.executeAll(xa.slice(0, 98).map((u, i) => recognise(`r${i}`, u.code, 'commune-standard-2021:19.2', 2025, '2025-06-01')));

    const [before] = await ledger.targetProgress({ planId: 'p99', year: 2025 });
    expect(before!.value).toMatchObject({ numerator: 98, denominator: 100 });
    expect(before!.status).not.toBe('met');
    expect(before!.status).toBe('not_met');
    expect(before!.gap).toBe(1);
    expect(before!.failing.map((f) => f.code)).toEqual([xa[98]!.code, xa[99]!.code]);

    await ledger.execute(recognise('r98', xa[98]!.code, 'commune-standard-2021:19.2', 2025, '2025-06-01'));
    const [after] = await ledger.targetProgress({ planId: 'p99', year: 2025 });
    expect(after!.value).toMatchObject({ numerator: 99, denominator: 100 });
    expect(10000 * 99 >= 9900 * 100).toBe(true);
    expect(after!.status).toBe('met');
    expect(after!.gap).toBe(0);
    expect(after!.failing.map((f) => f.code)).toEqual([xa[99]!.code]);

    const rate = await ledger.attainmentRate({ standard: 'commune-standard-2021:19.2', year: 2025, computed: false });
    expect(rate.assessable && rate.official.denominator).toBe(100);
    expect(rate.exclusions.map((x) => x.code).sort()).toEqual(['90201', '90301']);
  });
});

describe('who is in a commune-set denominator', () => {
  const units: UnitSpec[] = [
    { code: '90001', name: 'Xã An', kind: 'xa' },
    { code: '90002', name: 'Xã Bình', kind: 'xa' },
    { code: '90003', name: 'Xã Châu', kind: 'xa' },
    { code: '90201', name: 'Phường Một', kind: 'phuong' },
    { code: '90301', name: 'Thị trấn Một', kind: 'thi-tran' },
  ];

  it('a phường or thị trấn never enters; a xã reclassified to phường on 2023-07-01 is in the 2022 denominator and not in the 2023 one', async () => {
    const { ledger } = await openLedger();
    await ledger.publishBuiltInCriteria();
    await smallProvince(ledger, units);
    await ledger.execute({ type: 'ReclassifyLocality', code: '90003', kind: 'phuong', name: 'Phường Châu', effectiveDate: '2023-07-01', legalBasis: 'NQ thử' });
    for (const standard of ['commune-standard-2021:19.2', 'commune-advanced-2021:19.2', 'commune-model-2021:antt']) {
      const r2022 = await ledger.attainmentRate({ standard, year: 2022, computed: false });
      const r2023 = await ledger.attainmentRate({ standard, year: 2023, computed: false });
      const mid = await ledger.attainmentRate({ standard, year: 2023, date: '2023-06-30', computed: false });
      expect(r2022.eligible.map((m) => m.code), standard).toEqual(['90001', '90002', '90003']);
      expect(mid.eligible.map((m) => m.code), standard).toEqual(['90001', '90002', '90003']);
      expect(r2023.eligible.map((m) => m.code), standard).toEqual(['90001', '90002']);
      expect(r2022.assessable && r2022.official.denominator).toBe(3);
      expect(r2023.assessable && r2023.official.denominator).toBe(2);
      expect(r2022.exclusions.map((x) => [x.code, x.kind])).toEqual([
        ['90201', 'phuong'],
        ['90301', 'thi-tran'],
      ]);
      expect(r2023.exclusions.map((x) => [x.code, x.kind])).toEqual([
        ['90003', 'phuong'],
        ['90201', 'phuong'],
        ['90301', 'thi-tran'],
      ]);
      for (const x of r2023.exclusions) expect(x.reason).toMatch(/phuong|thi-tran/);
    }
    // a standard that applies to every commune-level kind (ANTT-safe, TT 124) keeps them all
    const safe = await ledger.attainmentRate({ standard: 'antt-safe-commune:art5', year: 2023, computed: false });
    expect(safe.eligible.map((m) => m.code)).toEqual(['90001', '90002', '90003', '90201', '90301']);
  });
});
