// Hostile values for the fuzz tests of issue #7 (fast-check arbitraries), each tagged with its category so that a
// test can say which must be refused wherever they go.
import fc from 'fast-check';

/** A hostile value and what it is. */
export interface Hostile {
  readonly category: Category;
  /** A short label for messages and figures. */
  readonly label: string;
  /** Made fresh for each use (mutable objects must not be shared between runs). */
  make(): unknown;
}

/** Categories of hostile values. */
export type Category =
  | 'wrong-type'
  | 'number-edge'
  | 'huge-string'
  | 'huge-array'
  | 'deep-nesting'
  | 'proto-keys'
  | 'reserved-name'
  | 'sql'
  | 'control-chars'
  | 'lone-surrogate'
  | 'bad-date'
  | 'empty-or-blank';

/** Categories that no string field, no number field and no object field of the domain accepts. */
export const ALWAYS_INVALID: ReadonlySet<Category> = new Set(['huge-array', 'deep-nesting', 'proto-keys', 'lone-surrogate']);

class Exotic {
  readonly x = 1;
}

const nest = (depth: number, kind: 'object' | 'array'): unknown => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = kind === 'object' ? { a: v } : [v];
  return v;
};

const h = (category: Category, label: string, make: () => unknown): Hostile => ({ category, label, make });

/** Own `__proto__`/`constructor`/`prototype` keys, made with JSON.parse as an attacker's JSON body would. */
export const PROTO_PAYLOADS = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"prototype":{"polluted":"yes"}}',
  '{"__proto__":{"__proto__":{"polluted":"yes"}},"a":1}',
  '{"a":{"__proto__":{"polluted":"yes"}},"b":[{"__proto__":{"polluted":"yes"}}]}',
] as const;

/** SQL-looking strings. */
export const SQL_STRINGS = [
  "'; DROP TABLE events; --",
  "Robert'); DELETE FROM streams WHERE ('1'='1",
  '" OR 1=1 --',
  "x' UNION SELECT id, data FROM events --",
  '%_%',
  "1; UPDATE projections SET state = '{}'; --",
  'SELECT * FROM sqlite_master',
  "'); PRAGMA user_version = 99; --",
] as const;

/** Calendar dates that do not exist and malformed ones. */
export const BAD_DATES = ['2019-02-30', '2023-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '24-03-01', '2024-3-1', '2024/03/01', '2024-03-01T00:00:00Z', ' 2024-03-01', '2024-03-01\n', '+002024-03-01', '２０２４-03-01', '2024-03-0１', '10000-01-01'] as const;

const CONTROL = [0x00, 0x01, 0x07, 0x08, 0x0b, 0x0c, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9f] as const;

/** Every hostile value, by category. */
export const HOSTILE: readonly Hostile[] = [
  // wrong types
  h('wrong-type', 'null', () => null),
  h('wrong-type', 'undefined', () => undefined),
  h('wrong-type', 'true', () => true),
  h('wrong-type', 'number 42', () => 42),
  h('wrong-type', 'bigint', () => 10n ** 30n),
  h('wrong-type', 'symbol', () => Symbol('s')),
  h('wrong-type', 'function', () => () => 'x'),
  h('wrong-type', 'Date', () => new Date('2024-03-02T00:00:00Z')),
  h('wrong-type', 'Map', () => new Map([['a', 1]])),
  h('wrong-type', 'Set', () => new Set([1])),
  h('wrong-type', 'RegExp', () => /x/),
  h('wrong-type', 'Error', () => new Error('x')),
  h('wrong-type', 'Uint8Array', () => new Uint8Array([1, 2])),
  h('wrong-type', 'class instance', () => new Exotic()),
  h('wrong-type', 'empty object', () => ({})),
  h('wrong-type', 'empty array', () => []),
  h('wrong-type', 'array of strings', () => ['a', 'b']),
  h('wrong-type', 'sparse array', () => [, 1] as unknown[]), // eslint-disable-line no-sparse-arrays
  h('wrong-type', 'object with a getter', () => Object.defineProperty({}, 'x', { get: () => 1, enumerable: true })),
  h('wrong-type', 'circular object', () => {
    const o: Record<string, unknown> = {};
    o['self'] = o;
    return o;
  }),
  h('wrong-type', 'object with toJSON', () => ({ toJSON: () => 'sneaky' })),
  h('wrong-type', 'boxed string', () => new String('x')), // eslint-disable-line no-new-wrappers
  // numbers
  h('number-edge', 'NaN', () => Number.NaN),
  h('number-edge', 'Infinity', () => Number.POSITIVE_INFINITY),
  h('number-edge', '-Infinity', () => Number.NEGATIVE_INFINITY),
  h('number-edge', '-1', () => -1),
  h('number-edge', '0.5', () => 0.5),
  h('number-edge', '2^53', () => 2 ** 53),
  h('number-edge', '1e308', () => 1e308),
  h('number-edge', 'number as string', () => '7'),
  // sizes
  h('huge-string', 'string of 4,001', () => 'x'.repeat(4001)),
  h('huge-string', 'string of 70,000 đ', () => 'đ'.repeat(70_000)),
  h('huge-string', 'string of 1.1 M', () => 'y'.repeat(1_100_000)),
  h('huge-string', 'string of 300,000 emoji', () => '😀'.repeat(300_000)),
  h('huge-array', 'array of 20,000', () => Array.from({ length: 20_000 }, (_, i) => `security.x${i}`)),
  h('huge-array', 'array of 40 labels', () => Array.from({ length: 40 }, (_, i) => `security.a${i}`)),
  h('deep-nesting', 'objects 100 deep', () => nest(100, 'object')),
  h('deep-nesting', 'arrays 5,000 deep', () => nest(5_000, 'array')),
  h('deep-nesting', 'objects 20,000 deep', () => nest(20_000, 'object')),
  // prototype keys
  ...PROTO_PAYLOADS.map((json) => h('proto-keys', `JSON ${json}`, () => JSON.parse(json) as unknown)),
  // names of Object.prototype members (valid codes by the letter)
  ...['constructor', 'hasOwnProperty', 'toString', 'valueOf', '__proto__', 'prototype', 'isPrototypeOf', '__defineGetter__'].map((name) => h('reserved-name', name, () => name)),
  // SQL
  ...SQL_STRINGS.map((s) => h('sql', s, () => s)),
  // control characters, lone surrogates
  ...CONTROL.map((c) => h('control-chars', `U+${c.toString(16).padStart(4, '0')} inside`, () => `ab${String.fromCharCode(c)}cd`)),
  h('control-chars', 'a line break', () => 'ab\ncd'),
  h('control-chars', 'bidi override U+202E', () => 'ab\u202Ecd'),
  h('control-chars', 'zero-width space', () => 'ab\u200Bcd'),
  ...[0xd800, 0xdbff, 0xdc00, 0xdfff].map((c) => h('lone-surrogate', `lone U+${c.toString(16)}`, () => `ab${String.fromCharCode(c)}cd`)),
  h('lone-surrogate', 'reversed pair', () => '\udc00\ud800'),
  // dates
  ...BAD_DATES.map((d) => h('bad-date', JSON.stringify(d), () => d)),
  // empty and blank
  h('empty-or-blank', 'empty string', () => ''),
  h('empty-or-blank', 'spaces', () => '   '),
  h('empty-or-blank', 'surrounding spaces', () => ' x '),
];

/** A fast-check arbitrary over {@link HOSTILE}, optionally restricted to some categories. */
export function hostile(categories?: readonly Category[]): fc.Arbitrary<Hostile> {
  const pool = categories === undefined ? HOSTILE : HOSTILE.filter((x) => categories.includes(x.category));
  return fc.constantFrom(...pool);
}

/** A short, safe description of any value (for messages about huge or cyclic values). */
export function describeValue(v: unknown): string {
  try {
    const s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'bigint' ? `${v}n` : typeof v === 'symbol' || typeof v === 'function' ? String(v) : JSON.stringify(v);
    if (s === undefined) return String(v);
    return s.length > 80 ? `${s.slice(0, 77)}… (${s.length} characters)` : s;
  } catch {
    return Object.prototype.toString.call(v);
  }
}
