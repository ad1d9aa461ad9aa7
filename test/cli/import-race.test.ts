// Issue #16, item 9: two imports of the same file at once both succeed; the rows are in the store once.
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../adapters/memory/index.js';
import { importCsv } from '../../src/cli/csv-import.js';
import { Ledger, ledgerEvents } from '../../src/index.js';
import { VALID_INCIDENTS } from './fixtures.js';

describe('importCsv under a race', () => {
  it('given two imports of one file started together, when both finish, then each succeeds and the store holds the rows once', async () => {
    const ledger = await Ledger.open(memoryStore({ events: ledgerEvents }));
    await ledger.loadThanhHoaRegister();
    const head = await ledger.store.headPosition();
    const bytes = new TextEncoder().encode(VALID_INCIDENTS);
    // both check the rows against the same state before either writes
    const [a, b] = await Promise.all([importCsv(ledger, 'incidents', { file: 'a.csv', bytes }), importCsv(ledger, 'incidents', { file: 'a.csv', bytes })]);
    expect(a.imported + b.imported).toBe(3);
    expect(a.alreadyPresent + b.alreadyPresent).toBe(3);
    expect((await ledger.store.headPosition()) - head).toBe(3);
  });
});
