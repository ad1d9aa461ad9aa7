// Issue #16, items 1 and 2 (decision 0007): reference data is known from its
// effective date, whenever it was loaded; an as-of date ends at midnight in
// Vietnam (UTC+7), not in UTC.
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../adapters/memory/index.js';
import { Ledger, asOfInstant, buildReport, dayIn, endOfDay, ledgerEvents, manualClock, readModelsAsOf, type LedgerCommand } from '../../src/index.js';

/** A ledger whose store's clock is set to `now` (the recorded time of every append). */
async function ledgerAt(now: string) {
  const clock = manualClock(now);
  const store = memoryStore({ events: ledgerEvents, clock });
  return { ledger: await Ledger.open(store, { clock }), clock, store };
}

describe('as-of dates are days in Vietnam (UTC+7)', () => {
  it('a plain date ends at 23:59:59.999 in Vietnam: 16:59:59.999 UTC', () => {
    expect(asOfInstant('2025-01-20')).toBe('2025-01-20T16:59:59.999Z');
    expect(endOfDay('2025-01-20')).toBe('2025-01-20T16:59:59.999Z');
    expect(asOfInstant('2025-01-20T08:00:00+07:00')).toBe('2025-01-20T01:00:00.000Z');
    expect(dayIn('2025-01-20T16:59:59.999Z')).toBe('2025-01-20');
    expect(dayIn('2025-01-20T17:00:00.000Z')).toBe('2025-01-21');
    expect(() => asOfInstant('2025-02-30x')).toThrow(RangeError);
  });

  it('given a recording at 23:30 on the as-of day and one at 00:30 the next day (Vietnam), when asked as of that day, then only the first counts', async () => {
    const { ledger, clock } = await ledgerAt('2025-01-01T00:00:00Z');
    const on = { effectiveDate: '2019-01-01', legalBasis: 'test' };
    await ledger.executeAll([
      { type: 'EstablishLocality', code: 'P', name: 'Tỉnh Mẫu', kind: 'province', ...on },
      { type: 'EstablishLocality', code: 'A', name: 'Xã An', kind: 'xa', parentCode: 'P', ...on },
    ]);
    const incident = (id: string): LedgerCommand => ({ type: 'RecordIncident', incidentId: id, localityCode: 'A', occurredOn: '2024-12-02', reportedOn: '2024-12-03', labels: ['crime.social-order'] });
    clock.set('2025-01-20T16:30:00Z'); // 23:30 on 20 January in Vietnam
    await ledger.execute(incident('late-evening'));
    clock.set('2025-01-20T17:30:00Z'); // 00:30 on 21 January in Vietnam
    await ledger.execute(incident('after-midnight'));

    const count = async (asOf: string) => {
      const c = await ledger.count({ locality: 'A', metric: 'social-order-crime', year: 2024, asOf });
      return c?.kind === 'count' ? c.value.numerator : null;
    };
    expect(await count('2025-01-20')).toBe(1);
    expect(await count('2025-01-21')).toBe(2);
    // the report as filed on 20 January says so, and stops at that instant
    const filed = await buildReport(ledger, { year: 2024, asOf: '2025-01-20' });
    expect(filed.meta.asOf).toBe('2025-01-20T16:59:59.999Z');
  });
});

describe('reference data is known from its effective date, whenever it was loaded', () => {
  it('given the Thanh Hóa register loaded today, when asked as of 2024-01-15, then the register of 2023 is known and the 2025 reform is not', async () => {
    const { ledger } = await ledgerAt('2026-12-04T03:00:00Z');
    await ledger.loadThanhHoaRegister();
    await ledger.publishBuiltInCriteria();

    // the README's example: no error, the province exists on 31 December 2023
    const filed = await ledger.trend({ locality: '38', year: 2023, asOf: '2024-01-15' });
    expect(filed.name).toBe('Tỉnh Thanh Hóa');
    // no incident was recorded by then: no data, not an error
    expect(filed.vsBaseline.outcome).toBe('baseline_missing');

    const then = await ledger.readModels({ asOf: '2024-01-15' });
    const now = await ledger.readModels();
    const units = (h: typeof now.history, at: string) => [...h.hierarchyAt(at).units.keys()].sort();
    expect(units(then.history, '2023-12-31')).toEqual(units(now.history, '2023-12-31'));
    // on 15 January 2024 nobody knew of the 2025 reform: the districts are still there in 2026
    expect(then.history.hierarchyAt('2026-01-01').ofLevel('district').length).toBeGreaterThan(20);
    expect(now.history.hierarchyAt('2026-01-01').ofLevel('district')).toHaveLength(0);
    // as of the day it took effect, it is known
    const after = await ledger.readModels({ asOf: '2025-07-01' });
    expect(after.history.hierarchyAt('2025-07-01').ofLevel('district')).toHaveLength(0);
    // the criteria catalogue is known too (its own validity dates say where it applies)
    expect(then.catalogue.standard('commune-standard-2021:19.2')).toBeDefined();
  });

  it('a recording of the user made after the as-of time stays invisible, whatever its effective date', async () => {
    const { ledger, clock } = await ledgerAt('2026-12-04T03:00:00Z');
    await ledger.loadThanhHoaRegister();
    clock.set('2026-12-05T03:00:00Z');
    await ledger.execute({ type: 'EstablishLocality', code: '99001', name: 'Thôn Mới', kind: 'thon', parentCode: '15913', effectiveDate: '2020-01-01', legalBasis: 'test' });
    const then = await ledger.readModels({ asOf: '2026-12-04' });
    const now = await ledger.readModels();
    expect(now.history.at('99001', '2023-12-31')).toBeDefined();
    expect(then.history.at('99001', '2023-12-31')).toBeUndefined();
    expect(then.history.at('15913', '2023-12-31')).toBeDefined();
  });

  it('the as-of view of today’s read models equals a refold with the same rule (reference data loaded after the cut-off)', async () => {
    const { ledger, clock, store } = await ledgerAt('2024-01-10T00:00:00Z');
    const on = { effectiveDate: '2019-01-01', legalBasis: 'test' };
    await ledger.executeAll([
      { type: 'EstablishLocality', code: 'P', name: 'Tỉnh Mẫu', kind: 'province', ...on },
      { type: 'EstablishLocality', code: 'A', name: 'Xã An', kind: 'xa', parentCode: 'P', ...on },
    ]);
    clock.set('2026-12-04T03:00:00Z');
    await ledger.loadThanhHoaRegister();
    await ledger.publishBuiltInCriteria();
    for (const asOf of ['2023-06-30', '2024-01-15', '2025-06-30', '2025-07-01', '2026-12-04']) {
      const view = await ledger.readModels({ asOf });
      const refold = await readModelsAsOf(store, asOf);
      expect(view.register, asOf).toEqual(refold.register);
      expect(view.criteria, asOf).toEqual(refold.criteria);
      for (const at of ['2023-12-31', '2025-12-31']) expect([...view.history.hierarchyAt(at).units.keys()].sort(), `${asOf} ${at}`).toEqual([...refold.history.hierarchyAt(at).units.keys()].sort());
    }
  });
});

describe('a report that cannot be made says why', () => {
  it('an empty register, a year before the register starts, a year not begun: each names its cause', async () => {
    const empty = await ledgerAt('2026-12-04T03:00:00Z');
    await expect(buildReport(empty.ledger, { year: 2024 })).rejects.toThrow(/the register is empty: load the units first/);

    const { ledger } = await ledgerAt('2026-12-04T03:00:00Z');
    await ledger.loadThanhHoaRegister();
    await expect(buildReport(ledger, { year: 2015 })).rejects.toThrow(/the register starts on 2019-01-01: no province exists on 2015-12-31; report a year from 2019 on/);
    await expect(buildReport(ledger, { year: 2030 })).rejects.toThrow(/report year 2030: it has not begun \(today is 2026-12-04 in UTC\+7\)/);
    // the year in course can be reported
    expect((await buildReport(ledger, { year: 2026 })).meta.year).toBe(2026);
  });
});
