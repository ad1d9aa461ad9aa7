/**
 * Typed errors of ntm-antt. Every error has a stable string `code` that
 * programs can switch on; messages are for people and may change.
 *
 * @module
 */

/** A JSON-safe bag of details attached to an error. */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/**
 * Base class of every error thrown by ntm-antt.
 *
 * @example
 * ```ts
 * try {
 *   await store.append('s', [evt], { expectedVersion: 'no_stream' });
 * } catch (e) {
 *   if (isNtmAnttError(e)) console.error(e.code, e.message);
 * }
 * ```
 */
export class NtmAnttError extends Error {
  /** Stable machine-readable code, e.g. `wrong_expected_version`. */
  readonly code: string;
  /** Structured details (entity, field, values) behind the message. */
  readonly details: ErrorDetails;

  constructor(code: string, message: string, options: { cause?: unknown; details?: ErrorDetails } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
  }

  /** A plain object for logs and JSON output. */
  toJSON(): { name: string; code: string; message: string; details: ErrorDetails } {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/** One problem found while validating input. */
export interface ValidationIssue {
  /** Where the problem is, from the root of the input (e.g. `['events', 2, 'data', 'severity']`). */
  readonly path: ReadonlyArray<string | number>;
  /** Stable code of the problem (zod's issue code, or one of ntm-antt's, e.g. `unknown_event_type`). */
  readonly code: string;
  /** Human-readable description. */
  readonly message: string;
}

/**
 * Formats a path like `events[2].data.severity`.
 *
 * @example
 * ```ts
 * formatPath(['events', 2, 'data', 'severity']); // 'events[2].data.severity'
 * ```
 */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * Input failed validation. Carries every issue found, not only the first.
 *
 * @example
 * ```ts
 * if (isValidationError(e)) for (const i of e.issues) console.log(formatPath(i.path), i.message);
 * ```
 */
export class ValidationError extends NtmAnttError {
  /** Every problem found, in input order. */
  readonly issues: readonly ValidationIssue[];
  /** What was being validated, e.g. `append to stream incident-7f3`. */
  readonly entity: string;

  constructor(entity: string, issues: readonly ValidationIssue[], options: { cause?: unknown } = {}) {
    const shown = issues
      .slice(0, 20)
      .map((i) => `${formatPath(i.path)}: ${i.message}`)
      .join('; ');
    const more = issues.length > 20 ? `; … and ${issues.length - 20} more` : '';
    super('validation_failed', `${entity}: ${issues.length} invalid field${issues.length === 1 ? '' : 's'}: ${shown}${more}`, {
      ...options,
      details: { entity, issues },
    });
    this.issues = issues;
    this.entity = entity;
  }
}

/** The expected version of a stream, KurrentDB style. */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

/**
 * An append's `expectedVersion` did not match the stream.
 *
 * @example
 * ```ts
 * if (isConcurrencyError(e)) console.log(e.streamId, e.expected, e.actual);
 * ```
 */
export class ConcurrencyError extends NtmAnttError {
  readonly streamId: string;
  readonly expected: ExpectedVersion;
  /** The stream's current version (0 when the stream has no events). */
  readonly actual: number;

  constructor(streamId: string, expected: ExpectedVersion, actual: number) {
    super(
      'wrong_expected_version',
      `stream ${streamId}: expected version ${String(expected)}, but the stream is at version ${actual}${actual === 0 ? ' (no stream)' : ''}`,
      { details: { streamId, expected, actual } },
    );
    this.streamId = streamId;
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * An event id already stored with different content (or in another stream)
 * was appended again.
 *
 * @example
 * ```ts
 * if (e instanceof EventIdConflictError) console.log(e.eventId);
 * ```
 */
export class EventIdConflictError extends NtmAnttError {
  readonly eventId: string;
  constructor(eventId: string, reason: string) {
    super('event_id_conflict', `event ${eventId}: ${reason}`, { details: { eventId, reason } });
    this.eventId = eventId;
  }
}

/**
 * Something asked for does not exist.
 *
 * @example
 * ```ts
 * throw new NotFoundError('locality', '99999');
 * ```
 */
export class NotFoundError extends NtmAnttError {
  readonly entity: string;
  readonly key: string;
  constructor(entity: string, key: string, message?: string) {
    super('not_found', message ?? `${entity} ${key}: not found`, { details: { entity, key } });
    this.entity = entity;
    this.key = key;
  }
}

/**
 * A command broke a rule of the domain. `code` names the rule
 * (e.g. `locality_not_found_on_date`).
 *
 * @example
 * ```ts
 * throw new DomainRuleError('merge_into_closed_unit', 'locality 15913: closed on 2019-12-01', { code: '15913' });
 * ```
 */
export class DomainRuleError extends NtmAnttError {
  constructor(code: string, message: string, details: ErrorDetails = {}, options: { cause?: unknown } = {}) {
    super(code, message, { ...options, details });
  }
}

/**
 * The stored data is not what ntm-antt wrote (corrupt file, undecodable row,
 * unknown event type on read).
 *
 * @example
 * ```ts
 * if (isNtmAnttError(e) && e.code === 'store_corrupt') console.error(e.details['path']);
 * ```
 */
export class StoreCorruptError extends NtmAnttError {
  constructor(message: string, details: ErrorDetails = {}, options: { cause?: unknown; code?: string } = {}) {
    super(options.code ?? 'store_corrupt', message, { details, cause: options.cause });
  }
}

/**
 * The store cannot be opened or used (missing permissions, locked, newer
 * schema, closed).
 *
 * @example
 * ```ts
 * if (e instanceof StoreUnavailableError) console.error(e.code, e.details['path']);
 * ```
 */
export class StoreUnavailableError extends NtmAnttError {
  constructor(code: string, message: string, details: ErrorDetails = {}, options: { cause?: unknown } = {}) {
    super(code, message, { details, cause: options.cause });
  }
}

/**
 * Raised by any operation on a store after `close()`.
 *
 * @example
 * ```ts
 * await store.close();
 * await store.headPosition(); // throws StoreClosedError, code 'store_closed'
 * ```
 */
export class StoreClosedError extends StoreUnavailableError {
  constructor(operation: string) {
    super('store_closed', `event store: cannot ${operation}: the store is closed`, { operation });
  }
}

/**
 * A read met an event type that no registered definition describes.
 *
 * @example
 * ```ts
 * for await (const e of store.readAll({ raw: true })) console.log(e.type); // raw reads never throw it
 * ```
 */
export class UnknownEventTypeError extends NtmAnttError {
  readonly eventType: string;
  readonly position: number;
  constructor(eventType: string, position: number) {
    super('unknown_event_type', `event at position ${position}: unknown event type ${JSON.stringify(eventType)}`, {
      details: { eventType, position },
    });
    this.eventType = eventType;
    this.position = position;
  }
}

/**
 * True for any error thrown by ntm-antt.
 *
 * @example
 * ```ts
 * if (isNtmAnttError(e) && e.code === 'wrong_expected_version') retry();
 * ```
 */
export function isNtmAnttError(e: unknown): e is NtmAnttError {
  return e instanceof NtmAnttError;
}

/**
 * True for a {@link ValidationError}.
 *
 * @example
 * ```ts
 * if (isValidationError(e)) console.table(e.issues);
 * ```
 */
export function isValidationError(e: unknown): e is ValidationError {
  return e instanceof ValidationError;
}

/**
 * True for a {@link ConcurrencyError}.
 *
 * @example
 * ```ts
 * if (isConcurrencyError(e)) console.log(`at ${e.actual}`);
 * ```
 */
export function isConcurrencyError(e: unknown): e is ConcurrencyError {
  return e instanceof ConcurrencyError;
}

/**
 * True for a {@link DomainRuleError}, optionally with a given code.
 *
 * @example
 * ```ts
 * if (isDomainRuleError(e, 'merge_into_closed_unit')) …
 * ```
 */
export function isDomainRuleError(e: unknown, code?: string): e is DomainRuleError {
  return e instanceof DomainRuleError && (code === undefined || e.code === code);
}
