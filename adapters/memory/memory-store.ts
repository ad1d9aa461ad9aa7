/**
 * The in-memory event store: the reference implementation of the port.
 * Every other adapter must behave exactly like it (the conformance suite and
 * the model-based test check that).
 *
 * @module
 */
import {
  AppendNotifier,
  appendWrite,
  batchIterable,
  DEFAULT_WRITE_LIMITS,
  StoreClosedError,
  checkExpectedVersion,
  decodeEvent,
  deepFreeze,
  isoTime,
  parseMetadata,
  prepareWrites,
  resolveIdempotentRetry,
  StreamCursor,
  SubscriptionSet,
  systemClock,
  toEpochMs,
  validateReadAllOptions,
  validateReadStreamOptions,
  type AppendOptions,
  type AppendResult,
  type Clock,
  type EncodedWrite,
  type PrepareOptions,
  type EventRegistry,
  type EventStore,
  type EventStoreOptions,
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
} from '../../src/kernel/index.js';


/** Events served per batch by reads. */
const READ_BATCH = 2000;

/** Options of {@link memoryStore}. */
export type MemoryStoreOptions = EventStoreOptions;

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
  /** Registry, limits and id maker of every append, built once. */
  private readonly prepareOptions: PrepareOptions;
  private readonly notifier = new AppendNotifier(0);
  private readonly subscriptions = new SubscriptionSet({
    readAll: (o) => this.readAll(o),
    headPosition: () => this.headPosition(),
    waitForAppend: (position, signal) => this.notifier.wait(position, signal),
  });
  private lastRecordedMs = Number.NEGATIVE_INFINITY;
  private closed = false;
  readonly projections: ProjectionStateStore;

  constructor(options: MemoryStoreOptions) {
    this.registry = options.events;
    this.clock = options.clock ?? systemClock;
    this.prepareOptions = { registry: options.events, limits: options.limits ?? DEFAULT_WRITE_LIMITS, newId: options.newId };
    this.projections = new MemoryProjectionStates(() => this.assertOpen('use projections'));
  }

  private assertOpen(operation: string): void {
    if (this.closed) throw new StoreClosedError(operation);
  }

  private prepare(kind: 'append' | 'appendMany', writes: readonly StreamWrite[]): EncodedWrite[] {
    return prepareWrites(kind, writes, this.prepareOptions);
  }

  async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    this.assertOpen('append');
    return this.commit(this.prepare('append', [appendWrite(streamId, events, options)]))[0]!;
  }

  async appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    this.assertOpen('appendMany');
    return this.commit(this.prepare('appendMany', writes));
  }

  /** Checks every write, then applies all or nothing (no await in between: atomic). */
  private commit(writes: EncodedWrite[]): AppendResult[] {
    const results: Array<AppendResult | undefined> = [];
    for (const w of writes) {
      // ids already stored make this a retry (or a conflict); most appends have none
      const original = w.events.some((e) => this.byId.has(e.id)) ? resolveIdempotentRetry(w, w.events.map((e) => this.byId.get(e.id))) : undefined;
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
          metadata: deepFreeze(parseMetadata(e.metadataJson)),
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

  readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    let cursor: StreamCursor | undefined;
    // the stream as it is when the read starts (a snapshot: appends made while reading are not read)
    let stream: StoredEvent[] | undefined;
    return batchIterable(
      () => {
        this.assertOpen('readStream');
        if (cursor === undefined) {
          const bounds = validateReadStreamOptions(streamId, options);
          stream = this.streams.get(streamId) ?? [];
          cursor = new StreamCursor(bounds, { backwardFrom: stream.length, forwardTo: stream.length });
        }
        const page = cursor.page(READ_BATCH);
        if (page === undefined) return undefined;
        // versions are 1-based indexes into the stream
        const out = cursor.backward ? stream!.slice(Math.max(page.to, page.from - page.limit + 1) - 1, page.from).reverse() : stream!.slice(page.from - 1, Math.min(page.to, page.from + page.limit - 1));
        cursor.advance(out.length, out[out.length - 1]?.version);
        return out;
      },
      (e) => this.decode(e, options.raw),
    );
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    let p = 0;
    let end = 0;
    let bounds: ReturnType<typeof validateReadAllOptions> | undefined;
    return batchIterable(
      () => {
        this.assertOpen('readAll');
        if (bounds === undefined) {
          bounds = validateReadAllOptions(options);
          p = bounds.from;
          end = Math.min(bounds.to ?? Number.MAX_SAFE_INTEGER, this.log.length);
        }
        if (p > end) return undefined;
        const stop = Math.min(end, p + bounds.batchSize - 1);
        const { types, prefix } = bounds;
        if (types === undefined && prefix === undefined) {
          const out = this.log.slice(p - 1, stop);
          p = stop + 1;
          return out;
        }
        const out: StoredEvent[] = [];
        for (; p <= stop; p++) {
          const e = this.log[p - 1]!;
          if (types !== undefined && !types.has(e.type)) continue;
          if (prefix !== undefined && !e.streamId.startsWith(prefix)) continue;
          out.push(e);
        }
        return out;
      },
      (e) => this.decode(e, options.raw),
    );
  }

  private decode(e: StoredEvent, raw: boolean | undefined): StoredEvent {
    return raw === true || this.registry === undefined ? e : decodeEvent(this.registry, e);
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
    return this.subscriptions.start(handler, options);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.subscriptions.stopAll();
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
