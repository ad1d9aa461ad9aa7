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
  walk(value, path, issues, 0, new Set());
}

function walk(value: unknown, path: Array<string | number>, issues: ValidationIssue[], depth: number, seen: Set<object>): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) issues.push({ path: [...path], code: 'not_json', message: `${value} is not a JSON number` });
      return;
    case 'object': {
      if (value === null) return;
      if (depth >= MAX_JSON_DEPTH) {
        issues.push({ path: [...path], code: 'too_deep', message: `nesting deeper than ${MAX_JSON_DEPTH} levels` });
        return;
      }
      if (seen.has(value)) {
        issues.push({ path: [...path], code: 'not_json', message: 'circular reference' });
        return;
      }
      if (Array.isArray(value)) {
        seen.add(value);
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === undefined) issues.push({ path: [...path, i], code: 'not_json', message: 'undefined is not a JSON value' });
          else walk(item, [...path, i], issues, depth + 1, seen);
        }
        seen.delete(value);
        return;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
        issues.push({ path: [...path], code: 'not_json', message: `a ${name} is not a plain JSON object` });
        return;
      }
      seen.add(value);
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key];
        if (item !== undefined) walk(item, [...path, key], issues, depth + 1, seen);
      }
      seen.delete(value);
      return;
    }
    case 'undefined':
      issues.push({ path: [...path], code: 'not_json', message: 'undefined is not a JSON value' });
      return;
    default:
      issues.push({ path: [...path], code: 'not_json', message: `a ${typeof value} is not a JSON value` });
  }
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
