/**
 * JSON value types and a checker that reports every non-JSON value in a
 * payload (with its path) instead of letting `JSON.stringify` drop or mangle it.
 *
 * @module
 */
import type { ValidationIssue } from './errors.js';

/** A JSON primitive. */
export type JsonPrimitive = string | number | boolean | null;
/** Any JSON value. */
export type JsonValue = JsonPrimitive | JsonObject | JsonValue[];
/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Deepest nesting accepted in a payload.
 *
 * @example
 * ```ts
 * checkJson(deeplyNested, ['data'], issues); // pushes a 'too_deep' issue past MAX_JSON_DEPTH levels
 * ```
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Appends to `issues` one entry per value under `value` that JSON cannot
 * represent faithfully (undefined in arrays, functions, symbols, bigints,
 * non-finite numbers, class instances such as `Date` or `Map`, cycles, and
 * nesting deeper than {@link MAX_JSON_DEPTH}). `undefined` object properties
 * are allowed: they are dropped, as JSON drops them.
 *
 * @example
 * ```ts
 * const issues: ValidationIssue[] = [];
 * checkJson({ when: new Date() }, ['data'], issues);
 * issues[0].path; // ['data', 'when']
 * ```
 */
export function checkJson(value: unknown, path: Array<string | number>, issues: ValidationIssue[]): void {
  // One mutable path stack for the whole walk; it is copied only when an
  // issue is reported, so valid payloads allocate nothing per node. The
  // objects being walked (to find cycles) are a stack too: a cycle is an
  // object met again among its own ancestors, at most MAX_JSON_DEPTH deep.
  walk(value, [...path], issues, 0, []);
}

function report(issues: ValidationIssue[], path: Array<string | number>, code: 'not_json' | 'too_deep', message: string): void {
  issues.push({ path: [...path], code, message });
}

function walk(value: unknown, path: Array<string | number>, issues: ValidationIssue[], depth: number, ancestors: object[]): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) report(issues, path, 'not_json', `${value} is not a JSON number`);
      return;
    case 'object': {
      if (value === null) return;
      if (depth >= MAX_JSON_DEPTH) {
        report(issues, path, 'too_deep', `nesting deeper than ${MAX_JSON_DEPTH} levels`);
        return;
      }
      if (ancestors.includes(value)) {
        report(issues, path, 'not_json', 'circular reference');
        return;
      }
      if (Array.isArray(value)) {
        ancestors.push(value);
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          path.push(i);
          if (item === undefined) report(issues, path, 'not_json', 'undefined is not a JSON value');
          else walk(item, path, issues, depth + 1, ancestors);
          path.pop();
        }
        ancestors.pop();
        return;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
        report(issues, path, 'not_json', `a ${name} is not a plain JSON object`);
        return;
      }
      ancestors.push(value);
      for (const key in value) {
        if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
        const item = (value as Record<string, unknown>)[key];
        if (item === undefined) continue;
        path.push(key);
        walk(item, path, issues, depth + 1, ancestors);
        path.pop();
      }
      ancestors.pop();
      return;
    }
    case 'undefined':
      report(issues, path, 'not_json', 'undefined is not a JSON value');
      return;
    default:
      report(issues, path, 'not_json', `a ${typeof value} is not a JSON value`);
  }
}

/**
 * A short description of any value for an error message: never throws (a
 * BigInt, a cycle or a throwing `toJSON` would make `JSON.stringify` throw),
 * and never longer than `max` characters (a hostile value may be megabytes).
 *
 * @example
 * ```ts
 * describeValue(10n);                 // '10n'
 * describeValue('x'.repeat(1e6), 12); // '"xxxxxxxxxx…'
 * const o: Record<string, unknown> = {}; o.self = o;
 * describeValue(o);                   // '[object Object]'
 * ```
 */
export function describeValue(value: unknown, max = 80): string {
  let s: string | undefined;
  if (value === undefined) s = 'undefined';
  else if (typeof value === 'bigint') s = `${value}n`;
  else if (typeof value === 'symbol') s = value.toString();
  else if (typeof value === 'function') s = 'a function';
  else {
    try {
      s = JSON.stringify(value);
    } catch {
      s = undefined;
    }
  }
  if (s === undefined) s = Object.prototype.toString.call(value);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * True when `v` is a plain object (not null, not an array).
 *
 * @example
 * ```ts
 * isPlainObject({}); // true
 * isPlainObject(new Date()); // false
 * ```
 */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Deep equality of two JSON values, ignoring object key order.
 *
 * @example
 * ```ts
 * jsonEqual({ a: 1, b: [2] }, { b: [2], a: 1 }); // true
 * ```
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/**
 * Recursively freezes a JSON value in place and returns it.
 *
 * @example
 * ```ts
 * const v = deepFreeze({ a: [1] }); Object.isFrozen(v.a); // true
 * ```
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const k of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[k]);
  }
  return value;
}

/**
 * `o[key]` if `key` is an own property of `o`, else `undefined`: for objects
 * keyed by user data (codes, ids), where `o['toString']` would otherwise
 * return an inherited member.
 *
 * @example
 * ```ts
 * getOwn({ a: 1 }, 'a');        // 1
 * getOwn({ a: 1 }, 'toString'); // undefined
 * ```
 */
export function getOwn<V>(o: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

/**
 * Sets an own, enumerable property, even for keys such as `__proto__`
 * (which plain assignment would turn into a prototype change).
 *
 * @example
 * ```ts
 * const o: Record<string, number> = {};
 * setOwn(o, '__proto__', 1);
 * Object.keys(o); // ['__proto__'], and Object.getPrototypeOf(o) is still Object.prototype
 * ```
 */
export function setOwn<V>(o: Record<string, V>, key: string, value: V): void {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
}
