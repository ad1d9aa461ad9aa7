/**
 * Shared by every adapter: turns the arguments of `append`/`appendMany` into
 * validated, encoded writes, reporting every problem at once, and checks
 * expected versions with KurrentDB semantics.
 *
 * @module
 */
import { ConcurrencyError, ValidationError, type ExpectedVersion, type ValidationIssue } from './errors.js';
import { EMPTY_METADATA, EMPTY_METADATA_JSON, type EventMetadata, type NewEvent } from './event.js';
import { validatePayload, type EventRegistry } from './event-registry.js';
import { uuidV7 } from './ids.js';
import { checkJson, describeValue, isPlainObject } from './json.js';
import type { StreamWrite } from './store.js';
import { DEFAULT_WRITE_LIMITS, type WriteLimits } from './write-limits.js';

export { DEFAULT_WRITE_LIMITS, type WriteLimits };

/** An event ready to be stored. */
export interface EncodedEvent {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  /** The validated payload. */
  readonly data: unknown;
  /** `JSON.stringify(data)`. */
  readonly dataJson: string;
  readonly metadata: EventMetadata;
  /** `JSON.stringify(metadata)`. */
  readonly metadataJson: string;
}

/** One stream's validated write. */
export interface EncodedWrite {
  readonly streamId: string;
  readonly expectedVersion: ExpectedVersion;
  readonly events: readonly EncodedEvent[];
}

/** Non-empty, no control characters or surrogates, no whitespace (as `trim` sees it) at either end. */
// eslint-disable-next-line no-control-regex
const PLAIN_IDENTIFIER = /^[^\s\u0000-\u001f\u007f-\u009f\uD800-\uDFFF](?:[^\u0000-\u001f\u007f-\u009f\uD800-\uDFFF]*[^\s\u0000-\u001f\u007f-\u009f\uD800-\uDFFF])?$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Event type names already found well-formed (a program uses a few dozen): checked once, not per event. */
const CHECKED_TYPES = new Set<string>();

/**
 * Describes what is wrong with an identifier (stream id, event id), or returns
 * undefined when it is acceptable: a non-empty, well-formed Unicode string
 * without control characters, within `max` code units.
 *
 * @example
 * ```ts
 * identifierProblem('incident-1', 256); // undefined
 * identifierProblem('a\u0000b', 256);   // 'must not contain control characters'
 * ```
 */
export function identifierProblem(value: unknown, max: number): string | undefined {
  // the common case in one test: no control characters, no surrogates at all, no whitespace at the ends
  if (typeof value === 'string' && value.length <= max && PLAIN_IDENTIFIER.test(value)) return undefined;
  if (typeof value !== 'string') return `must be a string, got ${value === null ? 'null' : typeof value}`;
  if (value.length === 0) return 'must not be empty';
  if (value.length > max) return `must be at most ${max} characters, got ${value.length}`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return 'must not contain control characters';
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (no lone surrogates)';
  if (value.trim() !== value) return 'must not start or end with whitespace';
  return undefined;
}

function expectedVersionProblem(v: unknown): string | undefined {
  if (v === 'any' || v === 'no_stream' || v === 'stream_exists') return undefined;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return undefined;
  return `must be 'any', 'no_stream', 'stream_exists' or a version number >= 0, got ${describeValue(v)}`;
}

/**
 * The one write of `append(streamId, events, options)`: checks that `options`
 * is an object (a {@link ValidationError} at path `options` otherwise, e.g.
 * for `null`) and carries its expected version, so that every adapter refuses
 * the same calls the same way and hands {@link prepareWrites} the same write.
 *
 * @example
 * ```ts
 * appendWrite('s', events, { expectedVersion: 3 }); // { streamId: 's', events, expectedVersion: 3 }
 * appendWrite('s', events, null);                   // throws ValidationError (options must be an object)
 * ```
 */
export function appendWrite(streamId: string, events: readonly NewEvent[], options: unknown): StreamWrite {
  if (options === undefined) return { streamId, events };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValidationError(`append to stream ${typeof streamId === 'string' ? streamId : '(invalid id)'}`, [
      { path: ['options'], code: 'invalid_type', message: `options must be an object { expectedVersion? }, got ${describeValue(options)}` },
    ]);
  }
  const expectedVersion = (options as { expectedVersion?: unknown }).expectedVersion as StreamWrite['expectedVersion'];
  // an unchecked value: prepareWrites reports a bad expected version with the others
  return expectedVersion === undefined ? { streamId, events } : { streamId, events, expectedVersion };
}

/** Options of {@link prepareWrites}. */
export interface PrepareOptions {
  readonly registry: EventRegistry | undefined;
  readonly limits?: WriteLimits;
  /** Makes ids for events without one. Default (also when `undefined`): {@link uuidV7}. */
  readonly newId?: (() => string) | undefined;
}

/**
 * Validates and encodes writes. Throws one {@link ValidationError} listing
 * every problem (with paths such as `writes[1].events[3].data.severity`);
 * nothing is written by the caller in that case.
 *
 * @example
 * ```ts
 * const [w] = prepareWrites('append', [{ streamId: 's', events: [{ type: 'T', data: {} }] }], { registry: undefined });
 * w.events[0].dataJson; // '{}'
 * ```
 */
export function prepareWrites(kind: 'append' | 'appendMany', writes: readonly StreamWrite[], options: PrepareOptions): EncodedWrite[] {
  const limits = options.limits ?? DEFAULT_WRITE_LIMITS;
  const newId = options.newId ?? uuidV7;
  const issues: ValidationIssue[] = [];
  const single = kind === 'append';
  const out: EncodedWrite[] = [];
  const seenIds = new Map<string, ReadonlyArray<string | number>>();
  const seenStreams = new Set<string>();

  if (!Array.isArray(writes)) {
    throw new ValidationError('appendMany', [{ path: ['writes'], code: 'invalid_type', message: 'must be an array of stream writes' }]);
  }
  // one event in all (a single append): no duplicate ids to look for
  const oneEvent = writes.length === 1 && Array.isArray((writes[0] as { events?: unknown } | undefined)?.events) && (writes[0] as StreamWrite).events.length === 1;
  for (let w = 0; w < writes.length; w++) {
    const write: unknown = writes[w];
    const base: Array<string | number> = single ? [] : ['writes', w];
    if (!isPlainObject(write)) {
      issues.push({ path: base, code: 'invalid_type', message: 'must be an object { streamId, events, expectedVersion }' });
      continue;
    }
    const streamId = write['streamId'];
    const sp = identifierProblem(streamId, limits.maxStreamIdLength);
    if (sp !== undefined) issues.push({ path: [...base, 'streamId'], code: 'invalid_stream_id', message: `stream id ${sp}` });
    else if (seenStreams.has(streamId as string)) {
      issues.push({ path: [...base, 'streamId'], code: 'duplicate_stream', message: `stream ${String(streamId)} appears twice in one appendMany; put its events in one write` });
    } else if (!single) seenStreams.add(streamId as string);

    const expectedVersion = write['expectedVersion'] === undefined ? 'any' : write['expectedVersion'];
    const ep = expectedVersionProblem(expectedVersion);
    if (ep !== undefined) issues.push({ path: [...base, 'expectedVersion'], code: 'invalid_expected_version', message: `expectedVersion ${ep}` });

    const events = write['events'];
    if (!Array.isArray(events)) {
      issues.push({ path: [...base, 'events'], code: 'invalid_type', message: 'events must be an array' });
      continue;
    }
    const encoded: EncodedEvent[] = [];
    for (let i = 0; i < events.length; i++) {
      const p: Array<string | number> = [...base, 'events', i];
      const e = encodeEvent(events[i], p, options.registry, limits, newId, issues);
      if (e === undefined) continue;
      if (!oneEvent) {
        const prev = seenIds.get(e.id);
        if (prev !== undefined) {
          issues.push({ path: [...p, 'id'], code: 'duplicate_event_id', message: `event id ${e.id} is used twice in this batch (also at ${prev.join('.')})` });
        } else seenIds.set(e.id, p);
      }
      encoded.push(e);
    }
    out.push({ streamId: streamId as string, expectedVersion: expectedVersion as ExpectedVersion, events: encoded });
  }

  if (issues.length > 0) {
    const first = writes[0] as { streamId?: unknown } | undefined;
    const entity = single ? `append to stream ${typeof first?.streamId === 'string' ? first.streamId : '(invalid id)'}` : `appendMany of ${writes.length} stream writes`;
    throw new ValidationError(entity, issues);
  }
  return out;
}

function encodeEvent(
  ev: unknown,
  p: Array<string | number>,
  registry: EventRegistry | undefined,
  limits: WriteLimits,
  newId: () => string,
  issues: ValidationIssue[],
): EncodedEvent | undefined {
  if (!isPlainObject(ev)) {
    issues.push({ path: p, code: 'invalid_type', message: 'event must be an object { type, data, id?, metadata? }' });
    return undefined;
  }
  const before = issues.length;
  const type = ev['type'];
  const tp = typeof type === 'string' && CHECKED_TYPES.has(type) ? undefined : identifierProblem(type, 200);
  if (tp === undefined && CHECKED_TYPES.size < 1024) CHECKED_TYPES.add(type as string);
  if (tp !== undefined) issues.push({ path: [...p, 'type'], code: 'invalid_event_type', message: `type ${tp}` });

  let id = ev['id'];
  if (id === undefined) id = newId();
  else {
    const ip = identifierProblem(id, limits.maxEventIdLength);
    if (ip !== undefined) issues.push({ path: [...p, 'id'], code: 'invalid_event_id', message: `id ${ip}` });
  }

  const sv = ev['schemaVersion'];
  if (sv !== undefined && !(typeof sv === 'number' && Number.isSafeInteger(sv) && sv >= 1)) {
    issues.push({ path: [...p, 'schemaVersion'], code: 'invalid_type', message: 'schemaVersion must be an integer >= 1' });
  }

  let data: unknown = ev['data'];
  let schemaVersion = typeof sv === 'number' ? sv : 1;
  if (!isPlainObject(data)) {
    issues.push({ path: [...p, 'data'], code: 'invalid_type', message: 'data must be a plain object' });
  } else if (registry !== undefined && tp === undefined) {
    const r = validatePayload(registry, type as string, data, sv as number | undefined, p, issues);
    if (r.ok) {
      data = r.data;
      schemaVersion = r.schemaVersion;
    }
  }
  if (isPlainObject(data)) checkJson(data, [...p, 'data'], issues);

  const metaIn = ev['metadata'];
  let metadata: EventMetadata = EMPTY_METADATA;
  if (metaIn !== undefined) {
    if (!isPlainObject(metaIn)) issues.push({ path: [...p, 'metadata'], code: 'invalid_type', message: 'metadata must be a plain object' });
    else {
      checkJson(metaIn, [...p, 'metadata'], issues);
      metadata = metaIn as EventMetadata;
    }
  }
  if (issues.length > before) return undefined;

  const dataJson = JSON.stringify(data);
  const metadataJson = metadata === EMPTY_METADATA ? EMPTY_METADATA_JSON : JSON.stringify(metadata);
  if (dataJson.length + metadataJson.length > limits.maxEventSize) {
    issues.push({ path: p, code: 'too_large', message: `event is ${dataJson.length + metadataJson.length} characters of JSON, more than the limit of ${limits.maxEventSize}` });
    return undefined;
  }
  return { id: id as string, type: type as string, schemaVersion, data, dataJson, metadata, metadataJson };
}

/**
 * Throws {@link ConcurrencyError} unless a stream at version `actual` (0: no
 * stream) satisfies `expected`.
 *
 * @example
 * ```ts
 * checkExpectedVersion('s', 'no_stream', 0); // ok
 * checkExpectedVersion('s', 3, 4);           // throws, e.actual === 4
 * ```
 */
export function checkExpectedVersion(streamId: string, expected: ExpectedVersion, actual: number): void {
  if (!satisfiesExpectedVersion(expected, actual)) throw new ConcurrencyError(streamId, expected, actual);
}

/**
 * True when a stream at version `actual` satisfies `expected`.
 *
 * @example
 * ```ts
 * satisfiesExpectedVersion('stream_exists', 0); // false
 * satisfiesExpectedVersion(3, 3); // true
 * ```
 */
export function satisfiesExpectedVersion(expected: ExpectedVersion, actual: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 0;
    case 'stream_exists':
      return actual > 0;
    default:
      return actual === expected;
  }
}
