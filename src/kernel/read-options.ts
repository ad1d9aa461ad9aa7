/**
 * Validation of read options, shared by every adapter so that they reject the
 * same inputs with the same errors.
 *
 * @module
 */
import { ValidationError, type ValidationIssue } from './errors.js';
import { describeValue } from './json.js';
import type { ReadAllOptions, ReadStreamOptions } from './store.js';

/**
 * Default rows per `readAll` round trip.
 *
 * @example
 * ```ts
 * for await (const e of store.readAll({ batchSize: DEFAULT_READ_BATCH_SIZE * 2 })) handle(e);
 * ```
 */
export const DEFAULT_READ_BATCH_SIZE = 2000;

/** The options argument as an object: `undefined` is no options; anything else that is not an object is an issue. */
function optionsObject<T extends object>(o: unknown, issues: ValidationIssue[]): Partial<T> {
  if (o === undefined) return {};
  if (typeof o !== 'object' || o === null || Array.isArray(o)) {
    issues.push({ path: ['options'], code: 'invalid_type', message: `options must be an object, got ${describeValue(o)}` });
    return {};
  }
  return o as Partial<T>;
}

function positiveInt(v: unknown, name: string, min: number, issues: ValidationIssue[]): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    issues.push({ path: [name], code: 'invalid_option', message: `${name} must be an integer >= ${min}, got ${describeValue(v)}` });
    return undefined;
  }
  return v;
}

/** Normalised {@link ReadStreamOptions}. */
export interface ReadStreamBounds {
  readonly from: number | undefined;
  readonly to: number | undefined;
  readonly backward: boolean;
  readonly limit: number;
}

/**
 * Checks and normalises `readStream` options.
 *
 * @example
 * ```ts
 * validateReadStreamOptions('s', { direction: 'backward', limit: 5 }); // { from: undefined, to: undefined, backward: true, limit: 5 }
 * ```
 */
export function validateReadStreamOptions(streamId: string, options: ReadStreamOptions | undefined): ReadStreamBounds {
  const issues: ValidationIssue[] = [];
  const o = optionsObject<ReadStreamOptions>(options, issues);
  if (typeof streamId !== 'string' || streamId.length === 0) issues.push({ path: ['streamId'], code: 'invalid_stream_id', message: 'stream id must be a non-empty string' });
  const from = positiveInt(o.fromVersion, 'fromVersion', 1, issues);
  const to = positiveInt(o.toVersion, 'toVersion', 1, issues);
  const limit = positiveInt(o.limit, 'limit', 0, issues);
  if (o.direction !== undefined && o.direction !== 'forward' && o.direction !== 'backward') {
    issues.push({ path: ['direction'], code: 'invalid_option', message: `direction must be 'forward' or 'backward'` });
  }
  if (issues.length > 0) throw new ValidationError(`readStream ${String(streamId)}`, issues);
  return { from, to, backward: o.direction === 'backward', limit: limit ?? Number.MAX_SAFE_INTEGER };
}

/** Normalised {@link ReadAllOptions}. */
export interface ReadAllBounds {
  readonly from: number;
  readonly to: number | undefined;
  readonly types: ReadonlySet<string> | undefined;
  readonly prefix: string | undefined;
  readonly batchSize: number;
}

/**
 * Checks and normalises `readAll` options.
 *
 * @example
 * ```ts
 * validateReadAllOptions({ fromPosition: 10, types: ['A'] }).types?.has('A'); // true
 * ```
 */
export function validateReadAllOptions(options: ReadAllOptions | undefined): ReadAllBounds {
  const issues: ValidationIssue[] = [];
  const o = optionsObject<ReadAllOptions>(options, issues);
  const from = positiveInt(o.fromPosition, 'fromPosition', 1, issues) ?? 1;
  const to = positiveInt(o.toPosition, 'toPosition', 0, issues);
  const batchSize = positiveInt(o.batchSize, 'batchSize', 1, issues) ?? DEFAULT_READ_BATCH_SIZE;
  let types: Set<string> | undefined;
  if (o.types !== undefined) {
    if (!Array.isArray(o.types) || o.types.some((t) => typeof t !== 'string')) {
      issues.push({ path: ['types'], code: 'invalid_option', message: 'types must be an array of strings' });
    } else types = new Set(o.types);
  }
  if (o.streamPrefix !== undefined && typeof o.streamPrefix !== 'string') {
    issues.push({ path: ['streamPrefix'], code: 'invalid_option', message: 'streamPrefix must be a string' });
  }
  if (issues.length > 0) throw new ValidationError('readAll', issues);
  return { from, to, types, prefix: o.streamPrefix === '' ? undefined : o.streamPrefix, batchSize };
}
