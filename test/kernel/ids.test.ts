import fc from 'fast-check';
import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { uuidV7 } from '../../src/kernel/index.js';

describe('uuidV7', () => {
  it('makes valid, unique, strictly increasing version-7 UUIDs', () => {
    const ids = Array.from({ length: 50_000 }, () => uuidV7());
    for (const id of ids.slice(0, 1000)) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
  });

  it('encodes the current time in its first 48 bits', () => {
    fc.assert(
      fc.property(fc.constant(null), () => {
        const before = Date.now();
        const id = uuidV7();
        const ms = Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
        expect(ms).toBeGreaterThanOrEqual(before - 1);
        expect(ms).toBeLessThanOrEqual(Date.now() + 5000);
      }),
      { numRuns: 50 },
    );
  });
});
