// Several clients, each with its own pool, append to overlapping streams at
// once (deciders with retries, appendMany, conflicts that roll back, id
// reuse, idempotent retries, clocks that disagree and jump around) while
// three followers read the log: two subscriptions and a plain "readAll after
// my checkpoint" loop, the pattern that loses events on sequence-numbered
// stores. Every follower must see every committed event exactly once, in
// position order; positions must be gap-free and stream versions contiguous.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dropPostgresSchema, postgresStore } from '../../adapters/postgres/index.js';
import { ConcurrencyError, EventIdConflictError, handle, type AppendResult, type Clock, type EventStore, type StoredEvent } from '../../src/kernel/index.js';
import { counterDecider, counterEvents } from '../fixtures/counter-decider.js';
import { PG_URL, SKIP_REASON, sleep, testSchema, warnIfSkipped } from './support.js';

warnIfSkipped();

const WRITERS = 8;
const OPS = 120;
const STREAMS = 6;

describe.skipIf(PG_URL === undefined)(`PostgreSQL: concurrent clients and followers${PG_URL === undefined ? ` — skipped: ${SKIP_REASON}` : ''}`, () => {
  const url = PG_URL ?? '';
  const schema = testSchema('concurrency');
  afterAll(async () => {
    if (PG_URL !== undefined) await dropPostgresSchema(url, schema);
  });

  it(`${WRITERS} clients × ${OPS} operations on ${STREAMS} shared streams, 3 followers: nothing skipped, doubled or reordered`, async () => {
    // each client: its own pool and a clock that is minutes off and jumps back and forth
    const clocks: Clock[] = Array.from({ length: WRITERS }, (_, w) => {
      let k = 0;
      return { now: () => Date.now() + (((w * 37 + k++ * 11) % 600) - 300) * 1000 };
    });
    const writers = await Promise.all(
      clocks.map((clock) => postgresStore(url, { schema, events: counterEvents, clock, maxConnections: 1, lockTimeoutMs: 30_000 })),
    );
    const readers = await Promise.all(Array.from({ length: 3 }, () => postgresStore(url, { schema, events: counterEvents, maxConnections: 2, pollIntervalMs: 10 })));

    const seen: number[][] = [[], [], []];
    const subs = [readers[0]!.subscribe((e) => void seen[0]!.push(e.position)), readers[1]!.subscribe((e) => void seen[1]!.push(e.position), { raw: true })];
    let stop = false;
    let checkpoint = 0;
    const follower = (async () => {
      // "everything after my checkpoint", checkpoint = last position read
      while (!stop) {
        for await (const e of readers[2]!.readAll({ fromPosition: checkpoint + 1, batchSize: 50 })) {
          seen[2]!.push(e.position);
          checkpoint = e.position;
        }
        await sleep(2);
      }
    })();

    const acknowledged: AppendResult[] = [];
    const ackIds = new Map<string, number>();
    let increments = 0;
    let expectedConflicts = 0;
    let idConflicts = 0;
    let retries = 0;
    const started = performance.now();

    // the first append to a new stream, raced by every client: exactly one wins
    const race = await Promise.allSettled(writers.map((s, w) => s.append('race-1', [{ id: `race-${w}`, type: 'Incremented', data: { by: 1, writer: `${w}`, seq: 0 } }], { expectedVersion: 'no_stream' })));
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of race) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'wrong_expected_version', actual: 1 });
      else acknowledged.push(r.value);
    }

    await Promise.all(
      writers.map(async (store: EventStore, w) => {
        let last: { streamId: string; id: string; result: AppendResult } | undefined;
        for (let k = 0; k < OPS; k++) {
          const streamId = `counter-${(k * 7 + w) % STREAMS}`;
          if (k % 15 === 7) {
            // a stale expected version: the append must fail and write nothing
            await expect(store.append(streamId, [{ type: 'Incremented', data: { by: 1, writer: `${w}`, seq: k } }], { expectedVersion: 1_000_000 })).rejects.toBeInstanceOf(ConcurrencyError);
            expectedConflicts++;
          } else if (k % 17 === 9 && last !== undefined) {
            // an id already stored, other content: the insert fails inside the transaction, which rolls back
            await expect(store.append('elsewhere', [{ id: `fresh-${w}-${k}`, type: 'Closed', data: { reason: 'x' } }, { id: last.id, type: 'Closed', data: { reason: 'reused' } }])).rejects.toBeInstanceOf(
              EventIdConflictError,
            );
            idConflicts++;
          } else if (k % 20 === 11 && last !== undefined) {
            // a retry of the previous operation's batch (k - 1 is always a decider append here), with a
            // stale expected version: the original result, nothing written
            expect(last.id).toBe(`w${w}-${k - 1}`);
            const again = await store.append(last.streamId, [{ id: last.id, type: 'Incremented', data: { by: 1, writer: `${w}`, seq: k - 1 } }], { expectedVersion: 'no_stream' });
            expect(again).toEqual(last.result);
          } else if (k % 10 === 3) {
            const rs = await store.appendMany([
              { streamId: `pair-${w % 3}`, events: [{ id: `w${w}-${k}-a`, type: 'Closed', data: { reason: `${w}/${k}` } }] },
              { streamId: `pair-${(w + 1) % 3}`, events: [{ id: `w${w}-${k}-b`, type: 'Closed', data: { reason: `${w}/${k}` } }, { id: `w${w}-${k}-c`, type: 'Closed', data: { reason: 'two' } }] },
            ]);
            acknowledged.push(...rs);
            ackIds.set(`w${w}-${k}-a`, rs[0]!.firstPosition!);
            ackIds.set(`w${w}-${k}-b`, rs[1]!.firstPosition!);
            ackIds.set(`w${w}-${k}-c`, rs[1]!.lastPosition!);
          } else {
            const id = `w${w}-${k}`;
            const r = await handle(store, streamId, counterDecider, { type: 'Increment', by: 1, writer: `${w}`, seq: k }, { maxRetries: 10_000, eventId: () => id });
            retries += r.attempts - 1;
            increments++;
            acknowledged.push(r.append!);
            ackIds.set(id, r.append!.firstPosition!);
            last = { streamId, id, result: r.append! };
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    const head = await readers[0]!.headPosition();
    await Promise.all(subs.map((s) => s.caughtUp(head)));
    await expect.poll(() => checkpoint, { timeout: 10_000, interval: 20 }).toBe(head);
    stop = true;
    await follower;
    await Promise.all(subs.map((s) => s.unsubscribe()));

    const all: StoredEvent[] = [];
    for await (const e of readers[0]!.readAll({ raw: true })) all.push(e);
    const oneToHead = Array.from({ length: head }, (_, i) => i + 1);
    expect(all.map((e) => e.position)).toEqual(oneToHead);
    for (const s of seen) expect(s).toEqual(oneToHead);

    // what the writers were told is what the log holds
    const byId = new Map(all.map((e) => [e.id, e]));
    for (const [id, position] of ackIds) expect(byId.get(id)?.position, id).toBe(position);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    expect(all.length).toBe(acknowledged.reduce((n, r) => n + (r.lastPosition === null ? 0 : r.lastPosition - r.firstPosition! + 1), 0));
    expect(all.filter((e) => e.streamId.startsWith('counter-')).length).toBe(increments);
    expect(all.some((e) => e.streamId === 'elsewhere')).toBe(false);

    const versions = new Map<string, number[]>();
    for (const e of all) versions.set(e.streamId, [...(versions.get(e.streamId) ?? []), e.version]);
    for (const [stream, vs] of versions) expect(vs, stream).toEqual(Array.from({ length: vs.length }, (_, i) => i + 1));
    const recorded = all.map((e) => e.recordedAt);
    expect([...recorded].sort()).toEqual(recorded);

    const appends = acknowledged.length;
    console.log(
      `postgres concurrency: ${WRITERS} clients, ${appends} appends (${all.length} events) in ${seconds.toFixed(1)} s = ${(appends / seconds).toFixed(0)} appends/s under contention; ` +
        `${retries} decider retries, ${expectedConflicts} version conflicts and ${idConflicts} id conflicts rolled back; followers saw 1..${head} exactly once`,
    );
    await Promise.all([...writers, ...readers].map((s) => s.close()));
  }, 120_000);

  it('the pool of a single store serves many concurrent appends to one stream without losing or doubling any', async () => {
    const store = await postgresStore(url, { schema, maxConnections: 8 });
    const before = await store.streamVersion('hot');
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => store.append('hot', [{ type: 'T', data: { i } }])));
    const versions = results.map((r) => r.nextExpectedVersion).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 200 }, (_, i) => before + i + 1));
    const positions = results.map((r) => r.firstPosition!).sort((a, b) => a - b);
    for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeGreaterThan(positions[i - 1]!);
    await store.close();
    // nothing left behind in the server: no session of this test is still in a transaction
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const open = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' AND application_name = 'ntm-antt'`);
    await admin.end();
    expect(open.rows[0]).toEqual({ n: 0 });
  });
});
