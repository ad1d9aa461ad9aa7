/**
 * Event ids: UUID version 7 (time-ordered, so the unique index grows at its
 * end), made from a pooled random buffer — an order of magnitude cheaper than
 * a fresh `crypto` call per id.
 *
 * @module
 */
import { randomFillSync } from 'node:crypto';

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const POOL = new Uint8Array(16 * 1024);
let offset = POOL.length;
let lastMs = -1;
let sequence = 0;

/**
 * A new UUID v7 (RFC 9562): 48 bits of Unix milliseconds, then random bits;
 * ids made in the same millisecond by one process are strictly increasing.
 *
 * @example
 * ```ts
 * uuidV7(); // '01937d2a-6b1c-7e3f-9a4b-5c6d7e8f9a0b'
 * ```
 */
export function uuidV7(): string {
  if (offset + 10 > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  let ms = Date.now();
  if (ms <= lastMs) {
    // same (or earlier) millisecond: keep order with a 12-bit sequence in rand_a
    sequence++;
    if (sequence > 0xfff) {
      lastMs++;
      sequence = 0;
    }
    ms = lastMs;
  } else {
    lastMs = ms;
    sequence = POOL[offset]! & 0x3f; // random start, leaves room to count up
  }
  const p = POOL;
  const o = offset;
  offset += 10;
  const t = ms;
  const h = Math.floor(t / 0x100000000);
  const l = t >>> 0;
  return (
    HEX[(h >>> 8) & 0xff]! +
    HEX[h & 0xff]! +
    HEX[(l >>> 24) & 0xff]! +
    HEX[(l >>> 16) & 0xff]! +
    '-' +
    HEX[(l >>> 8) & 0xff]! +
    HEX[l & 0xff]! +
    '-' +
    HEX[0x70 | ((sequence >>> 8) & 0x0f)]! +
    HEX[sequence & 0xff]! +
    '-' +
    HEX[0x80 | (p[o + 1]! & 0x3f)]! +
    HEX[p[o + 2]!]! +
    '-' +
    HEX[p[o + 3]!]! +
    HEX[p[o + 4]!]! +
    HEX[p[o + 5]!]! +
    HEX[p[o + 6]!]! +
    HEX[p[o + 7]!]! +
    HEX[p[o + 8]!]!
  );
}
