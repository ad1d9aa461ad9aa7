/**
 * The in-memory event store: the reference implementation of the port.
 * Every other adapter must behave exactly like it (the conformance suite and
 * the model-based test check that).
 *
 * @module
 */
import {
  AppendNotifier,
  DEFAULT_WRITE_LIMITS,
  StoreClosedError,
  checkExpectedVersion,
  decodeEvent,
  deepFreeze,
  isoTime,
  prepareWrites,
  resolveIdempotentRetry,
  startSubscription,
  systemClock,
  toEpochMs,
  validateReadAllOptions,
  validateReadStreamOptions,
  type AppendOptions,
  type AppendResult,
  type Clock,
  type EncodedWrite,
  type EventRegistry,
  type EventStore,
  type ManagedSubscription,
  type NewEvent,
  type ProjectionRecord,
  type ProjectionStateStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type StreamWrite,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionHandler,
  type WriteLimits,
} from '../../src/kernel/index.js';

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /** Event types to validate appends against and upcast reads with. Without it, any JSON payload is accepted. */
  readonly events?: EventRegistry;
  /** Source of `recordedAt`. Default: the system clock. */
  readonly clock?: Clock;
  /** Size limits of stream ids, event ids and payloads. */
  readonly limits?: WriteLimits;
  /** Makes ids for events appended without one. Default: UUID v7. */
  readonly newId?: () => string;
}

/**
 * Creates an empty in-memory event store. Fast and dependency-free; for
 * tests, examples and short-lived computations.
 *
 * @example
 * ```ts
 * import { memoryStore } from 'ntm-antt/memory';
 * const store = memoryStore({ clock: manualClock('2024-01-01T00:00:00Z') });
 * const r = await store.append('s-1', [{ type: 'Noted', data: { n: 1 } }], { expectedVersion: 'no_stream' });
 * r.nextExpectedVersion; // 1
 * ```
 */
export function memoryStore(options: MemoryStoreOptions = {}): EventStore {
  return new MemoryEventStore(options);
}

class MemoryEventStore implements EventStore {
  readonly adapter = 'memory';
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly registry: EventRegistry | undefined;
  private readonly clock: Clock;
  private readonly limits: WriteLimits;
  private readonly newId: (() => string) | undefined;
  private readonly notifier = new AppendNotifier(0);
  private readonly subscriptions = new Set<ManagedSubscription>();
  private lastRecordedMs = Number.NEGATIVE_INFINITY;
  private closed = false;
  readonly projections: ProjectionStateStore;

  constructor(options: MemoryStoreOptions) {
    this.registry = options.events;
    this.clock = options.clock ?? systemClock;
    this.limits = options.limits ?? DEFAULT_WRITE_LIMITS;
    this.newId = options.newId;
    this.projections = new MemoryProjectionStates(() => this.assertOpen('use projections'));
  }

  private assertOpen(operation: string): void {
    if (this.closed) throw new StoreClosedError(operation);
  }

  private prepare(kind: 'append' | 'appendMany', writes: readonly StreamWrite[]): EncodedWrite[] {
    return prepareWrites(kind, writes, this.newId === undefined ? { registry: this.registry, limits: this.limits } : { registry: this.registry, limits: this.limits, newId: this.newId });
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen('append');
    const write: StreamWrite = options.expectedVersion === undefined ? { streamId, events } : { streamId, events, expectedVersion: options.expectedVersion };
    return this.commit(this.prepare('append', [write]))[0]!;
  }

  async appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    this.assertOpen('appendMany');
    return this.commit(this.prepare('appendMany', writes));
  }

  /** Checks every write, then applies all or nothing (no await in between: atomic). */
  private commit(writes: EncodedWrite[]): AppendResult[] {
    const results: Array<AppendResult | undefined> = [];
    for (const w of writes) {
      const stored = w.events.map((e) => this.byId.get(e.id));
      const original = resolveIdempotentRetry(w, stored);
      if (original !== undefined) {
        results.push(original);
        continue;
      }
      checkExpectedVersion(w.streamId, w.expectedVersion, this.streams.get(w.streamId)?.length ?? 0);
      results.push(undefined);
    }
    const now = Math.max(this.clock.now(), this.lastRecordedMs);
    const recordedAt = isoTime(now);
    let wrote = false;
    const out = writes.map((w, i): AppendResult => {
      const done = results[i];
      if (done !== undefined) return done;
      let stream = this.streams.get(w.streamId);
      const before = stream?.length ?? 0;
      if (w.events.length === 0) {
        return { streamId: w.streamId, nextExpectedVersion: before, firstPosition: null, lastPosition: null, recordedAt: null };
      }
      if (stream === undefined) {
        stream = [];
        this.streams.set(w.streamId, stream);
      }
      const firstPosition = this.log.length + 1;
      for (const e of w.events) {
        const stored: StoredEvent = Object.freeze({
          id: e.id,
          streamId: w.streamId,
          version: stream.length + 1,
          position: this.log.length + 1,
          type: e.type,
          schemaVersion: e.schemaVersion,
          data: deepFreeze(JSON.parse(e.dataJson) as unknown),
          metadata: deepFreeze(JSON.parse(e.metadataJson) as Record<string, unknown>),
          recordedAt,
        });
        this.log.push(stored);
        stream.push(stored);
        this.byId.set(e.id, stored);
      }
      wrote = true;
      return { streamId: w.streamId, nextExpectedVersion: stream.length, firstPosition, lastPosition: this.log.length, recordedAt };
    });
    if (wrote) {
      this.lastRecordedMs = now;
      this.notifier.notify(this.log.length);
    }
    return out;
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    this.assertOpen('readStream');
    const { from, to, backward, limit } = validateReadStreamOptions(streamId, options);
    const stream = this.streams.get(streamId);
    if (stream === undefined) return;
    let n = 0;
    if (backward) {
      const start = Math.min(from ?? stream.length, stream.length);
      const end = Math.max(to ?? 1, 1);
      for (let v = start; v >= end && n < limit; v--, n++) {
        this.assertOpen('readStream');
        yield this.decode(stream[v - 1]!, options.raw);
      }
    } else {
      const start = Math.max(from ?? 1, 1);
      for (let v = start; v <= stream.length && (to === undefined || v <= to) && n < limit; v++, n++) {
        this.assertOpen('readStream');
        yield this.decode(stream[v - 1]!, options.raw);
      }
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    this.assertOpen('readAll');
    const { from, to, types, prefix } = validateReadAllOptions(options);
    const end = Math.min(to ?? Number.MAX_SAFE_INTEGER, this.log.length);
    for (let p = from; p <= end; p++) {
      this.assertOpen('readAll');
      const e = this.log[p - 1]!;
      if (types !== undefined && !types.has(e.type)) continue;
      if (prefix !== undefined && !e.streamId.startsWith(prefix)) continue;
      yield this.decode(e, options.raw);
    }
  }

  private decode(e: StoredEvent, raw: boolean | undefined): StoredEvent {
    return raw === true ? e : decodeEvent(this.registry, e);
  }

  async positionAt(time: Date | string | number): Promise<number> {
    this.assertOpen('positionAt');
    const iso = isoTime(toEpochMs(time));
    // recordedAt is non-decreasing in position: binary search for the last one <= iso.
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.log[mid]!.recordedAt <= iso) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  async headPosition(): Promise<number> {
    this.assertOpen('headPosition');
    return this.log.length;
  }

  async streamVersion(streamId: string): Promise<number> {
    this.assertOpen('streamVersion');
    return this.streams.get(streamId)?.length ?? 0;
  }

  subscribe(handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    this.assertOpen('subscribe');
    const sub = startSubscription(
      {
        readAll: (o) => this.readAll(o),
        headPosition: () => this.headPosition(),
        waitForAppend: (position, signal) => this.notifier.wait(position, signal),
      },
      handler,
      { ...options, onStop: () => this.subscriptions.delete(sub) },
    );
    this.subscriptions.add(sub);
    return sub;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.subscriptions) s.stop();
    await Promise.all([...this.subscriptions].map((s) => s.done.catch(() => undefined)));
  }
}

/** Projection states kept as JSON strings, so a load never shares objects with the caller. */
class MemoryProjectionStates implements ProjectionStateStore {
  private readonly rows = new Map<string, string>();
  constructor(private readonly assertOpen: () => void) {}

  async load(name: string): Promise<ProjectionRecord | undefined> {
    this.assertOpen();
    const row = this.rows.get(name);
    return row === undefined ? undefined : (JSON.parse(row) as ProjectionRecord);
  }

  async save(record: ProjectionRecord): Promise<void> {
    this.assertOpen();
    this.rows.set(record.name, JSON.stringify(record));
  }

  async delete(name: string): Promise<void> {
    this.assertOpen();
    this.rows.delete(name);
  }

  async list(): Promise<ProjectionRecord[]> {
    this.assertOpen();
    return [...this.rows.keys()].sort().map((k) => JSON.parse(this.rows.get(k)!) as ProjectionRecord);
  }
}
