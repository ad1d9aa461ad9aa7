// Issue #16, item 5: a standard that does not apply to a unit gets no outcome of its rule.
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../adapters/memory/index.js';
import { Ledger, ledgerEvents } from '../../src/index.js';

describe('attainment answers what was asked', () => {
  it('given a phường, when asked for the rural-xã indicator 19.2, then not_applicable with the reason; a xã gets an outcome of the rule', async () => {
    const ledger = await Ledger.open(memoryStore({ events: ledgerEvents }));
    await ledger.loadThanhHoaRegister();
    await ledger.publishBuiltInCriteria();

    const ward = await ledger.attainment({ locality: '15913', standard: 'commune-standard-2021:19.2', year: 2024 });
    expect(ward).toMatchObject({ outcome: 'not_applicable', locality: '15913', name: 'Phường Tào Xuyên', kind: 'phuong' });
    expect(ward.outcome === 'not_applicable' && ward.reason).toBe('a phuong on 2024-12-31: commune-standard-2021:19.2 applies to xa only');

    const xa = await ledger.attainment({ locality: '16000', standard: 'commune-standard-2021:19.2', year: 2024 });
    expect(xa.outcome).not.toBe('not_applicable');
    if (xa.outcome === 'not_applicable') return;
    expect(xa.computed.outcome).toBe(xa.outcome);
    expect(xa.name).toBe('Xã Hoằng Thanh');
    // the rate leaves the ward out with the same reason, and counts the xã
    const rate = await ledger.attainmentRate({ standard: 'commune-standard-2021:19.2', year: 2024 });
    expect(rate.exclusions.find((e) => e.code === '15913')?.reason).toBe(ward.outcome === 'not_applicable' ? ward.reason : null);
    expect(rate.eligible.some((m) => m.code === '16000')).toBe(true);
  });
});
