// Issue #4 acceptance: "as known at T". Corrections recorded after T change
// today's answers but not the answer asOf T (recordedAt is controlled with a
// manual clock).
import { describe, expect, it } from 'vitest';
import { isNtmAnttError } from '../../src/kernel/index.js';
import { ONE_DAY, decision, incidents, openLedger, recognise, smallProvince } from './fixtures.js';

const F = (n: number) => ({ numerator: n, denominator: 1 });

describe('incident corrections after T', () => {
  it('a reclassification and retractions recorded after T change the count and the trend now, not asOf T', async () => {
    const { ledger, clock } = await openLedger('2025-01-10T08:00:00Z');
    await smallProvince(ledger, [
      { code: '90001', name: 'Xã An', kind: 'xa' },
      { code: '90002', name: 'Xã Bình', kind: 'xa' },
    ]);
    await ledger.executeAll([...incidents('90001', '2019-04-15', 40, 'y19'), ...incidents('90001', '2024-04-15', 38, 'y24')]);
    const T = new Date(clock.now()).toISOString();

    // as filed at T: 40 → 38, exactly a 5 % cut
    const filed = await ledger.trend({ locality: '90001', year: 2024 });
    expect(filed.vsBaseline.outcome).toBe('met');

    clock.advance(ONE_DAY);
    // two 2019 cases were recorded in error
    await ledger.executeAll([
      { type: 'RetractIncident', incidentId: 'y19-90001-2019-04-15-0', reason: 'duplicate of another record' },
      { type: 'RetractIncident', incidentId: 'y19-90001-2019-04-15-1', reason: 'duplicate of another record' },
    ]);
    const T2 = new Date(clock.now()).toISOString();
    clock.advance(ONE_DAY);
    // one 2024 case was not a crime after all
    await ledger.execute({ type: 'ReclassifyIncident', incidentId: 'y24-90001-2024-04-15-0', labels: ['violation.other'], reason: 'administrative violation, not a crime' });

    // now: 38 → 37, a 2.63 % cut: not met
    const now = await ledger.trend({ locality: '90001', year: 2024 });
    expect(now.baseline.count).toMatchObject({ kind: 'count', value: F(38) });
    expect(now.current.count).toMatchObject({ kind: 'count', value: F(37) });
    expect(now.vsBaseline.outcome).toBe('not_met');
    expect((await ledger.count({ locality: '90001', year: 2024 }))).toMatchObject({ value: F(37) });
    expect((await ledger.count({ locality: '90001', year: 2024, metric: 'other-violations' }))).toMatchObject({ value: F(1) });

    // as of T: unchanged
    const asOfT = await ledger.trend({ locality: '90001', year: 2024, asOf: T });
    expect(asOfT.baseline.count).toMatchObject({ kind: 'count', value: F(40) });
    expect(asOfT.current.count).toMatchObject({ kind: 'count', value: F(38) });
    expect(asOfT.vsBaseline.outcome).toBe('met');
    expect(await ledger.count({ locality: '90001', year: 2019, asOf: T })).toMatchObject({ value: F(40) });
    expect(await ledger.count({ locality: '90001', year: 2024, asOf: new Date(T) })).toMatchObject({ value: F(38) });
    expect(await ledger.count({ locality: '90001', year: 2024, metric: 'other-violations', asOf: Date.parse(T) })).toMatchObject({ value: F(0) });

    // as of T2: the retractions, not yet the reclassification (38 → 38)
    const asOfT2 = await ledger.trend({ locality: '90001', year: 2024, asOf: T2 });
    expect(asOfT2.baseline.count).toMatchObject({ value: F(38) });
    expect(asOfT2.current.count).toMatchObject({ value: F(38) });
    expect(asOfT2.vsBaseline.outcome).toBe('not_met');

    // asking as of T did not disturb today's answer
    expect((await ledger.trend({ locality: '90001', year: 2024 })).vsBaseline.outcome).toBe('not_met');
    expect((await ledger.readModels({ asOf: T })).asOf).toBe(T);
  });

  it('a relocation after T moves the case between communes now, not asOf T', async () => {
    const { ledger, clock } = await openLedger('2025-01-10T08:00:00Z');
    await smallProvince(ledger, [
      { code: '90001', name: 'Xã An', kind: 'xa' },
      { code: '90002', name: 'Xã Bình', kind: 'xa' },
    ]);
    await ledger.executeAll(incidents('90001', '2024-04-15', 3, 'r'));
    const T = new Date(clock.now()).toISOString();
    clock.advance(60_000);
    await ledger.execute({ type: 'RelocateIncident', incidentId: 'r-90001-2024-04-15-0', localityCode: '90002', reason: 'wrong commune' });
    expect(await ledger.count({ locality: '90001', year: 2024 })).toMatchObject({ value: F(2) });
    expect(await ledger.count({ locality: '90002', year: 2024 })).toMatchObject({ value: F(1) });
    expect(await ledger.count({ locality: '90001', year: 2024, asOf: T })).toMatchObject({ value: F(3) });
    expect(await ledger.count({ locality: '90002', year: 2024, asOf: T })).toMatchObject({ value: F(0) });
    // the district total is the same either way
    expect(await ledger.count({ locality: '901', year: 2024 })).toMatchObject({ value: F(3) });
    expect(await ledger.count({ locality: '901', year: 2024, asOf: T })).toMatchObject({ value: F(3) });
  });

  it('before the register was recorded, the locality is unknown as of that time', async () => {
    const { ledger, clock } = await openLedger('2025-01-10T08:00:00Z');
    const before = new Date(clock.now() - 1000).toISOString();
    clock.advance(ONE_DAY);
    await smallProvince(ledger, [{ code: '90001', name: 'Xã An', kind: 'xa' }]);
    await expect(ledger.trend({ locality: '90001', year: 2024, asOf: before })).rejects.toSatisfy((e: unknown) => isNtmAnttError(e) && e.code === 'not_found');
    expect((await ledger.trend({ locality: '90001', year: 2024 })).locality).toBe('90001');
  });
});

describe('register knowledge after T', () => {
  it('a receiver identified after T makes the receiver comparable now, while asOf T it stays not_comparable', async () => {
    const { ledger, clock } = await openLedger('2025-01-10T08:00:00Z');
    await smallProvince(ledger, [
      { code: '90001', name: 'Xã An', kind: 'xa' },
      { code: '90002', name: 'Xã Bình', kind: 'xa' },
      { code: '90003', name: 'Xã Châu', kind: 'xa' },
    ]);
    await ledger.execute({ type: 'DissolveLocality', code: '90003', possibleReceivers: ['90001', '90002'], effectiveDate: '2021-01-01', legalBasis: 'NQ thử' });
    await ledger.executeAll([...incidents('90001', '2019-04-15', 4, 'a'), ...incidents('90003', '2019-04-15', 2, 'c'), ...incidents('90001', '2024-04-15', 5, 'a')]);
    const T = new Date(clock.now()).toISOString();
    expect((await ledger.trend({ locality: '90001', year: 2024 })).vsBaseline.outcome).toBe('not_comparable');

    clock.advance(ONE_DAY);
    await ledger.execute({ type: 'IdentifyReceiver', code: '90003', receiver: '90001', effectiveDate: '2021-01-01', legalBasis: 'QĐ thử (văn bản gốc)', evidence: { level: 'documented', source: 'QĐ thử', quote: 'sáp nhập xã Châu vào xã An' } });

    // now: 4 + 2 = 6 in 2019 against 5 in 2024, a 16.67 % cut
    const now = await ledger.trend({ locality: '90001', year: 2024 });
    expect(now.baseline.count).toMatchObject({ kind: 'count', value: F(6) });
    expect(now.vsBaseline.outcome).toBe('met');
    expect(now.predecessors.map((p) => p.source)).toEqual(['90001', '90003']);
    expect((await ledger.trend({ locality: '90002', year: 2024 })).baseline.count).toMatchObject({ kind: 'count', value: F(0) });

    const then = await ledger.trend({ locality: '90001', year: 2024, asOf: T });
    expect(then.vsBaseline.outcome).toBe('not_comparable');
    expect(then.baseline.count).toMatchObject({ kind: 'not_comparable', known: F(4) });
  });
});

describe('recognition revoked after T', () => {
  it('changes the attainment rate now, not asOf T', async () => {
    const { ledger, clock } = await openLedger('2025-01-05T08:00:00Z');
    await ledger.publishBuiltInCriteria();
    await smallProvince(ledger, [
      { code: '90001', name: 'Xã An', kind: 'xa' },
      { code: '90002', name: 'Xã Bình', kind: 'xa' },
      { code: '90003', name: 'Xã Châu', kind: 'xa' },
    ]);
    await ledger.executeAll([
      recognise('r1', '90001', 'commune-standard-2021:19.2', 2024, '2024-12-20'),
      recognise('r2', '90002', 'commune-standard-2021:19.2', 2024, '2024-12-20'),
    ]);
    const T = new Date(clock.now()).toISOString();
    clock.advance(30 * ONE_DAY);
    await ledger.execute({ type: 'RevokeRecognition', recognitionId: 'r2', localityCode: '90002', reason: 'untruthful dossier', decision: decision('9/QĐ-UBND', '2025-02-01') });

    const now = await ledger.attainmentRate({ standard: 'commune-standard-2021:19.2', year: 2024, computed: false });
    const then = await ledger.attainmentRate({ standard: 'commune-standard-2021:19.2', year: 2024, computed: false, asOf: T });
    expect(now.assessable && then.assessable).toBe(true);
    if (!now.assessable || !then.assessable) return;
    expect(now.official).toMatchObject({ numerator: 1, denominator: 3, members: ['90001'] });
    expect(then.official).toMatchObject({ numerator: 2, denominator: 3, members: ['90001', '90002'] });
    expect(now.eligible.find((m) => m.code === '90002')?.recognised).toBe('revoked');
    expect(then.eligible.find((m) => m.code === '90002')?.recognised).toBe('recognised');

    const a = await ledger.attainment({ locality: '90002', standard: 'commune-standard-2021:19.2', year: 2024 });
    const aT = await ledger.attainment({ locality: '90002', standard: 'commune-standard-2021:19.2', year: 2024, asOf: T });
    if (a.outcome === 'not_applicable' || aT.outcome === 'not_applicable') throw new Error('90002 is a xã: the standard applies');
    expect(a.recognised.status).toBe('revoked');
    expect(aT.recognised.status).toBe('recognised');
  });
});
