/**
 * A pure reference model of the event store and fast-check commands that
 * drive a real store and the model side by side, asserting they agree.
 *
 * @module
 */
import fc from 'fast-check';
import { isoTime, type ManualClock } from '../kernel/clock.js';
import { ConcurrencyError, type ExpectedVersion } from '../kernel/errors.js';
import type { NewEvent, StoredEvent } from '../kernel/event.js';
import type { AppendResult, EventStore, ReadAllOptions, ReadStreamOptions } from '../kernel/store.js';

/** One event in the model. */
interface ModelEvent {
  readonly id: string;
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
  readonly type: string;
  readonly data: unknown;
  readonly recordedAt: string;
}

/** The model: streams, the global log and the clock shared with the real store. */
export interface StoreModel {
  readonly streams: Map<string, ModelEvent[]>;
  readonly log: ModelEvent[];
  readonly clock: ManualClock;
  nextId?: number;
  lastBatch?: { streamId: string; events: NewEvent[]; expectedVersion: ExpectedVersion; result: AppendResult };
}

type Cmd = fc.AsyncCommand<StoreModel, EventStore, false>;

/** Options of {@link storeModelCommands}. */
export interface ModelCommandOptions {
  /** Stream ids the commands pick from. */
  readonly streams: readonly string[];
}

type ExpectedKind = 'any' | 'no_stream' | 'stream_exists' | 'exact' | 'exact+1' | 'exact-1';

function expectedFor(kind: ExpectedKind, version: number): ExpectedVersion {
  switch (kind) {
    case 'exact':
      return version;
    case 'exact+1':
      return version + 1;
    case 'exact-1':
      return Math.max(0, version - 1);
    default:
      return kind;
  }
}

function satisfies(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 0;
  if (expected === 'stream_exists') return actual > 0;
  return expected === actual;
}

function fail(message: string, detail: unknown): never {
  throw new Error(`${message}: ${JSON.stringify(detail)}`);
}

function same(label: string, real: unknown, model: unknown): void {
  const a = JSON.stringify(real);
  const b = JSON.stringify(model);
  if (a !== b) fail(`${label}: store and model disagree`, { store: real, model });
}

function view(e: StoredEvent | ModelEvent): unknown[] {
  return [e.id, e.streamId, e.version, e.position, e.type, e.data, e.recordedAt];
}

async function collect(it: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

function makeEvents(m: StoreModel, types: readonly ('Noted' | 'Counted')[]): NewEvent[] {
  return types.map((type, i) => {
    m.nextId = (m.nextId ?? 0) + 1;
    const id = `m-${m.nextId}`;
    return type === 'Noted' ? { id, type, data: { n: m.nextId * 10 + i } } : { id, type, data: { total: m.nextId, unit: 'case' } };
  });
}

/** Applies a successful write to the model; returns the result the store must give. */
function applyWrite(m: StoreModel, streamId: string, events: NewEvent[], recordedAt: string): AppendResult {
  let stream = m.streams.get(streamId);
  const before = stream?.length ?? 0;
  if (events.length === 0) return { streamId, nextExpectedVersion: before, firstPosition: null, lastPosition: null, recordedAt: null };
  if (stream === undefined) {
    stream = [];
    m.streams.set(streamId, stream);
  }
  const first = m.log.length + 1;
  for (const e of events) {
    const me: ModelEvent = { id: e.id!, streamId, version: stream.length + 1, position: m.log.length + 1, type: e.type, data: e.data, recordedAt };
    stream.push(me);
    m.log.push(me);
  }
  return { streamId, nextExpectedVersion: stream.length, firstPosition: first, lastPosition: m.log.length, recordedAt };
}

function nextRecordedAt(m: StoreModel): string {
  const now = isoTime(m.clock.now());
  const last = m.log[m.log.length - 1]?.recordedAt;
  return last !== undefined && last > now ? last : now;
}

/**
 * The fast-check command arbitraries of the model-based test.
 *
 * @example
 * ```ts
 * await fc.assert(fc.asyncProperty(fc.commands(storeModelCommands({ streams: ['a', 'b'] })), async (cmds) => {
 *   const store = memoryStore({ clock, events: contractEvents });
 *   await fc.asyncModelRun(() => ({ model: { streams: new Map(), log: [], clock }, real: store }), cmds);
 * }));
 * ```
 */
export function storeModelCommands(options: ModelCommandOptions): Array<fc.Arbitrary<Cmd>> {
  const stream = fc.constantFrom(...options.streams);
  const expectedKind = fc.constantFrom<ExpectedKind>('any', 'no_stream', 'stream_exists', 'exact', 'exact+1', 'exact-1');
  const types = fc.array(fc.constantFrom<'Noted' | 'Counted'>('Noted', 'Noted', 'Counted'), { maxLength: 4 });

  const append = fc.record({ streamId: stream, kind: expectedKind, types }).map(
    ({ streamId, kind, types: ts }): Cmd => ({
      check: () => true,
      async run(m, store) {
        const actual = m.streams.get(streamId)?.length ?? 0;
        const expectedVersion = expectedFor(kind, actual);
        const events = makeEvents(m, ts);
        let result: AppendResult | undefined;
        let error: unknown;
        try {
          result = await store.append(streamId, events, { expectedVersion });
        } catch (e) {
          error = e;
        }
        if (satisfies(expectedVersion, actual)) {
          if (error !== undefined) fail('append should have succeeded', { streamId, expectedVersion, error: String(error) });
          const want = applyWrite(m, streamId, events, nextRecordedAt(m));
          same('append result', result, want);
          if (events.length > 0) m.lastBatch = { streamId, events, expectedVersion, result: want };
        } else {
          if (!(error instanceof ConcurrencyError)) fail('append should have conflicted', { streamId, expectedVersion, actual, error: String(error) });
          same('conflict', [error.expected, error.actual], [expectedVersion, actual]);
        }
      },
      toString: () => `append(${streamId}, ${kind}, [${ts.join(',')}])`,
    }),
  );

  const appendMany = fc.uniqueArray(fc.record({ streamId: stream, kind: expectedKind, types }), { selector: (w) => w.streamId, minLength: 1, maxLength: 3 }).map(
    (writes): Cmd => ({
      check: () => true,
      async run(m, store) {
        const planned = writes.map((w) => {
          const actual = m.streams.get(w.streamId)?.length ?? 0;
          return { streamId: w.streamId, actual, expectedVersion: expectedFor(w.kind, actual), events: makeEvents(m, w.types) };
        });
        let results: AppendResult[] | undefined;
        let error: unknown;
        try {
          results = await store.appendMany(planned.map((p) => ({ streamId: p.streamId, events: p.events, expectedVersion: p.expectedVersion })));
        } catch (e) {
          error = e;
        }
        const conflict = planned.find((p) => !satisfies(p.expectedVersion, p.actual));
        if (conflict === undefined) {
          if (error !== undefined) fail('appendMany should have succeeded', { error: String(error) });
          const at = nextRecordedAt(m);
          same(
            'appendMany results',
            results,
            planned.map((p) => applyWrite(m, p.streamId, p.events, at)),
          );
        } else {
          if (!(error instanceof ConcurrencyError)) fail('appendMany should have conflicted', { error: String(error) });
          same('appendMany conflict', [error.streamId, error.actual], [conflict.streamId, conflict.actual]);
        }
      },
      toString: () => `appendMany(${writes.map((w) => `${w.streamId}:${w.kind}:${w.types.length}`).join(' ')})`,
    }),
  );

  const retry = fc.constant<Cmd>({
    check: (m) => m.lastBatch !== undefined,
    async run(m, store) {
      const b = m.lastBatch!;
      const again = await store.append(b.streamId, b.events, { expectedVersion: b.expectedVersion });
      same('idempotent retry result', again, b.result);
    },
    toString: () => 'retryLastBatch',
  });

  const readStream = fc
    .record({
      streamId: stream,
      direction: fc.constantFrom<'forward' | 'backward'>('forward', 'backward'),
      fromVersion: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
      toVersion: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
      limit: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
    })
    .map(
      (o): Cmd => ({
        check: () => true,
        async run(m, store) {
          const opts: { -readonly [K in keyof ReadStreamOptions]: ReadStreamOptions[K] } = { direction: o.direction };
          if (o.fromVersion !== undefined) opts.fromVersion = o.fromVersion;
          if (o.toVersion !== undefined) opts.toVersion = o.toVersion;
          if (o.limit !== undefined) opts.limit = o.limit;
          const real = (await collect(store.readStream(o.streamId, opts))).map(view);
          const s = m.streams.get(o.streamId) ?? [];
          let want: ModelEvent[];
          if (o.direction === 'forward') {
            const from = o.fromVersion ?? 1;
            const to = o.toVersion ?? Number.MAX_SAFE_INTEGER;
            want = s.filter((e) => e.version >= from && e.version <= to);
          } else {
            const from = o.fromVersion ?? Number.MAX_SAFE_INTEGER;
            const to = o.toVersion ?? 1;
            want = s.filter((e) => e.version <= from && e.version >= to).reverse();
          }
          if (o.limit !== undefined) want = want.slice(0, o.limit);
          same(`readStream(${JSON.stringify(o)})`, real, want.map(view));
        },
        toString: () => `readStream(${JSON.stringify(o)})`,
      }),
    );

  const readAll = fc
    .record({
      fromPosition: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
      toPosition: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
      types: fc.option(fc.subarray(['Noted', 'Counted']), { nil: undefined }),
      streamPrefix: fc.option(fc.constantFrom('inc-', 'a', 'x'), { nil: undefined }),
      batchSize: fc.integer({ min: 1, max: 5 }),
    })
    .map(
      (o): Cmd => ({
        check: () => true,
        async run(m, store) {
          const opts: { -readonly [K in keyof ReadAllOptions]: ReadAllOptions[K] } = { batchSize: o.batchSize };
          if (o.fromPosition !== undefined) opts.fromPosition = o.fromPosition;
          if (o.toPosition !== undefined) opts.toPosition = o.toPosition;
          if (o.types !== undefined) opts.types = o.types;
          if (o.streamPrefix !== undefined) opts.streamPrefix = o.streamPrefix;
          const real = (await collect(store.readAll(opts))).map(view);
          const want = m.log.filter(
            (e) =>
              e.position >= (o.fromPosition ?? 1) &&
              e.position <= (o.toPosition ?? Number.MAX_SAFE_INTEGER) &&
              (o.types === undefined || o.types.includes(e.type)) &&
              (o.streamPrefix === undefined || e.streamId.startsWith(o.streamPrefix)),
          );
          same(`readAll(${JSON.stringify(o)})`, real, want.map(view));
        },
        toString: () => `readAll(${JSON.stringify(o)})`,
      }),
    );

  const versions = fc.constant<Cmd>({
    check: () => true,
    async run(m, store) {
      same('headPosition', await store.headPosition(), m.log.length);
      for (const s of options.streams) same(`streamVersion(${s})`, await store.streamVersion(s), m.streams.get(s)?.length ?? 0);
    },
    toString: () => 'versions',
  });

  const clockStep = fc.integer({ min: -3_600_000, max: 3_600_000 }).map(
    (ms): Cmd => ({
      check: () => true,
      async run(m) {
        m.clock.advance(ms);
      },
      toString: () => `clock(${ms})`,
    }),
  );

  const positionAt = fc.integer({ min: -7_200_000, max: 7_200_000 }).map(
    (offset): Cmd => ({
      check: () => true,
      async run(m, store) {
        const t = isoTime(m.clock.now() + offset);
        let want = 0;
        for (const e of m.log) if (e.recordedAt <= t) want = e.position;
        same(`positionAt(${t})`, await store.positionAt(t), want);
      },
      toString: () => `positionAt(now${offset >= 0 ? '+' : ''}${offset})`,
    }),
  );

  return [append, append, appendMany, retry, readStream, readAll, versions, clockStep, positionAt];
}
