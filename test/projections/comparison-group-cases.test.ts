// Comparison groups through the trend API, on small hand-made registers: the
// cases a random register seldom makes (found in review of the change).
import { describe, expect, it } from 'vitest';
import { comparisonGroups, groupIdOf } from '../../src/domain/locality/index.js';
import { periodOf } from '../../src/domain/shared/period.js';
import { buildReport } from '../../src/report/build-report.js';
import { incidents, openLedger } from './fixtures.js';

const basis = { legalBasis: 'NQ thử' };
const ev = { level: 'documented' as const, source: 'test' };

async function province(communes: Array<[code: string, district: string]>) {
  const { ledger } = await openLedger();
  await ledger.execute({ type: 'EstablishLocality', code: '90', name: 'Tỉnh Thử', kind: 'province', effectiveDate: '2019-01-01', ...basis });
  for (const d of new Set(communes.map(([, d]) => d))) await ledger.execute({ type: 'EstablishLocality', code: d, name: `Huyện ${d}`, kind: 'huyen', parentCode: '90', effectiveDate: '2019-01-01', ...basis });
  await ledger.executeAll(communes.map(([code, d]) => ({ type: 'EstablishLocality' as const, code, name: `Xã ${code}`, kind: 'xa' as const, parentCode: d, effectiveDate: '2019-01-01', ...basis })));
  return ledger;
}

describe('comparison groups through trends', () => {
  it('a group id is the same everywhere, whatever the case of the codes (a1, B1): trend, trendsUnder and the report agree', async () => {
    const ledger = await province([['a1', 'D1'], ['B1', 'D1'], ['C', 'D1'], ['Y', 'D1']]);
    await ledger.execute({ type: 'DissolveLocality', code: 'Y', possibleReceivers: ['a1', 'B1'], effectiveDate: '2020-01-01', ...basis });
    await ledger.executeAll([...incidents('a1', '2019-03-01', 4), ...incidents('B1', '2019-03-01', 4), ...incidents('Y', '2019-03-01', 2), ...incidents('a1', '2024-03-01', 3), ...incidents('B1', '2024-03-01', 3)]);
    expect(groupIdOf(['a1', 'B1'])).toBe('B1+a1');
    const s = await ledger.trendsUnder({ locality: '90', level: 'commune', year: 2024 });
    expect(s.partition.groups.map((g) => g.id)).toEqual(['B1+a1']);
    expect(s.verdicts).toEqual([
      { code: 'B1', name: 'Xã B1', outcome: 'met', group: 'B1+a1' },
      { code: 'C', name: 'Xã C', outcome: 'baseline_zero', group: null },
      { code: 'a1', name: 'Xã a1', outcome: 'met', group: 'B1+a1' },
    ]);
    for (const asked of ['a1+B1', 'B1+a1']) {
      const t = await ledger.trend({ locality: asked, year: 2024 });
      expect(t.locality).toBe('B1+a1');
      expect(t.group?.id).toBe('B1+a1');
      expect(t.baseline.count).toMatchObject({ kind: 'count', value: { numerator: 10, denominator: 1 } });
    }
    const model = await buildReport(ledger, { year: 2024, generatedAt: '2025-01-01T00:00:00Z' });
    expect(model.trends.groupList.map((g) => [g.code, g.outcome])).toEqual([['B1+a1', 'met']]);
  });

  it('a group that would be every commune of the province has no verdict of its own: not_comparable, the province beside it', async () => {
    const ledger = await province([['P1', 'D1'], ['P2', 'D1'], ['Y', 'D1']]);
    await ledger.execute({ type: 'DissolveLocality', code: 'Y', possibleReceivers: ['P1', 'P2'], effectiveDate: '2020-01-01', ...basis });
    await ledger.executeAll([...incidents('P1', '2019-03-01', 4), ...incidents('Y', '2019-03-01', 2), ...incidents('P1', '2024-03-01', 1)]);
    const s = await ledger.trendsUnder({ locality: '90', level: 'commune', year: 2024 });
    expect(s.partition.groups.map((g) => [g.id, g.whole])).toEqual([['P1+P2', true]]);
    expect(s.verdicts.map((v) => v.outcome)).toEqual(['not_comparable', 'not_comparable']);
    expect(s.groupResults[0]!.vsBaseline.message).toContain('every locality of the province');
    expect((await ledger.trend({ locality: '90', year: 2024 })).vsBaseline.outcome).toBe('met');
  });

  it('within a district, doubts that reach outside it do not tie its communes together: each such commune escapes, and has no verdict', async () => {
    const ledger = await province([['A', 'D1'], ['B', 'D1'], ['C', 'D1'], ['Y1', 'D1'], ['Y2', 'D1'], ['X', 'D2'], ['Z', 'D2']]);
    await ledger.execute({ type: 'DissolveLocality', code: 'Y1', possibleReceivers: ['A', 'X'], effectiveDate: '2020-01-01', ...basis });
    await ledger.execute({ type: 'DissolveLocality', code: 'Y2', possibleReceivers: ['B', 'Z'], effectiveDate: '2020-01-01', ...basis });
    await ledger.executeAll([...incidents('A', '2019-03-01', 4), ...incidents('Y1', '2019-03-01', 1), ...incidents('A', '2024-03-01', 1), ...incidents('B', '2024-03-01', 1)]);
    const rm = await ledger.readModels();
    const periods = [periodOf('calendar-year', 2019), periodOf('calendar-year', 2024)];
    const byProvince = comparisonGroups(rm.history, { level: 'commune', within: '90', at: '2024-12-31', periods });
    expect(byProvince.groups.map((g) => [g.id, g.escapes])).toEqual([
      ['A+X', false],
      ['B+Z', false],
    ]);
    const byDistrict = comparisonGroups(rm.history, { level: 'commune', within: 'D1', at: '2024-12-31', periods });
    expect(byDistrict.alone).toEqual(['C']);
    expect(byDistrict.groups.map((g) => [g.id, g.escapes])).toEqual([
      ['A', true],
      ['B', true],
    ]);
    const s = await ledger.trendsUnder({ locality: 'D1', level: 'commune', year: 2024 });
    expect(s.verdicts.map((v) => [v.code, v.outcome, v.group])).toEqual([
      ['A', 'not_comparable', 'A'],
      ['B', 'not_comparable', 'B'],
      ['C', 'baseline_zero', null],
    ]);
    // asked on its own, A is assessed in its province-wide group
    expect((await ledger.trend({ locality: 'A', year: 2024 })).group?.id).toBe('A+X');
  });

  it('a possible receiver merged away on the day of the dissolution still names the missing receiver', async () => {
    const ledger = await province([['R1', 'D1'], ['R2', 'D1'], ['T', 'D1'], ['Y', 'D1']]);
    await ledger.execute({ type: 'DissolveLocality', code: 'Y', possibleReceivers: ['R1', 'R2'], effectiveDate: '2020-01-01', ...basis });
    await ledger.execute({ type: 'MergeLocalities', target: 'T', sources: ['R1'], effectiveDate: '2020-01-01', ...basis });
    const p = await ledger.comparisonGroups({ level: 'commune', year: 2024 });
    expect(p.groups.map((g) => [g.id, g.missing.map((f) => f.id)])).toEqual([['R2+T', ['receiver:Y:2020-01-01']]]);
  });

  it('two part transfers of one unit on one day are two facts, each split by its own shares', async () => {
    const ledger = await province([['X', 'D1'], ['Y', 'D1'], ['Z', 'D1']]);
    await ledger.execute({ type: 'TransferPart', code: 'X', to: 'Y', effectiveDate: '2020-01-01', evidence: ev, ...basis });
    await ledger.execute({ type: 'TransferPart', code: 'X', to: 'Z', effectiveDate: '2020-01-01', evidence: ev, ...basis });
    const before = await ledger.comparisonGroups({ level: 'commune', year: 2024 });
    expect(before.groups.map((g) => [g.id, g.missing.map((f) => f.id)])).toEqual([['X+Y+Z', ['shares:X:2020-01-01:X+Y', 'shares:X:2020-01-01:X+Z']]]);
    const share = (a: number, b: number) => ({ numerator: a, denominator: b });
    await ledger.execute({ type: 'AllocateShares', source: 'X', shares: [{ code: 'X', allocation: share(2, 3) }, { code: 'Z', allocation: share(1, 3) }], effectiveDate: '2020-01-01', evidence: ev, ...basis });
    // the part of X in doubt with Y may be the part that went on to Z: the three stay together until X → Y is sized too
    expect((await ledger.comparisonGroups({ level: 'commune', year: 2024 })).groups.map((g) => [g.id, g.missing.map((f) => f.id)])).toEqual([['X+Y+Z', ['shares:X:2020-01-01:X+Y']]]);
    await ledger.execute({ type: 'AllocateShares', source: 'X', shares: [{ code: 'Y', allocation: share(1, 4) }, { code: 'X', allocation: share(3, 4) }], effectiveDate: '2020-01-01', evidence: ev, ...basis });
    const after = await ledger.comparisonGroups({ level: 'commune', year: 2024 });
    expect(after.groups).toEqual([]);
    expect(after.alone).toEqual(['X', 'Y', 'Z']);
  });
});
