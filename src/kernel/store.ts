/**
 * The event store port. Adapters (`ntm-antt/memory`, `ntm-antt/sqlite`, …)
 * implement it; everything above the kernel talks only to this interface.
 * It is asynchronous so that a networked store fits without a change.
 *
 * @module
 */
import type { Clock } from './clock.js';
import type { ExpectedVersion } from './errors.js';
import type { EventRegistry } from './event-registry.js';
import type { NewEvent, StoredEvent } from './event.js';
import type { WriteLimits } from './write-limits.js';

export type { ExpectedVersion } from './errors.js';

/**
 * What every adapter's store options start with; each adapter adds its own.
 *
 * @example
 * ```ts
 * interface MyStoreOptions extends EventStoreOptions { readonly url: string }
 * ```
 */
export interface EventStoreOptions {
  /** Event types to validate appends against and upcast reads with. Without it, any JSON payload is accepted. */
  readonly events?: EventRegistry;
  /** Source of `recordedAt`. Default: the system clock. */
  readonly clock?: Clock;
  /** Size limits of stream ids, event ids and payloads. */
  readonly limits?: WriteLimits;
  /** Makes ids for events appended without one. Default: UUID v7. */
  readonly newId?: () => string;
}

/** What one append wrote (or, for an idempotent retry, had written). */
export interface AppendResult {
  readonly streamId: string;
  /** The stream's version after the append: the version of its last event, 0 if it has none. */
  readonly nextExpectedVersion: number;
  /** Global position of the first event written, `null` for an empty append. */
  readonly firstPosition: number | null;
  /** Global position of the last event written, `null` for an empty append. */
  readonly lastPosition: number | null;
  /** Transaction time given to the events, `null` for an empty append. */
  readonly recordedAt: string | null;
}

/** Options of a single-stream append. */
export interface AppendOptions {
  /** Optimistic concurrency check, KurrentDB semantics. Default `'any'`. */
  readonly expectedVersion?: ExpectedVersion;
}

/** One stream's part of an {@link EventStore.appendMany}. */
export interface StreamWrite {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedVersion?: ExpectedVersion;
}

/** Options of {@link EventStore.readStream}. */
export interface ReadStreamOptions {
  /** Where to start (inclusive). Default: 1 forwards, the last version backwards. */
  readonly fromVersion?: number;
  /** Where to stop (inclusive), in the direction of travel. */
  readonly toVersion?: number;
  /** Default `'forward'`. */
  readonly direction?: 'forward' | 'backward';
  /** Most events to return. */
  readonly limit?: number;
  /** Return events as stored (no upcasting, no unknown-type error). */
  readonly raw?: boolean;
}

/** Options of {@link EventStore.readAll}. */
export interface ReadAllOptions {
  /** First global position to return (inclusive). Default 1. */
  readonly fromPosition?: number;
  /** Last global position to return (inclusive). */
  readonly toPosition?: number;
  /** Only these event types. */
  readonly types?: readonly string[];
  /** Only streams whose id starts with this prefix. */
  readonly streamPrefix?: string;
  /** Rows fetched per round trip; memory stays flat in the log size. Default 2,000. */
  readonly batchSize?: number;
  /** Return events as stored (no upcasting, no unknown-type error). */
  readonly raw?: boolean;
  /**
   * A hint for folds, which mostly read `data`, `type`, `streamId` and
   * positions: the adapter may skip reading `id`, `metadata` and `recordedAt`
   * up front and load them on first access instead (the SQLite adapter does,
   * a batch at a time; others ignore the hint). The events are the same.
   */
  readonly lean?: boolean;
}

/** Handler of a subscription: called once per event, in position order. */
export type SubscriptionHandler = (event: StoredEvent) => void | Promise<void>;

/** Options of {@link EventStore.subscribe}. */
export interface SubscribeOptions {
  /** First position to deliver (inclusive). Default 1: the whole log, then live. */
  readonly fromPosition?: number;
  /** Only these event types (positions of other events are still passed). */
  readonly types?: readonly string[];
  /** Only streams whose id starts with this prefix. */
  readonly streamPrefix?: string;
  /** Called when the handler or a read fails; the subscription then stops. */
  readonly onError?: (error: unknown) => void;
  /** Deliver stored events without upcasting. */
  readonly raw?: boolean;
}

/** A running subscription. */
export interface Subscription {
  /** Position of the last event handled (0 before the first). */
  readonly position: number;
  /** Stops delivery; resolves when the handler is no longer running. */
  unsubscribe(): Promise<void>;
  /** Settles when the subscription stops: resolves on unsubscribe/close, rejects on error. */
  readonly done: Promise<void>;
  /** Resolves once the subscription has delivered everything up to `position` (default: the head now). */
  caughtUp(position?: number): Promise<void>;
}

/** Lifecycle of a projection, as stored with its checkpoint. */
export type ProjectionStatus =
  | { readonly kind: 'ok' }
  | {
      readonly kind: 'failed';
      /** Global position of the event that could not be applied. */
      readonly position: number;
      readonly eventId: string;
      readonly eventType: string;
      readonly error: { readonly code: string; readonly message: string };
      readonly failedAt: string;
    };

/** A projection's persisted state and checkpoint. */
export interface ProjectionRecord {
  readonly name: string;
  /** The projection's code version that produced `state`. */
  readonly version: number;
  /** Position of the last event applied (0: none). */
  readonly checkpoint: number;
  /** JSON read model. */
  readonly state: unknown;
  readonly status: ProjectionStatus;
  readonly updatedAt: string;
}

/** Where projection runners keep `{state, checkpoint}`; each save is atomic. */
export interface ProjectionStateStore {
  load(name: string): Promise<ProjectionRecord | undefined>;
  /** Writes state, checkpoint and status in one transaction. */
  save(record: ProjectionRecord): Promise<void>;
  /** Forgets a projection (its next run rebuilds from zero). */
  delete(name: string): Promise<void>;
  list(): Promise<ProjectionRecord[]>;
}

/**
 * The event store port.
 *
 * @example
 * ```ts
 * import { memoryStore } from 'ntm-antt/memory';
 * const store = memoryStore();
 * await store.append('incident-1', [{ type: 'IncidentRecorded', data: { localityCode: '14845' } }], { expectedVersion: 'no_stream' });
 * for await (const e of store.readAll()) console.log(e.position, e.type);
 * await store.close();
 * ```
 */
export interface EventStore {
  /** Name of the adapter (`memory`, `sqlite`, …). */
  readonly adapter: string;
  /** Appends events to one stream atomically, after the expected-version check. */
  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /** Appends to several streams in one atomic transaction; results in input order. */
  appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]>;
  /** Reads one stream. A stream that does not exist yields nothing. */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent>;
  /** Reads the whole log in global order, in batches. */
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;
  /** The last position recorded at or before `time` (0 if none). */
  positionAt(time: Date | string | number): Promise<number>;
  /** The last position in the log (0 when empty). */
  headPosition(): Promise<number>;
  /** The stream's current version (0 when it has no events). */
  streamVersion(streamId: string): Promise<number>;
  /** Delivers every event from `fromPosition` on, exactly once and in order: catch-up, then live. */
  subscribe(handler: SubscriptionHandler, options?: SubscribeOptions): Subscription;
  /** Persisted projection states and checkpoints, in the same storage as the events. */
  readonly projections: ProjectionStateStore;
  /** Stops subscriptions and releases resources; later calls fail with `store_closed`. */
  close(): Promise<void>;
}
