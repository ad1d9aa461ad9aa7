/**
 * The port through which the projection runner folds parts of the log
 * elsewhere (in worker threads, another process): each part starts from the
 * projections' initial states, and the runner merges the parts in order with
 * each projection's `merge`.
 *
 * @module
 */
import type { EventRegistry } from './event-registry.js';
import type { Projection } from './projection-definition.js';

/** One part of the log to fold. */
export interface RangeFoldRequest {
  /** Names of the projections to fold (all declare `merge`). */
  readonly projections: readonly string[];
  /** First position of the part (inclusive). */
  readonly fromPosition: number;
  /** Last position of the part (inclusive). */
  readonly toPosition: number;
}

/** The range a claimed part folds (both ends inclusive). */
export interface ClaimedRange {
  readonly fromPosition: number;
  readonly toPosition: number;
}

/**
 * A part of the log whose range is decided when the folder is ready to fold
 * it (its worker has started and loaded its modules), so that the calling
 * thread folds from the start meanwhile instead of waiting.
 */
export interface ClaimedFoldRequest {
  /** Names of the projections to fold (all declare `merge`). */
  readonly projections: readonly string[];
  /**
   * Call once, when ready to fold: the range to fold, taken from the end of
   * what the calling thread has not folded yet, or `undefined` when too
   * little is left to hand over (a share smaller than `minSpan / (concurrency + 1)`
   * positions, the size of the parts of a split decided up front); then
   * resolve with `{ ok: true, states: {}, applied: {} }` without folding.
   * After it returns a range, the calling thread never folds that range for
   * these projections unless the part fails.
   */
  claim(): ClaimedRange | undefined;
  /**
   * Aborted when the calling thread takes no more claims: it has folded
   * everything nobody claimed, or its run failed. A part that has not claimed
   * yet may stop at once and resolve with `{ ok: true, states: {}, applied: {} }`
   * (the runner does not wait for it); a later `claim()` returns `undefined`.
   * Parts that claimed a range must still fold it (after a failed run their
   * results are dropped).
   */
  readonly signal: AbortSignal;
}

/** What folding one part produced: saved (codec-encoded) states, or why it could not. */
export type RangeFoldResult =
  | {
      readonly ok: true;
      /** projection name → its state in saved form (`codec.encode`, or the state itself). */
      readonly states: Readonly<Record<string, unknown>>;
      /** projection name → events applied. */
      readonly applied: Readonly<Record<string, number>>;
    }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

/**
 * Folds parts of the log elsewhere. An adapter supplies one (e.g.
 * `sqliteRangeFolder` runs worker threads on the same database file).
 *
 * @example
 * ```ts
 * const parallel: RangeFolder = sqliteRangeFolder({ file: 'ledger.db', module: READ_MODEL_BUNDLE });
 * await runProjections(store, READ_MODEL_PROJECTIONS, { rebuild: true, parallel });
 * ```
 */
export interface RangeFolder {
  /** Parts it folds at the same time (e.g. worker threads). */
  readonly concurrency: number;
  /** Fewest positions to fold for splitting to be worth it (default 100,000). */
  readonly minSpan?: number;
  /** Folds one part; never rejects (a failure is `{ ok: false }`). */
  foldRange(request: RangeFoldRequest): Promise<RangeFoldResult>;
  /**
   * Optional: folds a part whose range it claims when ready (see
   * {@link ClaimedFoldRequest}); never rejects. When a folder has it, the
   * runner starts folding at once and hands each part a share of what is
   * left when that part is ready, so a worker's start-up time is not lost.
   * A part that fails before claiming is ignored; one that fails after is
   * folded by the runner instead.
   */
  foldClaimed?(request: ClaimedFoldRequest): Promise<RangeFoldResult>;
}

/**
 * What a worker needs to fold parts of the log: the projections, and the
 * event registry to decode (upcast) stored events with. A module that
 * exports one (by default as `default`) can be handed to a range folder.
 *
 * @example
 * ```ts
 * // my-bundle.ts
 * export default { projections: [countsProjection], events: myEvents } satisfies ProjectionBundle;
 * ```
 */
export interface ProjectionBundle {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly projections: ReadonlyArray<Projection<any, any>>;
  readonly events?: EventRegistry;
}
