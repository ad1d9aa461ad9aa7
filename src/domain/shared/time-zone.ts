/**
 * Civil time of a province: what "as filed on 20 January 2025" means.
 * A day in a province's records is a day of its own clock, not of UTC.
 *
 * @module
 */
import type { IsoDate } from './values.js';

/** A fixed-offset civil time (Vietnam has kept one offset all year since 1975). */
export interface TimeZone {
  /** The IANA name, for the record. */
  readonly id: string;
  /** Minutes ahead of UTC. */
  readonly utcOffsetMinutes: number;
  /** How a report names it. */
  readonly label: string;
}

/**
 * Vietnam's time, UTC+7 (reference data: the default time zone of every
 * province; a ledger may be opened with another).
 *
 * @example
 * ```ts
 * VIETNAM_TIME.utcOffsetMinutes; // 420
 * ```
 */
export const VIETNAM_TIME: TimeZone = Object.freeze({ id: 'Asia/Ho_Chi_Minh', utcOffsetMinutes: 420, label: 'UTC+7' });

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The instant a knowledge cut-off names, as an ISO time in UTC: a plain date
 * is the last millisecond of that day in `zone`; a time (or a `Date`, or
 * epoch milliseconds) is taken as it is.
 *
 * @throws RangeError when `asOf` is not a date or time.
 * @example
 * ```ts
 * asOfInstant('2025-01-20');              // '2025-01-20T16:59:59.999Z' (23:59:59.999 in Vietnam)
 * asOfInstant('2025-01-20T08:00:00Z');    // '2025-01-20T08:00:00.000Z'
 * ```
 */
export function asOfInstant(asOf: Date | string | number, zone: TimeZone = VIETNAM_TIME): string {
  const ms = typeof asOf === 'string' && PLAIN_DATE.test(asOf) ? Date.parse(`${asOf}T23:59:59.999Z`) - zone.utcOffsetMinutes * 60_000 : asOf instanceof Date ? asOf.getTime() : typeof asOf === 'number' ? asOf : Date.parse(asOf);
  if (!Number.isFinite(ms)) throw new RangeError(`as of ${String(asOf)}: not a date (YYYY-MM-DD) or an ISO time`);
  return new Date(ms).toISOString();
}

/**
 * The calendar day of an instant in `zone`.
 *
 * @example
 * ```ts
 * dayIn('2025-01-20T17:30:00Z'); // '2025-01-21' (00:30 in Vietnam)
 * ```
 */
export function dayIn(instant: Date | string | number, zone: TimeZone = VIETNAM_TIME): IsoDate {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  return new Date(ms + zone.utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}
