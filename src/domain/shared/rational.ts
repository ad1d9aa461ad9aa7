/**
 * Exact non-negative fractions for shares of territory and rebased counts.
 *
 * @module
 */

/** An exact fraction `n / d` (bigint, reduced, `d > 0`). */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x;
}

/**
 * Builds a reduced fraction.
 *
 * @example
 * ```ts
 * rational(2, 4); // { n: 1n, d: 2n }
 * ```
 */
export function rational(n: number | bigint, d: number | bigint = 1): Rational {
  const bn = BigInt(n);
  // counts are whole numbers far more often than not: no gcd to take
  if (d === 1 || d === 1n) return { n: bn, d: 1n };
  const bd = BigInt(d);
  if (bd === 0n) throw new RangeError('denominator must not be zero');
  const sign = bd < 0n ? -1n : 1n;
  const g = gcd(bn, bd) || 1n;
  return { n: (sign * bn) / g, d: (sign * bd) / g };
}

/**
 * 0.
 *
 * @example
 * ```ts
 * compare(ZERO, rational(0, 5)); // 0
 * ```
 */
export const ZERO: Rational = Object.freeze({ n: 0n, d: 1n });
/**
 * 1.
 *
 * @example
 * ```ts
 * compare(add(rational(1, 2), rational(1, 2)), ONE); // 0
 * ```
 */
export const ONE: Rational = Object.freeze({ n: 1n, d: 1n });

/**
 * `a + b`.
 *
 * @example
 * ```ts
 * add(rational(1, 2), rational(1, 3)); // 5/6
 * ```
 */
export function add(a: Rational, b: Rational): Rational {
  if (a.d === 1n && b.d === 1n) return { n: a.n + b.n, d: 1n };
  return rational(a.n * b.d + b.n * a.d, a.d * b.d);
}

/**
 * `a × b`.
 *
 * @example
 * ```ts
 * mul(rational(1, 2), rational(2, 3)); // 1/3
 * ```
 */
export function mul(a: Rational, b: Rational): Rational {
  if (a.d === 1n && b.d === 1n) return { n: a.n * b.n, d: 1n };
  return rational(a.n * b.n, a.d * b.d);
}

/**
 * Compares `a` and `b`: negative, zero or positive.
 *
 * @example
 * ```ts
 * compare(rational(1, 3), rational(1, 2)) < 0; // true
 * ```
 */
export function compare(a: Rational, b: Rational): number {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

/**
 * True when `r` is a whole number.
 *
 * @example
 * ```ts
 * isInteger(rational(4, 2)); // true
 * ```
 */
export function isInteger(r: Rational): boolean {
  return r.d === 1n;
}

/**
 * The fraction as a (possibly inexact) number, for display.
 *
 * @example
 * ```ts
 * toNumber(rational(1, 4)); // 0.25
 * ```
 */
export function toNumber(r: Rational): number {
  return Number(r.n) / Number(r.d);
}

/**
 * The fraction as JSON-safe `{numerator, denominator}`.
 *
 * @example
 * ```ts
 * toFraction(rational(3, 6)); // { numerator: 1, denominator: 2 }
 * ```
 */
export function toFraction(r: Rational): { numerator: number; denominator: number } {
  return { numerator: Number(r.n), denominator: Number(r.d) };
}
