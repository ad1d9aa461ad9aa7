/**
 * The limits every append is checked against: a leaf module, so that the
 * store port and the write preparation both name them without importing
 * each other.
 *
 * @module
 */

/** Limits applied to every append. */
export interface WriteLimits {
  /** Longest stream id, in UTF-16 code units. Default 256. */
  readonly maxStreamIdLength: number;
  /** Longest event id. Default 128. */
  readonly maxEventIdLength: number;
  /** Largest `data` + `metadata` JSON of one event, in UTF-16 code units. Default 1 MiB. */
  readonly maxEventSize: number;
}

/**
 * The default {@link WriteLimits}.
 *
 * @example
 * ```ts
 * const store = memoryStore({ limits: { ...DEFAULT_WRITE_LIMITS, maxEventSize: 64 * 1024 } });
 * ```
 */
export const DEFAULT_WRITE_LIMITS: WriteLimits = Object.freeze({ maxStreamIdLength: 256, maxEventIdLength: 128, maxEventSize: 1 << 20 });
