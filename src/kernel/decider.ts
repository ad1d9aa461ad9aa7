/**
 * Deciders: `{ initialState, evolve, decide }` aggregates, and `handle()`,
 * which loads a stream, decides, and appends with the loaded version as the
 * expected version, retrying a bounded number of times on conflict.
 *
 * @module
 */
import { produce, type Draft } from 'immer';
import { ConcurrencyError } from './errors.js';
import type { EventMetadata, NewEvent } from './event.js';
import type { AppendResult, EventStore } from './store.js';

/** The part of an event a decider reads: its type and payload. */
export interface DomainEvent<T extends string = string, D = unknown> {
  readonly type: T;
  readonly data: D;
}

/**
 * A domain aggregate: pure functions from commands and past events to new events.
 * `decide` throws a {@link DomainRuleError} (or {@link ValidationError}) to reject a command.
 */
export interface Decider<C, E extends DomainEvent, S> {
  readonly initialState: S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S): readonly E[];
}

/**
 * Builds an `evolve` that mutates an immer draft.
 *
 * @example
 * ```ts
 * const evolve = immerEvolve<{ n: number }, Incremented>((draft, e) => { draft.n += e.data.by; });
 * ```
 */
export function immerEvolve<S, E>(recipe: (draft: Draft<S>, event: E) => void): (state: S, event: E) => S {
  return (state, event) => produce(state, (draft) => recipe(draft, event));
}

/**
 * Folds events into a decider's state.
 *
 * @example
 * ```ts
 * const state = foldEvents(decider, [e1, e2]);
 * ```
 */
export function foldEvents<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, events: Iterable<E>, from: S = decider.initialState): S {
  let s = from;
  for (const e of events) s = decider.evolve(s, e);
  return s;
}

/** Options of {@link handle}. */
export interface HandleOptions {
  /** Attempts after the first when the append conflicts. Default 3. */
  readonly maxRetries?: number;
  /** Metadata added to every event appended. */
  readonly metadata?: EventMetadata;
  /**
   * Makes the id of the `i`th new event, for idempotent commands (e.g. from an
   * import row key). Default: generated.
   */
  readonly eventId?: (event: DomainEvent, index: number) => string;
}

/** What {@link handle} did. */
export interface HandleResult<E, S> {
  /** The events appended (empty when the command changed nothing). */
  readonly events: readonly E[];
  /** State after the new events. */
  readonly state: S;
  /** The append's result, or `undefined` when nothing was appended. */
  readonly append: AppendResult | undefined;
  /** Number of attempts made (1 without conflict). */
  readonly attempts: number;
}

/**
 * Loads `streamId`, decides `command`, and appends the resulting events with
 * the loaded version as `expectedVersion`. On a concurrency conflict it
 * reloads and decides again, up to `maxRetries` times, then rethrows the
 * {@link ConcurrencyError}.
 *
 * @example
 * ```ts
 * const { events } = await handle(store, 'incident-7f3', incidentDecider, { type: 'RecordIncident', … });
 * ```
 */
export async function handle<C, E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: Decider<C, E, S>,
  command: C,
  options: HandleOptions = {},
): Promise<HandleResult<E, S>> {
  const maxRetries = options.maxRetries ?? 3;
  for (let attempt = 1; ; attempt++) {
    let state = decider.initialState;
    let version = 0;
    for await (const e of store.readStream(streamId)) {
      state = decider.evolve(state, e as unknown as E);
      version = e.version;
    }
    const events = decider.decide(command, state);
    if (events.length === 0) return { events, state, append: undefined, attempts: attempt };
    const toAppend: NewEvent[] = events.map((e, i) => {
      const n: { type: string; data: unknown; id?: string; metadata?: EventMetadata } = { type: e.type, data: e.data };
      if (options.eventId !== undefined) n.id = options.eventId(e, i);
      if (options.metadata !== undefined) n.metadata = options.metadata;
      return n;
    });
    try {
      const append = await store.append(streamId, toAppend, { expectedVersion: version === 0 ? 'no_stream' : version });
      return { events, state: foldEvents(decider, events, state), append, attempts: attempt };
    } catch (e) {
      if (!(e instanceof ConcurrencyError) || attempt > maxRetries) throw e;
    }
  }
}
