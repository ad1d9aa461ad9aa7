/**
 * What a projection is, and how one is declared: a leaf module, so that the
 * runner and the range folders both name it without importing each other.
 *
 * @module
 */
import type { StoredEvent } from './event.js';

/**
 * A projection. `apply` may mutate `state` in place (it is the runner's
 * private working copy) and return nothing, or return a new state.
 * `state` must stay JSON-serialisable.
 */
export interface Projection<S, E extends StoredEvent = StoredEvent> {
  /** Unique name; the key of its checkpoint. */
  readonly name: string;
  /** Bump when `apply` changes meaning: the runner then rebuilds from zero. */
  readonly version: number;
  /** Event types it reads; others are skipped (and not even read). */
  readonly handles: readonly string[];
  /** A fresh initial state (called once per rebuild). */
  initialState(): S;
  apply(state: S, event: E): S | void;
  /**
   * How the state is saved and loaded when it is not plain JSON (e.g. it uses
   * `Map`s for speed): `encode` must return JSON, `decode(encode(s))` must equal `s`.
   */
  readonly codec?: { encode(state: S): unknown; decode(saved: unknown): S };
  /**
   * Makes the projection splittable: `merge(earlier, later)` combines the
   * states folded (each from `initialState()`) over two consecutive position
   * ranges, so that folding (a, b] and (b, c] and merging equals folding
   * (a, c]. It may mutate and return `earlier`. With it, a rebuild can fold
   * parts of the log in parallel (see {@link RunOptions.parallel}).
   */
  readonly merge?: (earlier: S, later: S) => S;
  /**
   * Optional, with `merge` and `codec`: merges a later part given in its
   * saved form (`codec.encode`), as parts folded elsewhere arrive, without
   * decoding it into a state first. Must equal `merge(earlier, codec.decode(saved))`.
   */
  readonly mergeSaved?: (earlier: S, laterSaved: unknown) => S;
}

/**
 * Declares a projection (checks its fields; returns it unchanged).
 *
 * @example
 * ```ts
 * const counts = defineProjection<Record<string, number>>({
 *   name: 'counts', version: 1, handles: ['IncidentRecorded'],
 *   initialState: () => ({}),
 *   apply(s, e) { s[e.streamId] = (s[e.streamId] ?? 0) + 1; },
 * });
 * ```
 */
export function defineProjection<S, E extends StoredEvent = StoredEvent>(projection: Projection<S, E>): Projection<S, E> {
  if (typeof projection.name !== 'string' || projection.name.length === 0) throw new RangeError('projection: name must be a non-empty string');
  if (!Number.isSafeInteger(projection.version) || projection.version < 1) throw new RangeError(`projection ${projection.name}: version must be an integer >= 1`);
  if (!Array.isArray(projection.handles)) throw new RangeError(`projection ${projection.name}: handles must be an array of event types`);
  return projection;
}
