// Issue #4 acceptance: progress of a plan's targets — on the real Thanh Hóa
// register with the province's targets, and on a 4-commune province where
// every number is computed by hand.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Ledger, LedgerCommand } from '../../src/ledger.js';
import type { TargetProgress } from '../../src/projections/target-progress.js';
import { readThanhHoaData } from '../../src/reference/thanh-hoa.js';
import { adoptPlan, decision, incidents, k, openLedger, recognise, smallProvince, thanhHoaTargets } from './fixtures.js';

const STATUSES = ['met', 'on_track', 'at_risk', 'not_met', 'not_assessable'];
const round2 = (x: number) => Math.round(x * 100) / 100;

function expectSortedByGap(t: TargetProgress): void {
  for (let i = 1; i < t.failing.length; i++) {
    const a = t.failing[i - 1]!;
    const b = t.failing[i]!;
    expect(a.gap >= b.gap, `${t.targetId}: failing[${i - 1}] ${a.code} gap ${a.gap} before failing[${i}] ${b.code} gap ${b.gap}`).toBe(true);
  }
}

function expectWellFormed(t: TargetProgress): void {
  expect(STATUSES, t.targetId).toContain(t.status);
  if (t.status === 'not_assessable') {
    expect(typeof t.reason, t.targetId).toBe('string');
    expect(t.reason!.length, t.targetId).toBeGreaterThan(0);
  } else {
    expect(t.value, t.targetId).not.toBeNull();
    expect(Number.isFinite(t.gap), `${t.targetId} gap ${String(t.gap)}`).toBe(true);
    expect(t.lastAssessableYear, t.targetId).not.toBeNull();
  }
  if (t.value !== null) expect(Number.isFinite(t.gap), t.targetId).toBe(true);
  expectSortedByGap(t);
}

describe('the Thanh Hóa plan on the real register', () => {
  const PLAN = 'th-antt-2022-2025';
  let ledger: Ledger;
  let xa2024: string[];
  const unchanged2025 = ['14890', '14866', '14860'];
  const listed2025 = '14848';

  beforeAll(async () => {
    ({ ledger } = await openLedger('2026-01-15T00:00:00Z'));
    await ledger.loadThanhHoaRegister();
    await ledger.publishBuiltInCriteria();
    const reform = readThanhHoaData().reform;
    for (const c of [...unchanged2025, listed2025]) expect(reform.units.find((u) => u.code === c)).toMatchObject({ unchanged: true, kind: 'xa' });
    const commands: LedgerCommand[] = [];
    for (const date of ['2019-06-15', '2024-06-15']) {
      const h = await ledger.hierarchyAt(date);
      for (const u of h.ofLevel('commune')) commands.push(...incidents(u.code, date, k(u.code), 's'));
    }
    // two merged communes whose crime rose in 2024 (base k(15913)+k(15868) = 3 → 4; k(15922)+k(16009) = 5 → 6)
    commands.push(...incidents('15913', '2024-08-15', 2, 'extra'), ...incidents('15922', '2024-08-15', 3, 'extra'));
    // social evils and traffic accidents in one unchanged commune, every year 2021-2025
    [10, 9, 8, 7, 6].forEach((n, i) => commands.push(...incidents('15013', `${2021 + i}-03-15`, n, 'evil', ['social-evil.gambling'])));
    [5, 5, 4, 3, 2].forEach((n, i) => commands.push(...incidents('15013', `${2021 + i}-04-15`, n, 'tai', ['traffic-accident'])));
    await ledger.executeAll(commands);

    const h = await ledger.hierarchyAt('2024-12-20');
    xa2024 = h.ofLevel('commune').filter((u) => u.kind === 'xa').map((u) => u.code);
    const districts = h.ofLevel('district').map((u) => u.code);
    await ledger.executeAll([
      adoptPlan(PLAN, '38'),
      ...thanhHoaTargets(PLAN),
      ...xa2024.slice(0, 5).map((c, i) => recognise(`std-${i}`, c, 'commune-standard-2021:19.2', 2024, '2024-12-20', 2024)),
      recognise('adv-0', xa2024[0]!, 'commune-advanced-2021:19.2', 2024, '2024-12-22', 2024),
      ...unchanged2025.map((c, i) => recognise(`std25-${i}`, c, 'commune-standard-2021:19.2', 2025, '2025-11-20')),
      ...districts.slice(0, 3).map((c, i) => recognise(`d94-${i}`, c, 'district-standard-2021:9.4', 2024, '2024-12-20', 2024)),
      recognise('d91-0', districts[0]!, 'district-advanced-2021:9.1', 2024, '2024-12-21', 2024),
      { type: 'ListKeyComplex', localityCode: listed2025, effectiveDate: '2025-08-01', decision: decision('15/QĐ-BCA', '2025-07-20', 'Bộ Công an') },
    ]);
  }, 60_000);

  it('2024: every target has a status and, where assessable, a gap; the district targets stop with the district level', async () => {
    const progress = await ledger.targetProgress({ planId: PLAN, year: 2024 });
    expect(progress.map((t) => t.targetId)).toEqual(['communes-19-2', 'advanced-19-2', 'model-antt', 'districts-9-4', 'advanced-districts-9-1', 'crime-cut-5', 'yearly-falls']);
    for (const t of progress) expectWellFormed(t);
    const by = new Map(progress.map((t) => [t.targetId, t]));

    const communes = by.get('communes-19-2')!;
    const den = xa2024.length;
    expect(communes.value).toMatchObject({ numerator: 5, denominator: den });
    expect(communes.gap).toBe(round2(99 - round2((100 * 5) / den)));
    expect(communes.status).toBe('at_risk');
    expect(communes.lastAssessableYear).toBe(2024);

    for (const [id, n, pct] of [
      ['districts-9-4', 3, 60],
      ['advanced-districts-9-1', 1, 25],
    ] as const) {
      const d = by.get(id)!;
      expect(d.status, id).toBe('not_assessable');
      expect(d.lastAssessableYear, id).toBe(2024);
      expect(d.reason, id).toMatch(/district level of 38 was abolished on 2025-07-01/);
      expect(d.value, id).toMatchObject({ numerator: n, denominator: 27 });
      expect(d.gap, id).toBe(round2(pct - round2((100 * n) / 27)));
    }
  });

  it('2025: district targets are not_assessable with lastAssessableYear 2024 and the abolition as reason — never a silent zero', async () => {
    const progress = await ledger.targetProgress({ planId: PLAN, year: 2025 });
    for (const t of progress) expectWellFormed(t);
    const by = new Map(progress.map((t) => [t.targetId, t]));
    for (const id of ['districts-9-4', 'advanced-districts-9-1']) {
      const d = by.get(id)!;
      expect(d.status, id).toBe('not_assessable');
      expect(d.lastAssessableYear, id).toBe(2024);
      expect(d.reason, id).toMatch(/abolished/);
      expect(d.reason, id).toContain('72/2025/QH15');
      const p2025 = d.series.find((p) => p.year === 2025);
      expect(p2025, id).toBeDefined();
      expect(p2025!.assessable, id).toBe(false);
      expect(p2025!.numerator, id).toBeNull();
      expect(p2025!.percent, id).toBeNull();
      expect(p2025!.reason, id).toMatch(/abolished/);
      expect(d.value?.numerator, id).not.toBe(0);
      expect(d.series.filter((p) => p.assessable).map((p) => p.year), id).toEqual([2022, 2023, 2024]);
    }

    const communes = by.get('communes-19-2')!;
    expect(communes.value).toMatchObject({ numerator: 3, denominator: 147 });
    expect(communes.status).toBe('not_met');
    expect(communes.gap).toBe(round2(99 - round2((100 * 3) / 147)));
    expect(communes.failing).toHaveLength(50);
    // the listed commune fails two conditions, the others one: it comes first
    expect(communes.failing[0]).toMatchObject({ code: listed2025, gap: 2 });
    expect(communes.failing.slice(1).every((f) => f.gap === 1)).toBe(true);
    expect(communes.failing.map((f) => f.code)).not.toContain(unchanged2025[0]);

    const cut = by.get('crime-cut-5')!;
    expect(cut.lastAssessableYear).toBe(2025);
    expect(cut.value?.parts?.localities).toBe(166);
    const s2025 = await ledger.trendsUnder({ locality: '38', level: 'commune', year: 2025 });
    // units of assessment with a met / not met verdict: each commune alone, and each comparison group once
    expect(cut.value?.denominator).toBe(s2025.alone.met + s2025.alone.not_met + s2025.groups.met + s2025.groups.not_met);
    expect(cut.value?.parts?.total).toBe(s2025.alone.total + s2025.groups.total);
    expect(s2025.alone.total + s2025.groups.localities).toBe(166);
    expect(cut.province).toMatchObject({ code: '38', year: 2025 });
  });

  it('the per-commune cut target lists failing communes by gap, largest first, each with its own trend’s gap', async () => {
    const [cut] = (await ledger.targetProgress({ planId: PLAN, year: 2024, maxFailing: 1000 })).filter((t) => t.targetId === 'crime-cut-5');
    expect(cut!.failing.length).toBeGreaterThan(10);
    expectSortedByGap(cut!);
    expect(cut!.failing.slice(0, 2).map((f) => [f.code, f.gap])).toEqual([
      ['15913', round2(5 + round2((100 * (4 - 3)) / 3))],
      ['15922', 25],
    ]);
    const summary = await ledger.trendsUnder({ locality: '38', level: 'commune', year: 2024 });
    expect(cut!.failing).toHaveLength(summary.alone.not_met + summary.groups.not_met);
    for (const f of cut!.failing.slice(0, 20)) {
      const t = [...summary.results, ...summary.groupResults].find((r) => r.locality === f.code)!;
      expect(t.vsBaseline.outcome).toBe('not_met');
      expect(f.gap).toBe(round2(5 + t.vsBaseline.changePercent!));
    }
  });
});

describe('a 4-commune province computed by hand', () => {
  // social-order crimes per commune and year
  const table: Record<number, [number, number, number, number]> = {
    2019: [20, 10, 8, 5],
    2021: [10, 5, 5, 5],
    2022: [9, 5, 5, 5],
    2023: [9, 5, 6, 5],
    2024: [9, 5, 5, 4],
    2025: [19, 10, 9, 4],
  };
  const codes = ['90001', '90002', '90003', '90004'] as const;
  let ledger: Ledger;

  beforeAll(async () => {
    ({ ledger } = await openLedger('2026-01-15T00:00:00Z'));
    await ledger.publishBuiltInCriteria();
    await smallProvince(ledger, [
      { code: '90001', name: 'Xã An', kind: 'xa' },
      { code: '90002', name: 'Xã Bình', kind: 'xa' },
      { code: '90003', name: 'Xã Châu', kind: 'xa' },
      { code: '90004', name: 'Xã Đông', kind: 'xa' },
    ]);
    const commands: LedgerCommand[] = [];
    for (const [year, row] of Object.entries(table)) row.forEach((n, i) => commands.push(...incidents(codes[i]!, `${year}-05-15`, n, 'h')));
    await ledger.executeAll(commands);
    await ledger.executeAll([
      adoptPlan('p4', '90'),
      {
        type: 'SetTarget',
        planId: 'p4',
        targetId: 'cut',
        description: { vi: 'Mỗi xã giảm 5% so với 2019' },
        target: { kind: 'reductionVsBaseline', metric: 'social-order-crime', baselineYear: 2019, minPercent: 5, each: 'commune', by: '2025-12-31' },
      },
      {
        type: 'SetTarget',
        planId: 'p4',
        targetId: 'share',
        description: { vi: '75% số xã đạt 19.2' },
        target: { kind: 'shareRecognised', standard: 'commune-standard-2021:19.2', population: 'rural-communes', minPercent: 75, by: '2025-12-31' },
      },
      {
        type: 'SetTarget',
        planId: 'p4',
        targetId: 'yoy',
        description: { vi: 'Tội phạm giảm hằng năm' },
        target: { kind: 'yearOnYearReduction', metrics: ['social-order-crime'], scope: 'province', fromYear: 2022, toYear: 2025 },
      },
      recognise('a-2023', '90001', 'commune-standard-2021:19.2', 2023, '2023-12-15', 2024),
      recognise('a-2025', '90001', 'commune-standard-2021:19.2', 2025, '2025-06-01'),
      recognise('b-2025', '90002', 'commune-standard-2021:19.2', 2025, '2025-06-01'),
      { type: 'ListKeyComplex', localityCode: '90004', effectiveDate: '2025-03-01', decision: decision('15/QĐ-BCA', '2025-02-20', 'Bộ Công an') },
    ]);
  });

  it('2025 (the deadline year): value, gap, status and failing list of each target, exactly', async () => {
    const by = new Map((await ledger.targetProgress({ planId: 'p4', year: 2025 })).map((t) => [t.targetId, t]));

    // cut: 2025 vs 2019 — A 19/20 −5 % met; B 10/10 0 % (gap 5); C 9/8 +12.5 % (gap 17.5); D 4/5 −20 % met
    const cut = by.get('cut')!;
    expect(cut.status).toBe('not_met');
    expect(cut.reason).toBe('2 of 4 localities and groups below a 5 % cut in 2025 (2 localities alone, 0 groups)');
    expect(cut.explanation).toEqual({ code: 'localities_below_cut', notMet: 2, total: 4, minPercent: 5, year: 2025, notMetAlone: 2, notMetGroups: 0 });
    expect(cut.value).toEqual({
      display: '2/4 localities alone met the cut (2 not met)',
      percent: 50,
      numerator: 2,
      denominator: 4,
      parts: {
        met: 2,
        notMet: 2,
        notComparable: 0,
        other: 0,
        total: 4,
        localities: 4,
        alone: { total: 4, met: 2, not_met: 2, no_data: 0, baseline_missing: 0, baseline_zero: 0, not_comparable: 0 },
        groups: { total: 0, met: 0, not_met: 0, no_data: 0, baseline_missing: 0, baseline_zero: 0, not_comparable: 0, localities: 0, minSize: null, maxSize: null },
      },
    });
    // the province's own trend, beside: 2025 total 19 + 10 + 9 + 4 = 42 against 20 + 10 + 8 + 5 = 43 in 2019
    expect(cut.province).toEqual({ code: '90', name: expect.any(String) as unknown, year: 2025, outcome: 'not_met', changePercent: -2.33, current: 42, baseline: 43 });
    expect(cut.gap).toBe(2);
    expect(cut.lastAssessableYear).toBe(2025);
    expect(cut.failing.map((f) => [f.code, f.gap])).toEqual([
      ['90003', 17.5],
      ['90002', 5],
    ]);
    // series: 2022 3/4 (D 5/5 not met), 2023 3/4, 2024 4/4, 2025 2/4
    expect(cut.series.map((p) => [p.year, p.numerator, p.denominator, p.percent])).toEqual([
      [2022, 3, 4, 75],
      [2023, 3, 4, 75],
      [2024, 4, 4, 100],
      [2025, 2, 4, 50],
    ]);

    // share: 2022 0/4, 2023 1/4, 2024 1/4, 2025 2/4 → 50 % against 75 %: gap 25
    const share = by.get('share')!;
    expect(share.status).toBe('not_met');
    expect(share.value).toEqual({ display: '50 % (2/4)', percent: 50, numerator: 2, denominator: 4 });
    expect(share.gap).toBe(25);
    expect(share.lastAssessableYear).toBe(2025);
    expect(share.series.map((p) => [p.year, p.numerator, p.denominator])).toEqual([
      [2022, 0, 4],
      [2023, 1, 4],
      [2024, 1, 4],
      [2025, 2, 4],
    ]);
    expect(share.pace).toEqual({ requiredPerYear: null, observedPerYear: round2(50 / 3) });
    // D is not recognised and listed (2 conditions fail), C only not recognised (1)
    expect(share.failing.map((f) => [f.code, f.gap])).toEqual([
      ['90004', 2],
      ['90003', 1],
    ]);
    expect(share.failing[0]!.detail).toContain('qd318-19.2-not-key-complex');

    // yoy, province totals: 2021 25, 2022 24 (fell), 2023 25 (rose), 2024 23 (fell), 2025 42 (rose)
    const yoy = by.get('yoy')!;
    expect(yoy.status).toBe('not_met');
    expect(yoy.value).toEqual({ display: '2/4 fell year on year', percent: 50, numerator: 2, denominator: 4, parts: { fell: 2, total: 4 } });
    expect(yoy.gap).toBe(2);
    expect(yoy.series.map((p) => [p.year, p.numerator, p.denominator])).toEqual([
      [2022, 1, 1],
      [2023, 0, 1],
      [2024, 1, 1],
      [2025, 0, 1],
    ]);
    expect(yoy.failing.map((f) => [f.code, f.gap])).toEqual([['90', round2((100 * (42 - 23)) / 23)]]);
  });

  it('2024 (before the deadline): on track, at risk, with the pace behind the status', async () => {
    const by = new Map((await ledger.targetProgress({ planId: 'p4', year: 2024 })).map((t) => [t.targetId, t]));
    const cut = by.get('cut')!;
    expect(cut.status).toBe('on_track');
    expect(cut.gap).toBe(0);
    expect(cut.failing).toEqual([]);
    const share = by.get('share')!;
    expect(share.status).toBe('at_risk');
    expect(share.gap).toBe(50);
    // observed (25 − 0) / 2 = 12.5 points a year; required (75 − 25) / 1 = 50
    expect(share.pace).toEqual({ requiredPerYear: 50, observedPerYear: 12.5 });
    const yoy = by.get('yoy')!;
    expect(yoy.status).toBe('at_risk');
    expect(yoy.gap).toBe(1);
  });
});

describe('defaults come from the ledger’s clock', () => {
  it('without a year or date, progress is judged in the year of the ledger’s today (as planFollowUp’s date is)', async () => {
    const { ledger } = await openLedger('2024-06-30T12:00:00Z');
    await ledger.publishBuiltInCriteria();
    await smallProvince(ledger, [{ code: '90001', name: 'Xã An', kind: 'xa' }]);
    await ledger.executeAll([
      adoptPlan('pc', '90'),
      {
        type: 'SetTarget',
        planId: 'pc',
        targetId: 'share',
        description: { vi: '99% số xã đạt 19.2' },
        target: { kind: 'shareRecognised', standard: 'commune-standard-2021:19.2', population: 'rural-communes', minPercent: 99, by: '2025-12-31' },
      },
    ]);
    expect(ledger.today()).toBe('2024-06-30');
    expect((await ledger.planFollowUp({ planId: 'pc' })).date).toBe('2024-06-30');
    const [t] = await ledger.targetProgress({ planId: 'pc' });
    expect(t!.year).toBe(2024);
    expect(t!.lastAssessableYear).toBe(2024);
  });
});
