/**
 * The event store contract: one suite every adapter must pass. Call it from
 * a vitest file with a factory that makes a fresh, empty store.
 *
 * @module
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manualClock, type Clock, type ManualClock } from '../kernel/clock.js';
import { ConcurrencyError, EventIdConflictError, StoreClosedError, ValidationError, formatPath } from '../kernel/errors.js';
import type { NewEvent, StoredEvent } from '../kernel/event.js';
import type { EventRegistry } from '../kernel/event-registry.js';
import type { EventStore, ReadAllOptions } from '../kernel/store.js';
import { contractEvents } from './contract-events.js';
import { storeModelCommands, type ModelCommandOptions } from './store-model.js';

/** What the factory is given for each test. */
export interface ContractFactoryOptions {
  /** The clock the store must use for `recordedAt`. */
  readonly clock: Clock;
  /** The event types the store must validate against. */
  readonly events: EventRegistry;
}

/** Makes a fresh, empty store for one test. */
export type StoreFactory = (options: ContractFactoryOptions) => EventStore | Promise<EventStore>;

/** Options of {@link describeEventStoreContract}. */
export interface ContractOptions {
  /**
   * Cases this adapter cannot support, by exact case name, each with the
   * reason (Hono style): the case is reported as skipped with that reason.
   */
  readonly skip?: Readonly<Record<string, string>>;
  /** Runs of the model-based test (default 200). */
  readonly modelRuns?: number;
  /** Timeout per case in ms (default 30,000). */
  readonly timeoutMs?: number;
}

/**
 * The names of every case in the contract, for `skip`.
 *
 * @example
 * ```ts
 * describeEventStoreContract('mine', factory, { skip: { [CONTRACT_CASES[0]!]: 'reason' } });
 * ```
 */
export const CONTRACT_CASES: readonly string[] = [];

const T0 = '2024-01-01T00:00:00.000Z';

function note(n: number, extra: Partial<NewEvent> = {}): NewEvent {
  return { type: 'Noted', data: { n }, ...extra };
}

async function collect(it: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

async function caught(p: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, but the call succeeded');
}

async function snapshot(store: EventStore): Promise<string> {
  return JSON.stringify(await collect(store.readAll({ raw: true })));
}

function tick(ms = 0): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Registers the contract suite as `describe('event store contract: <name>')`.
 *
 * @example
 * ```ts
 * // test/conformance/my-adapter.test.ts
 * import { describeEventStoreContract } from 'ntm-antt/testing';
 * describeEventStoreContract('my-adapter', ({ clock, events }) => myStore({ clock, events }), {
 *   skip: { 'subscriptions: live across processes': 'single-process adapter' },
 * });
 * ```
 */
export function describeEventStoreContract(name: string, factory: StoreFactory, options: ContractOptions = {}): void {
  const skip = options.skip ?? {};
  const timeout = options.timeoutMs ?? 30_000;
  const known = new Set<string>();

  describe(`event store contract: ${name}`, () => {
    const open = async (clock: ManualClock = manualClock(T0)): Promise<{ store: EventStore; clock: ManualClock }> => {
      const store = await factory({ clock, events: contractEvents });
      return { store, clock };
    };

    const test = (caseName: string, body: (ctx: { store: EventStore; clock: ManualClock }) => Promise<void>): void => {
      known.add(caseName);
      if (!(CONTRACT_CASES as string[]).includes(caseName)) (CONTRACT_CASES as string[]).push(caseName);
      const reason = skip[caseName];
      if (reason !== undefined) {
        it.skip(`${caseName} — skipped: ${reason}`, () => undefined);
        return;
      }
      it(
        caseName,
        async () => {
          const ctx = await open();
          try {
            await body(ctx);
          } finally {
            await ctx.store.close();
          }
        },
        timeout,
      );
    };

    // ---------------------------------------------------------------- append
    test('append: a new stream gets versions 1..n and gap-free positions', async ({ store }) => {
      const r = await store.append('s-1', [note(1), note(2), note(3)], { expectedVersion: 'no_stream' });
      expect(r).toEqual({ streamId: 's-1', nextExpectedVersion: 3, firstPosition: 1, lastPosition: 3, recordedAt: T0 });
      const events = await collect(store.readStream('s-1'));
      expect(events.map((e) => [e.version, e.position, e.type, e.schemaVersion])).toEqual([
        [1, 1, 'Noted', 1],
        [2, 2, 'Noted', 1],
        [3, 3, 'Noted', 1],
      ]);
      expect(events.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
      expect(new Set(events.map((e) => e.id)).size).toBe(3);
      expect(await store.streamVersion('s-1')).toBe(3);
      expect(await store.headPosition()).toBe(3);
    });

    test("expected version 'no_stream': conflicts on an existing stream with the actual version", async ({ store }) => {
      await store.append('s-1', [note(1), note(2)], { expectedVersion: 'no_stream' });
      const e = await caught(store.append('s-1', [note(3)], { expectedVersion: 'no_stream' }));
      expect(e).toBeInstanceOf(ConcurrencyError);
      expect(e).toMatchObject({ code: 'wrong_expected_version', streamId: 's-1', expected: 'no_stream', actual: 2 });
      expect(await store.headPosition()).toBe(2);
    });

    test("expected version 'stream_exists': conflicts on a missing stream, passes on an existing one", async ({ store }) => {
      const e = await caught(store.append('s-1', [note(1)], { expectedVersion: 'stream_exists' }));
      expect(e).toMatchObject({ code: 'wrong_expected_version', expected: 'stream_exists', actual: 0 });
      expect(await store.headPosition()).toBe(0);
      await store.append('s-1', [note(1)], { expectedVersion: 'no_stream' });
      const r = await store.append('s-1', [note(2)], { expectedVersion: 'stream_exists' });
      expect(r.nextExpectedVersion).toBe(2);
    });

    test('expected version as a number: must equal the current version; 0 means no stream', async ({ store }) => {
      await store.append('s-1', [note(1)], { expectedVersion: 0 });
      await store.append('s-1', [note(2)], { expectedVersion: 1 });
      const low = await caught(store.append('s-1', [note(3)], { expectedVersion: 1 }));
      expect(low).toMatchObject({ code: 'wrong_expected_version', expected: 1, actual: 2 });
      const high = await caught(store.append('s-1', [note(3)], { expectedVersion: 5 }));
      expect(high).toMatchObject({ expected: 5, actual: 2 });
      const zero = await caught(store.append('s-1', [note(3)], { expectedVersion: 0 }));
      expect(zero).toMatchObject({ expected: 0, actual: 2 });
      expect(await store.streamVersion('s-1')).toBe(2);
    });

    test("expected version 'any' (the default) never conflicts", async ({ store }) => {
      await store.append('s-1', [note(1)]);
      await store.append('s-1', [note(2)], { expectedVersion: 'any' });
      await store.append('s-2', [note(3)], { expectedVersion: 'any' });
      expect(await store.streamVersion('s-1')).toBe(2);
      expect(await store.streamVersion('s-2')).toBe(1);
    });

    test('append: an empty batch checks the expected version and writes nothing', async ({ store }) => {
      await store.append('s-1', [note(1)]);
      expect(await store.append('s-1', [], { expectedVersion: 1 })).toEqual({
        streamId: 's-1',
        nextExpectedVersion: 1,
        firstPosition: null,
        lastPosition: null,
        recordedAt: null,
      });
      expect(await caught(store.append('s-1', [], { expectedVersion: 'no_stream' }))).toBeInstanceOf(ConcurrencyError);
      expect(await store.headPosition()).toBe(1);
    });

    // ------------------------------------------------------------ validation
    test('validation: a batch with invalid payloads writes nothing and lists every invalid field', async ({ store }) => {
      await store.append('s-1', [note(1)]);
      const before = await snapshot(store);
      const e = await caught(
        store.append('s-1', [
          note(2),
          { type: 'Classified', data: { severity: 'mild', occurredOn: '2019-02-30', casualties: { deaths: -1, injuries: 0 } } },
          note(3),
          { type: 'Noted', data: { n: 'four' } },
        ]),
      );
      expect(e).toBeInstanceOf(ValidationError);
      const v = e as ValidationError;
      expect(v.code).toBe('validation_failed');
      const paths = v.issues.map((i) => formatPath(i.path)).sort();
      expect(paths).toEqual(['events[1].data.casualties.deaths', 'events[1].data.occurredOn', 'events[1].data.severity', 'events[3].data.n']);
      expect(v.message).toContain('s-1');
      expect(await snapshot(store)).toBe(before);
      expect(await store.streamVersion('s-1')).toBe(1);
    });

    test('validation: an unknown event type is rejected by name', async ({ store }) => {
      const e = await caught(store.append('s-1', [note(1), { type: 'NoSuchEvent', data: {} }]));
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues).toEqual([expect.objectContaining({ path: ['events', 1, 'type'], code: 'unknown_event_type' })]);
      expect(await store.headPosition()).toBe(0);
    });

    test('validation: bad stream ids are rejected (empty, control characters, lone surrogates, too long)', async ({ store }) => {
      for (const id of ['', 'a\u0000b', 'x\u001b[31m', 'bad\uD800', 'x'.repeat(10_000), ' padded']) {
        const e = await caught(store.append(id, [note(1)]));
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).issues[0]).toMatchObject({ path: ['streamId'], code: 'invalid_stream_id' });
      }
      expect(await store.headPosition()).toBe(0);
    });

    test('validation: a malformed expected version is rejected, not treated as any', async ({ store }) => {
      for (const expectedVersion of [-1, 1.5, 'latest', null]) {
        const e = await caught(store.append('s-1', [note(1)], { expectedVersion: expectedVersion as never }));
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).issues[0]).toMatchObject({ path: ['expectedVersion'], code: 'invalid_expected_version' });
      }
      expect(await store.headPosition()).toBe(0);
    });

    test('validation: values JSON cannot hold (Date, NaN, functions, undefined in arrays) are listed', async ({ store }) => {
      const e = await caught(
        store.append('s-1', [
          { type: 'Noted', data: { n: 1 }, metadata: { when: new Date(0) as never, score: Number.NaN, f: (() => 1) as never, list: [1, undefined] as never } },
        ]),
      );
      expect(e).toBeInstanceOf(ValidationError);
      const paths = (e as ValidationError).issues.map((i) => formatPath(i.path)).sort();
      expect(paths).toEqual(['events[0].metadata.f', 'events[0].metadata.list[1]', 'events[0].metadata.score', 'events[0].metadata.when']);
      expect(await store.headPosition()).toBe(0);
    });

    test('validation: an event that is not an object, or data that is not an object, is rejected', async ({ store }) => {
      const e = await caught(store.append('s-1', [null as never, { type: 'Noted', data: [1] as never }, { type: 'Noted' } as never]));
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.map((i) => formatPath(i.path))).toEqual(['events[0]', 'events[1].data', 'events[2].data']);
      expect(await store.headPosition()).toBe(0);
    });

    // ----------------------------------------------------------- idempotency
    test('idempotency: a duplicate id inside one batch rejects the whole batch', async ({ store }) => {
      const e = await caught(store.append('s-1', [note(1, { id: 'a' }), note(2, { id: 'b' }), note(3, { id: 'a' })]));
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues).toEqual([expect.objectContaining({ path: ['events', 2, 'id'], code: 'duplicate_event_id' })]);
      expect(await store.headPosition()).toBe(0);
    });

    test('idempotency: a stored id in the middle of a new batch fails it and writes nothing from it', async ({ store }) => {
      await store.append('s-1', [note(1, { id: 'a' })]);
      const before = await snapshot(store);
      const e = await caught(store.append('s-1', [note(2, { id: 'b' }), note(1, { id: 'a' }), note(3, { id: 'c' })]));
      expect(e).toBeInstanceOf(EventIdConflictError);
      expect(e).toMatchObject({ code: 'event_id_conflict' });
      expect(await snapshot(store)).toBe(before);
    });

    test('idempotency: retrying a stored batch returns the original result and writes nothing', async ({ store, clock }) => {
      await store.append('s-0', [note(0)]);
      const batch = [note(1, { id: 'e-1' }), note(2, { id: 'e-2' })];
      const first = await store.append('s-1', batch, { expectedVersion: 'no_stream' });
      await store.append('s-1', [note(3)]);
      clock.advance(60_000);
      const before = await snapshot(store);
      const again = await store.append('s-1', batch, { expectedVersion: 'no_stream' });
      expect(again).toEqual(first);
      const anyRetry = await store.append('s-1', batch, { expectedVersion: 'any' });
      expect(anyRetry).toEqual(first);
      expect(await snapshot(store)).toBe(before);
    });

    test('idempotency: a reused id with other content is a typed error', async ({ store }) => {
      await store.append('s-1', [note(1, { id: 'e-1' })]);
      const e = await caught(store.append('s-1', [note(99, { id: 'e-1' })]));
      expect(e).toBeInstanceOf(EventIdConflictError);
      expect(e).toMatchObject({ code: 'event_id_conflict', eventId: 'e-1' });
      expect(await store.headPosition()).toBe(1);
    });

    test('idempotency: a reused id in another stream is a typed error', async ({ store }) => {
      await store.append('s-1', [note(1, { id: 'e-1' })]);
      const e = await caught(store.append('s-2', [note(1, { id: 'e-1' })]));
      expect(e).toBeInstanceOf(EventIdConflictError);
      expect(await store.streamVersion('s-2')).toBe(0);
    });

    // ------------------------------------------------------------ appendMany
    test('appendMany: writes several streams atomically with contiguous positions and one recordedAt', async ({ store }) => {
      await store.append('a', [note(0)]);
      const rs = await store.appendMany([
        { streamId: 'a', events: [note(1), note(2)], expectedVersion: 1 },
        { streamId: 'b', events: [note(3)], expectedVersion: 'no_stream' },
        { streamId: 'c', events: [note(4), note(5)] },
      ]);
      expect(rs.map((r) => [r.streamId, r.nextExpectedVersion, r.firstPosition, r.lastPosition])).toEqual([
        ['a', 3, 2, 3],
        ['b', 1, 4, 4],
        ['c', 2, 5, 6],
      ]);
      expect(new Set(rs.map((r) => r.recordedAt)).size).toBe(1);
      expect((await collect(store.readAll())).map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    test('appendMany: one conflicting stream writes nothing for any stream', async ({ store }) => {
      await store.append('a', [note(0)]);
      const before = await snapshot(store);
      const e = await caught(
        store.appendMany([
          { streamId: 'b', events: [note(1)], expectedVersion: 'no_stream' },
          { streamId: 'a', events: [note(2)], expectedVersion: 'no_stream' },
          { streamId: 'c', events: [note(3)] },
        ]),
      );
      expect(e).toMatchObject({ code: 'wrong_expected_version', streamId: 'a', actual: 1 });
      expect(await snapshot(store)).toBe(before);
      expect(await store.streamVersion('b')).toBe(0);
    });

    test('appendMany: invalid events in any write reject all, with paths per write', async ({ store }) => {
      const e = await caught(
        store.appendMany([
          { streamId: 'a', events: [note(1)] },
          { streamId: 'b', events: [note(2), { type: 'Noted', data: { n: 'x' } }] },
          { streamId: '', events: [note(3)] },
        ]),
      );
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.map((i) => formatPath(i.path)).sort()).toEqual(['writes[1].events[1].data.n', 'writes[2].streamId']);
      expect(await store.headPosition()).toBe(0);
    });

    test('appendMany: the same stream twice in one call is rejected', async ({ store }) => {
      const e = await caught(
        store.appendMany([
          { streamId: 'a', events: [note(1)] },
          { streamId: 'a', events: [note(2)] },
        ]),
      );
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues[0]).toMatchObject({ path: ['writes', 1, 'streamId'], code: 'duplicate_stream' });
      expect(await store.headPosition()).toBe(0);
    });

    test('appendMany: a retried write returns its original result while new writes are appended', async ({ store }) => {
      const [orig] = await store.appendMany([{ streamId: 'a', events: [note(1, { id: 'x1' })], expectedVersion: 'no_stream' }]);
      const rs = await store.appendMany([
        { streamId: 'a', events: [note(1, { id: 'x1' })], expectedVersion: 'no_stream' },
        { streamId: 'b', events: [note(2, { id: 'x2' })], expectedVersion: 'no_stream' },
      ]);
      expect(rs[0]).toEqual(orig);
      expect(rs[1]).toMatchObject({ streamId: 'b', nextExpectedVersion: 1, firstPosition: 2 });
      expect(await store.headPosition()).toBe(2);
    });

    // ------------------------------------------------------------ readStream
    test('readStream: forward with fromVersion, toVersion and limit', async ({ store }) => {
      await store.append('s', [1, 2, 3, 4, 5, 6].map((n) => note(n)));
      await store.append('other', [note(100)]);
      const v = async (o: Parameters<EventStore['readStream']>[1]) => (await collect(store.readStream('s', o))).map((e) => e.version);
      expect(await v({})).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await v({ fromVersion: 3 })).toEqual([3, 4, 5, 6]);
      expect(await v({ fromVersion: 2, toVersion: 4 })).toEqual([2, 3, 4]);
      expect(await v({ fromVersion: 2, limit: 2 })).toEqual([2, 3]);
      expect(await v({ limit: 0 })).toEqual([]);
      expect(await v({ fromVersion: 7 })).toEqual([]);
    });

    test('readStream: backward from the end, or from/to a version, with limit', async ({ store }) => {
      await store.append('s', [1, 2, 3, 4, 5, 6].map((n) => note(n)));
      const v = async (o: Parameters<EventStore['readStream']>[1]) => (await collect(store.readStream('s', { direction: 'backward', ...o }))).map((e) => e.version);
      expect(await v({})).toEqual([6, 5, 4, 3, 2, 1]);
      expect(await v({ limit: 2 })).toEqual([6, 5]);
      expect(await v({ fromVersion: 4 })).toEqual([4, 3, 2, 1]);
      expect(await v({ fromVersion: 5, toVersion: 3 })).toEqual([5, 4, 3]);
      expect(await v({ fromVersion: 99, limit: 1 })).toEqual([6]);
    });

    test('readStream: a stream that does not exist yields nothing and has version 0', async ({ store }) => {
      await store.append('s', [note(1)]);
      expect(await collect(store.readStream('nope'))).toEqual([]);
      expect(await collect(store.readStream('nope', { direction: 'backward' }))).toEqual([]);
      expect(await store.streamVersion('nope')).toBe(0);
    });

    test('read options: invalid values are a validation error', async ({ store }) => {
      expect(await caught(collect(store.readStream('s', { fromVersion: 0 })))).toBeInstanceOf(ValidationError);
      expect(await caught(collect(store.readStream('s', { limit: -1 })))).toBeInstanceOf(ValidationError);
      expect(await caught(collect(store.readStream('s', { direction: 'sideways' as never })))).toBeInstanceOf(ValidationError);
      expect(await caught(collect(store.readAll({ fromPosition: 0 })))).toBeInstanceOf(ValidationError);
      expect(await caught(collect(store.readAll({ batchSize: 0 })))).toBeInstanceOf(ValidationError);
    });

    // --------------------------------------------------------------- readAll
    test('readAll: global order across streams, positions 1..n without gaps', async ({ store }) => {
      await store.append('a', [note(1), note(2)]);
      await store.append('b', [note(3)]);
      await store.append('a', [note(4)]);
      await caught(store.append('b', [note(5)], { expectedVersion: 'no_stream' }));
      await store.append('c', [note(6)]);
      const all = await collect(store.readAll());
      expect(all.map((e) => [e.position, e.streamId, e.version, (e.data as { n: number }).n])).toEqual([
        [1, 'a', 1, 1],
        [2, 'a', 2, 2],
        [3, 'b', 1, 3],
        [4, 'a', 3, 4],
        [5, 'c', 1, 6],
      ]);
    });

    test('readAll: batches of any size give the same events; fromPosition/toPosition bound them', async ({ store }) => {
      for (let i = 0; i < 5; i++) await store.append(`s-${i % 3}`, [note(i * 3), note(i * 3 + 1), note(i * 3 + 2)]);
      const full = (await collect(store.readAll())).map((e) => e.id);
      expect(full).toHaveLength(15);
      for (const batchSize of [1, 2, 7, 15, 1000]) {
        expect((await collect(store.readAll({ batchSize }))).map((e) => e.id)).toEqual(full);
      }
      expect((await collect(store.readAll({ fromPosition: 4, toPosition: 9, batchSize: 2 }))).map((e) => e.position)).toEqual([4, 5, 6, 7, 8, 9]);
      expect(await collect(store.readAll({ fromPosition: 16 }))).toEqual([]);
      expect(await collect(store.readAll({ fromPosition: 5, toPosition: 4 }))).toEqual([]);
    });

    test('readAll: the types filter returns only those types, in order', async ({ store }) => {
      await store.append('a', [note(1), { type: 'Counted', data: { total: 1, unit: 'case' } }, note(2)]);
      await store.append('b', [{ type: 'Counted', data: { total: 2, unit: 'case' } }]);
      const counted = await collect(store.readAll({ types: ['Counted'], batchSize: 1 }));
      expect(counted.map((e) => e.position)).toEqual([2, 4]);
      expect(await collect(store.readAll({ types: [] }))).toEqual([]);
      expect((await collect(store.readAll({ types: ['Counted', 'Noted'] }))).length).toBe(4);
    });

    test('readAll: a lean read (a hint for folds) yields the same events, every field included', async ({ store, clock }) => {
      for (let i = 0; i < 6; i++) {
        clock.advance(1000);
        await store.append(`s-${i % 2}`, [{ ...note(i), metadata: { actor: `a${i}` } }, { type: 'Counted', data: { total: i, unit: 'case' } }]);
      }
      const plain = (e: StoredEvent) => ({ id: e.id, streamId: e.streamId, version: e.version, position: e.position, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata, recordedAt: e.recordedAt });
      const full = (await collect(store.readAll())).map(plain);
      const cases: Array<[ReadAllOptions, (e: ReturnType<typeof plain>) => boolean]> = [
        [{ lean: true }, () => true],
        [{ lean: true, batchSize: 5 }, () => true],
        [{ lean: true, types: ['Counted'], batchSize: 2 }, (e) => e.type === 'Counted'],
        // every registered type (and one never used): an adapter may filter those rows itself
        [{ lean: true, types: [...contractEvents.types, 'NeverAppended'], batchSize: 3 }, () => true],
        [{ lean: true, types: ['Noted'], streamPrefix: 's-1', batchSize: 2 }, (e) => e.type === 'Noted' && e.streamId === 's-1'],
        [{ lean: true, streamPrefix: 's-0' }, (e) => e.streamId === 's-0'],
      ];
      for (const [options, keep] of cases) {
        const lean = (await collect(store.readAll(options))).map(plain);
        expect(lean, JSON.stringify(options)).toEqual(full.filter(keep));
      }
      // fields read out of order, and after later batches were read
      const events = await collect(store.readAll({ lean: true, batchSize: 3 }));
      expect([...events].reverse().map((e) => [e.recordedAt, e.metadata, e.id])).toEqual([...full].reverse().map((e) => [e.recordedAt, e.metadata, e.id]));
    });

    test('readAll: the stream prefix filter matches literally (no wildcards)', async ({ store }) => {
      await store.append('incident-1', [note(1)]);
      await store.append('locality-38', [note(2)]);
      await store.append('incident-2', [note(3)]);
      await store.append('inc%dent', [note(4)]);
      await store.append('inc_dent', [note(5)]);
      expect((await collect(store.readAll({ streamPrefix: 'incident-', batchSize: 1 }))).map((e) => e.streamId)).toEqual(['incident-1', 'incident-2']);
      expect((await collect(store.readAll({ streamPrefix: 'inc%' }))).map((e) => e.streamId)).toEqual(['inc%dent']);
      expect((await collect(store.readAll({ streamPrefix: 'inc_', types: ['Noted'] }))).map((e) => e.streamId)).toEqual(['inc_dent']);
    });

    // ---------------------------------------------------------- time and clock
    test('clock: recordedAt never decreases in position even when the clock steps back', async ({ store, clock }) => {
      clock.set('2024-03-01T10:00:00Z');
      await store.append('a', [note(1)]);
      clock.set('2024-02-01T10:00:00Z');
      await store.append('a', [note(2)]);
      clock.set('2024-03-05T10:00:00Z');
      await store.append('b', [note(3)]);
      clock.set('2024-03-04T00:00:00Z');
      await store.appendMany([{ streamId: 'c', events: [note(4)] }]);
      const all = await collect(store.readAll());
      const times = all.map((e) => e.recordedAt);
      expect(times).toEqual(['2024-03-01T10:00:00.000Z', '2024-03-01T10:00:00.000Z', '2024-03-05T10:00:00.000Z', '2024-03-05T10:00:00.000Z']);
      expect([...times].sort()).toEqual(times);
    });

    test('positionAt: the last position recorded at or before a time', async ({ store, clock }) => {
      expect(await store.positionAt('2030-01-01T00:00:00Z')).toBe(0);
      clock.set('2024-01-10T00:00:00Z');
      await store.append('a', [note(1), note(2)]);
      clock.set('2024-01-20T00:00:00Z');
      await store.append('a', [note(3)]);
      clock.set('2024-01-15T00:00:00Z'); // steps back: recorded at 01-20
      await store.append('b', [note(4)]);
      clock.set('2024-01-30T00:00:00Z');
      await store.append('b', [note(5)]);
      expect(await store.positionAt('2024-01-09T23:59:59.999Z')).toBe(0);
      expect(await store.positionAt('2024-01-10T00:00:00Z')).toBe(2);
      expect(await store.positionAt(new Date('2024-01-15T00:00:00Z'))).toBe(2);
      expect(await store.positionAt('2024-01-20T00:00:00Z')).toBe(4);
      expect(await store.positionAt(Date.parse('2024-01-29T00:00:00Z'))).toBe(4);
      expect(await store.positionAt('2024-02-01T00:00:00Z')).toBe(5);
    });

    test('headPosition and streamVersion follow appends', async ({ store }) => {
      expect(await store.headPosition()).toBe(0);
      await store.append('a', [note(1), note(2)]);
      await store.append('b', [note(3)]);
      expect(await store.headPosition()).toBe(3);
      expect(await store.streamVersion('a')).toBe(2);
      expect(await store.streamVersion('b')).toBe(1);
    });

    test('metadata is stored and read back', async ({ store }) => {
      const metadata = { correlationId: 'c-1', causationId: 'x', actor: 'analyst@38', source: { file: 'incidents.csv', row: 7 }, extra: { nested: [1, 'two'] } };
      await store.append('a', [note(1, { metadata }), note(2)]);
      const [e1, e2] = await collect(store.readAll());
      expect(e1!.metadata).toEqual(metadata);
      expect(e2!.metadata).toEqual({});
    });

    test('stored events are isolated from the caller: mutating input or output changes nothing stored', async ({ store }) => {
      const data = { n: 1, text: 'before' };
      await store.append('a', [{ type: 'Noted', data }]);
      data.text = 'after';
      const [read] = await collect(store.readAll());
      expect(read!.data).toEqual({ n: 1, text: 'before' });
      try {
        (read!.data as { text: string }).text = 'mutated';
      } catch {
        // frozen objects may throw in strict mode; either way nothing stored may change
      }
      const [again] = await collect(store.readAll());
      expect(again!.data).toEqual({ n: 1, text: 'before' });
    });

    // --------------------------------------------------------------- upcasting
    test('upcasting: an event written at schema version 1 reads back as version 2; raw reads return it as stored', async ({ store }) => {
      await store.append('a', [{ type: 'Counted', data: { count: 7 }, schemaVersion: 1 }]);
      await store.append('a', [{ type: 'Counted', data: { total: 8, unit: 'case' } }]);
      const read = await collect(store.readStream('a'));
      expect(read.map((e) => [e.schemaVersion, e.data])).toEqual([
        [2, { total: 7, unit: 'case' }],
        [2, { total: 8, unit: 'case' }],
      ]);
      const raw = await collect(store.readAll({ raw: true }));
      expect(raw.map((e) => [e.schemaVersion, e.data])).toEqual([
        [1, { count: 7 }],
        [2, { total: 8, unit: 'case' }],
      ]);
      const e = await caught(store.append('a', [{ type: 'Counted', data: { total: 1 }, schemaVersion: 1 }]));
      expect((e as ValidationError).issues[0]).toMatchObject({ path: ['events', 0, 'data', 'count'] });
      const future = await caught(store.append('a', [{ type: 'Counted', data: {}, schemaVersion: 3 }]));
      expect((future as ValidationError).issues[0]).toMatchObject({ code: 'unknown_schema_version' });
    });

    // ----------------------------------------------------------- subscriptions
    test('subscriptions: catch-up then live, every event once, in order', async ({ store }) => {
      await store.append('a', [note(1), note(2)]);
      const seen: number[] = [];
      const sub = store.subscribe((e) => {
        seen.push(e.position);
      });
      await sub.caughtUp();
      expect(seen).toEqual([1, 2]);
      await store.append('b', [note(3)]);
      await store.appendMany([{ streamId: 'c', events: [note(4), note(5)] }]);
      await sub.caughtUp(5);
      expect(seen).toEqual([1, 2, 3, 4, 5]);
      expect(sub.position).toBe(5);
      await sub.unsubscribe();
      await store.append('d', [note(6)]);
      await tick(20);
      expect(seen).toEqual([1, 2, 3, 4, 5]);
    });

    test('subscriptions: appends racing the switch from catch-up to live are delivered exactly once, in order', async ({ store }) => {
      for (let i = 0; i < 50; i++) await store.append(`s-${i % 5}`, [note(i)]);
      const subs: Array<{ seen: number[]; sub: ReturnType<EventStore['subscribe']> }> = [];
      const writer = (async () => {
        for (let i = 50; i < 300; i++) {
          if (i % 3 === 0) await store.appendMany([{ streamId: `s-${i % 5}`, events: [note(i)] }, { streamId: `t-${i}`, events: [note(-i)] }]);
          else await store.append(`s-${i % 5}`, [note(i)]);
          if (i % 25 === 0) {
            const seen: number[] = [];
            subs.push({
              seen,
              sub: store.subscribe(async (e) => {
                seen.push(e.position);
                if (e.position % 7 === 0) await tick(0);
              }),
            });
          }
          if (i % 10 === 0) await tick(0);
        }
      })();
      await writer;
      const head = await store.headPosition();
      for (const { seen, sub } of subs) {
        await sub.caughtUp(head);
        expect(seen).toEqual(Array.from({ length: head }, (_, k) => k + 1));
        await sub.unsubscribe();
      }
      expect(subs.length).toBe(10);
    });

    test('subscriptions: fromPosition and the types filter', async ({ store }) => {
      await store.append('a', [note(1), { type: 'Counted', data: { total: 1, unit: 'case' } }, note(2), { type: 'Counted', data: { total: 2, unit: 'case' } }]);
      const seen: number[] = [];
      const sub = store.subscribe((e) => void seen.push(e.position), { fromPosition: 3, types: ['Counted'] });
      await sub.caughtUp();
      expect(seen).toEqual([4]);
      expect(sub.position).toBe(4);
      await store.append('a', [note(3)]);
      await sub.caughtUp();
      expect(sub.position).toBe(5);
      expect(seen).toEqual([4]);
      await sub.unsubscribe();
    });

    test('subscriptions: a failing handler stops the subscription at the last good event and reports the error', async ({ store }) => {
      await store.append('a', [note(1), note(2), note(3)]);
      const errors: unknown[] = [];
      const seen: number[] = [];
      const sub = store.subscribe(
        (e) => {
          if (e.position === 2) throw new Error('boom');
          seen.push(e.position);
        },
        { onError: (err) => errors.push(err) },
      );
      await expect(sub.done).rejects.toThrow('boom');
      expect(seen).toEqual([1]);
      expect(sub.position).toBe(1);
      expect(errors).toHaveLength(1);
    });

    // ------------------------------------------------------------- projections
    test('projection states: save and load are atomic, isolated round trips; list and delete work', async ({ store }) => {
      const record = { name: 'p', version: 2, checkpoint: 7, state: { counts: { a: 1 } }, status: { kind: 'ok' as const }, updatedAt: T0 };
      await store.projections.save(record);
      const loaded = await store.projections.load('p');
      expect(loaded).toEqual(record);
      (loaded!.state as { counts: { a: number } }).counts.a = 99;
      expect((await store.projections.load('p'))!.state).toEqual({ counts: { a: 1 } });
      await store.projections.save({ ...record, name: 'q', checkpoint: 9, status: { kind: 'failed', position: 10, eventId: 'e', eventType: 'Noted', error: { code: 'x', message: 'y' }, failedAt: T0 } });
      expect((await store.projections.list()).map((r) => [r.name, r.checkpoint, r.status.kind])).toEqual([
        ['p', 7, 'ok'],
        ['q', 9, 'failed'],
      ]);
      await store.projections.delete('p');
      expect(await store.projections.load('p')).toBeUndefined();
    });

    // -------------------------------------------------------------------- close
    test('close: every operation afterwards fails with store_closed; close twice is fine; subscriptions end', async ({ store }) => {
      await store.append('a', [note(1)]);
      const sub = store.subscribe(() => undefined);
      await sub.caughtUp();
      await store.close();
      await store.close();
      await expect(sub.done).resolves.toBeUndefined();
      const ops: Array<[string, () => unknown]> = [
        ['append', () => store.append('a', [note(2)])],
        ['appendMany', () => store.appendMany([{ streamId: 'a', events: [note(2)] }])],
        ['readStream', () => collect(store.readStream('a'))],
        ['readAll', () => collect(store.readAll())],
        ['positionAt', () => store.positionAt(T0)],
        ['headPosition', () => store.headPosition()],
        ['streamVersion', () => store.streamVersion('a')],
        ['subscribe', () => store.subscribe(() => undefined)],
        ['projections.load', () => store.projections.load('x')],
      ];
      for (const [label, op] of ops) {
        const e = await caught(async () => op());
        expect(e, label).toBeInstanceOf(StoreClosedError);
        expect((e as StoreClosedError).code, label).toBe('store_closed');
      }
    });

    test('close: an iteration in progress fails with store_closed at its next batch', async ({ store }) => {
      for (let i = 0; i < 10; i++) await store.append('a', [note(i)]);
      const it = store.readAll({ batchSize: 2 })[Symbol.asyncIterator]();
      await it.next();
      await it.next();
      await store.close();
      const e = await caught(async () => {
        for (let i = 0; i < 10; i++) await it.next();
      });
      expect(e).toBeInstanceOf(StoreClosedError);
    });

    // ------------------------------------------------------------ model-based
    const modelName = 'model-based: random appends and reads agree with the reference model';
    known.add(modelName);
    if (!(CONTRACT_CASES as string[]).includes(modelName)) (CONTRACT_CASES as string[]).push(modelName);
    if (skip[modelName] !== undefined) it.skip(`${modelName} — skipped: ${skip[modelName]}`, () => undefined);
    else
      it(
        modelName,
        async () => {
          const runs = options.modelRuns ?? 200;
          const commandOptions: ModelCommandOptions = { streams: ['a', 'b', 'c', 'inc-1', 'inc-2'] };
          await fc.assert(
            fc.asyncProperty(fc.commands(storeModelCommands(commandOptions), { maxCommands: 25 }), async (cmds) => {
              const clock = manualClock(T0);
              const store = await factory({ clock, events: contractEvents });
              try {
                await fc.asyncModelRun(() => ({ model: { streams: new Map(), log: [], clock }, real: store }), cmds);
              } finally {
                await store.close();
              }
            }),
            { numRuns: runs },
          );
        },
        Math.max(timeout, 120_000),
      );

    it('every skipped case names an existing case', () => {
      for (const caseName of Object.keys(skip)) expect(known.has(caseName), `unknown case in skip: ${caseName}`).toBe(true);
    });
  });
}
