/**
 * Injectable clocks. A store asks its clock for the transaction time of each
 * append (`recordedAt`) and keeps `recordedAt` non-decreasing in position even
 * if the clock steps back.
 *
 * @module
 */

/** A source of the current time. */
export interface Clock {
  /** The current time in milliseconds since the epoch (UTC). */
  now(): number;
}

/**
 * The machine's clock.
 *
 * @example
 * ```ts
 * const store = memoryStore({ clock: systemClock });
 * ```
 */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

/** A clock tests can set and move, forwards or backwards. */
export interface ManualClock extends Clock {
  /** Sets the time (a `Date`, an ISO string or epoch milliseconds). */
  set(time: Date | string | number): void;
  /** Moves the time by `ms` milliseconds (negative steps back). */
  advance(ms: number): void;
}

/**
 * A clock that only moves when told to.
 *
 * @example
 * ```ts
 * const clock = manualClock('2024-01-01T00:00:00Z');
 * clock.advance(60_000);
 * new Date(clock.now()).toISOString(); // '2024-01-01T00:01:00.000Z'
 * ```
 */
export function manualClock(start: Date | string | number = 0): ManualClock {
  let t = toEpochMs(start);
  return {
    now: () => t,
    set(time) {
      t = toEpochMs(time);
    },
    advance(ms) {
      t += ms;
    },
  };
}

/**
 * Converts a `Date`, ISO-8601 string or epoch milliseconds to epoch milliseconds.
 * Throws a `RangeError` for an unparseable value.
 *
 * @example
 * ```ts
 * toEpochMs('2019-12-31T23:59:59Z'); // 1577836799000
 * ```
 */
export function toEpochMs(time: Date | string | number): number {
  const ms = typeof time === 'number' ? time : typeof time === 'string' ? Date.parse(time) : time.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid time: ${String(time)}`);
  return ms;
}

/**
 * Formats epoch milliseconds as the ISO-8601 UTC string stored in `recordedAt`.
 *
 * @example
 * ```ts
 * isoTime(0); // '1970-01-01T00:00:00.000Z'
 * ```
 */
export function isoTime(ms: number): string {
  // appends in one millisecond share their time: format it once
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
}
let lastMs = Number.NaN;
let lastIso = '';
