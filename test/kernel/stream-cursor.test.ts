/**
 * StreamCursor: paging a stream by versions, in any direction, batch size and
 * limit, yields exactly the versions the read's bounds select, once each.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamCursor, validateReadStreamOptions } from '../../src/kernel/index.js';

/** The versions a read selects, written out directly. */
function expected(length: number, o: { fromVersion?: number; toVersion?: number; direction?: 'forward' | 'backward'; limit?: number }): number[] {
  const all = Array.from({ length }, (_, i) => i + 1);
  const backward = o.direction === 'backward';
  const from = o.fromVersion ?? (backward ? Number.MAX_SAFE_INTEGER : 1);
  const to = o.toVersion ?? (backward ? 1 : Number.MAX_SAFE_INTEGER);
  const picked = backward ? all.filter((v) => v <= from && v >= to).reverse() : all.filter((v) => v >= from && v <= to);
  return picked.slice(0, o.limit ?? Number.MAX_SAFE_INTEGER);
}

/** Pages a stream of `length` versions with the cursor, fetching as an adapter would. */
function paged(length: number, o: Parameters<typeof expected>[1], batch: number, clamp: boolean): number[] {
  const cursor = new StreamCursor(validateReadStreamOptions('s', o), clamp ? { backwardFrom: length, forwardTo: length } : {});
  const out: number[] = [];
  for (let guard = 0; guard < 1000; guard++) {
    const page = cursor.page(batch);
    if (page === undefined) return out;
    // what an adapter's query returns: the stream's versions between the page's ends, in the read's order, at most `limit`
    const between = Array.from({ length }, (_, i) => i + 1).filter((v) => v >= Math.min(page.from, page.to) && v <= Math.max(page.from, page.to));
    const rows = (cursor.backward ? between.reverse() : between).slice(0, page.limit);
    out.push(...rows);
    cursor.advance(rows.length, rows[rows.length - 1]);
  }
  throw new Error('the cursor did not end');
}

describe('StreamCursor', () => {
  it('property: pages select exactly the versions of the read, in order, whatever the batch size and clamping', () => {
    const opts = fc.record(
      { fromVersion: fc.integer({ min: 1, max: 30 }), toVersion: fc.integer({ min: 1, max: 30 }), direction: fc.constantFrom<'forward' | 'backward'>('forward', 'backward'), limit: fc.integer({ min: 0, max: 30 }) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.nat({ max: 25 }), opts, fc.integer({ min: 1, max: 7 }), fc.boolean(), (length, o, batch, clamp) => {
        expect(paged(length, o, batch, clamp)).toEqual(expected(length, o));
      }),
      { numRuns: 2000 },
    );
  });

  it('a short page ends the read, and so does the limit', () => {
    const c = new StreamCursor(validateReadStreamOptions('s', { limit: 5 }));
    expect(c.page(3)).toEqual({ from: 1, to: Number.MAX_SAFE_INTEGER, limit: 3 });
    c.advance(3, 3);
    expect(c.page(3)).toEqual({ from: 4, to: Number.MAX_SAFE_INTEGER, limit: 2 });
    c.advance(1, 4);
    expect(c.page(3)).toBeUndefined();
  });
});
