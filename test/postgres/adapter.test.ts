// What only the PostgreSQL adapter has: schemas (isolation, migration,
// refusing a newer one), pools (who ends what), the server's clock, lock
// timeouts, sessions that are not READ COMMITTED, and driver errors.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_POSTGRES_SCHEMA, POSTGRES_SCHEMA_VERSION, dropPostgresSchema, postgresStore, type PostgresPool } from '../../adapters/postgres/index.js';
import { StoreUnavailableError, manualClock, type EventStore, type StoredEvent } from '../../src/kernel/index.js';
import { contractEvents } from '../../src/testing/index.js';
import { PG_URL, SKIP_REASON, sleep, testSchema, warnIfSkipped } from './support.js';

warnIfSkipped();

const url = PG_URL ?? '';
const schemas: string[] = [];
const fresh = (label: string): string => {
  const s = testSchema(label);
  schemas.push(s);
  return s;
};
/** The same server under a connection string whose application_name only this test uses. */
const tagged = (tag: string): string => {
  const u = new URL(url);
  u.searchParams.set('application_name', tag);
  return u.toString();
};

async function collect(it: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

async function connectionsNamed(admin: pg.Pool, tag: string): Promise<number> {
  const r = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [tag]);
  return r.rows[0]!.n;
}

describe.skipIf(PG_URL === undefined)(`PostgreSQL adapter${PG_URL === undefined ? ` — skipped: ${SKIP_REASON}` : ''}`, () => {
  const admin = new pg.Pool({ connectionString: url || undefined, max: 4 });
  afterAll(async () => {
    try {
      for (const s of schemas) await dropPostgresSchema(admin, s);
    } finally {
      await admin.end();
    }
  });

  it('keeps each store in its own schema: two schemas share nothing, two stores on one schema share the log', async () => {
    const [s1, s2] = [fresh('iso'), fresh('iso')];
    const a = await postgresStore(admin, { schema: s1 });
    const b = await postgresStore(admin, { schema: s2 });
    const a2 = await postgresStore(url, { schema: s1, maxConnections: 2 });
    try {
      await a.append('x', [{ type: 'T', data: { in: 1 } }]);
      await b.append('x', [{ type: 'T', data: { in: 2 } }, { type: 'T', data: { in: 2 } }]);
      await a.projections.save({ name: 'p', version: 1, checkpoint: 1, state: { s: 1 }, status: { kind: 'ok' }, updatedAt: '2024-01-01T00:00:00.000Z' });
      expect(await a.headPosition()).toBe(1);
      expect(await b.headPosition()).toBe(2);
      expect(await b.projections.load('p')).toBeUndefined();
      // a second store (its own pool) on the same schema sees the first one's log and states
      expect((await collect(a2.readAll())).map((e) => e.data)).toEqual([{ in: 1 }]);
      expect(await a2.projections.load('p')).toMatchObject({ checkpoint: 1, state: { s: 1 } });
      const r = await a2.append('x', [{ type: 'T', data: { in: 3 } }], { expectedVersion: 1 });
      expect(r).toMatchObject({ firstPosition: 2, nextExpectedVersion: 2 });
      expect(await a.streamVersion('x')).toBe(2);
      const tables = await admin.query<{ schemaname: string; tablename: string }>(
        'SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY($1) ORDER BY 1, 2',
        [[s1, s2]],
      );
      expect(tables.rows.filter((t) => t.schemaname === s1).map((t) => t.tablename)).toEqual(['events', 'log_head', 'projections', 'schema_migrations', 'streams']);
      expect(DEFAULT_POSTGRES_SCHEMA).toBe('ntm_antt');
    } finally {
      await Promise.all([a.close(), b.close(), a2.close()]);
    }
  });

  it('pages reads by bounded windows: sparse filtered reads, small batches, backward reads from past the end', async () => {
    const schema = fresh('windows');
    const store = await postgresStore(admin, { schema, readBatchSize: 7 });
    try {
      // 612 events on 3 streams, a few of type B
      for (let i = 0; i < 6; i++) {
        await store.appendMany(
          Array.from({ length: 3 }, (_, k) => ({
            streamId: `s${k}`,
            events: Array.from({ length: 34 }, (_, j) => ({ type: (i * 102 + k * 34 + j) % 23 === 0 ? 'B' : 'A', data: { i, k, j } })),
          })),
        );
      }
      const all = await collect(store.readAll());
      expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
      const bs = await collect(store.readAll({ types: ['B'], batchSize: 3 }));
      expect(bs.map((e) => e.position)).toEqual(all.filter((e) => e.type === 'B').map((e) => e.position));
      expect(bs.length).toBeGreaterThan(3);
      const s1b = await collect(store.readAll({ types: ['B'], streamPrefix: 's1', fromPosition: 50, toPosition: 500, batchSize: 2 }));
      expect(s1b.map((e) => e.position)).toEqual(all.filter((e) => e.type === 'B' && e.streamId === 's1' && e.position >= 50 && e.position <= 500).map((e) => e.position));
      const version = await store.streamVersion('s2');
      const back = await collect(store.readStream('s2', { direction: 'backward', fromVersion: version + 1000, limit: 20 }));
      expect(back.map((e) => e.version)).toEqual(Array.from({ length: 20 }, (_, i) => version - i));
      const fwd = await collect(store.readStream('s2', { fromVersion: 5, toVersion: 60 }));
      expect(fwd.map((e) => e.version)).toEqual(Array.from({ length: 56 }, (_, i) => 5 + i));
    } finally {
      await store.close();
    }
  });

  it('records the migration and refuses a schema written by a newer version (schema_too_new), ending the pool it opened', async () => {
    const schema = fresh('newer');
    await (await postgresStore(admin, { schema })).close();
    const v = await admin.query(`SELECT version, description FROM "${schema}".schema_migrations ORDER BY version`);
    expect(v.rows.map((r: { version: number }) => r.version)).toEqual([POSTGRES_SCHEMA_VERSION]);
    await admin.query(`INSERT INTO "${schema}".schema_migrations (version, description) VALUES ($1, 'from the future')`, [POSTGRES_SCHEMA_VERSION + 1]);

    const tag = `ntm-antt-test-newer-${process.pid}`;
    const error = await postgresStore(tagged(tag), { schema }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ code: 'schema_too_new', details: { schema, found: POSTGRES_SCHEMA_VERSION + 1, known: POSTGRES_SCHEMA_VERSION } });
    expect((error as Error).message).toContain(schema);
    await expect.poll(() => connectionsNamed(admin, tag), { timeout: 5000 }).toBe(0);
    // a store on a pool of the caller's is refused too, and the pool stays usable
    await expect(postgresStore(admin, { schema })).rejects.toMatchObject({ code: 'schema_too_new' });
    expect((await admin.query('SELECT 1 AS one')).rows[0]).toEqual({ one: 1 });
  });

  it('migrates once when several processes open a fresh schema at the same moment', async () => {
    const schema = fresh('race');
    const stores = await Promise.all(Array.from({ length: 6 }, () => postgresStore(url, { schema, maxConnections: 1 })));
    await Promise.all(stores.map((s, i) => s.append(`s-${i}`, [{ type: 'T', data: { i } }])));
    expect(await stores[0]!.headPosition()).toBe(6);
    await Promise.all(stores.map((s) => s.close()));
    const v = await admin.query(`SELECT count(*)::int AS n FROM "${schema}".schema_migrations`);
    expect(v.rows[0]).toEqual({ n: POSTGRES_SCHEMA_VERSION });
  });

  it('close(): ends a pool it opened from a connection string or a factory, leaves a given pool open', async () => {
    const schema = fresh('pools');
    // connection string: the store's own pool, ended on close
    const tag = `ntm-antt-test-close-${process.pid}`;
    const own = await postgresStore(tagged(tag), { schema });
    await own.append('a', [{ type: 'T', data: {} }]);
    expect(await connectionsNamed(admin, tag)).toBeGreaterThan(0);
    const sub = own.subscribe(() => undefined);
    await sub.caughtUp();
    const [c1, c2] = [own.close(), own.close()];
    await Promise.all([c1, c2]);
    await expect(sub.done).resolves.toBeUndefined();
    await expect.poll(() => connectionsNamed(admin, tag), { timeout: 5000 }).toBe(0);
    await expect(own.headPosition()).rejects.toMatchObject({ code: 'store_closed' });

    // a given pool: left open
    const given = new pg.Pool({ connectionString: url, max: 2 });
    const onGiven = await postgresStore(given, { schema });
    expect(await onGiven.headPosition()).toBe(1);
    await onGiven.close();
    expect(given.ended).toBe(false);
    expect((await given.query('SELECT 2 AS two')).rows[0]).toEqual({ two: 2 });
    await given.end();

    // a factory: the store owns what it made
    let made: pg.Pool | undefined;
    let calls = 0;
    const fromFactory = await postgresStore(
      async () => {
        calls++;
        made = new pg.Pool({ connectionString: url, max: 2 });
        return made;
      },
      { schema },
    );
    expect(await fromFactory.streamVersion('a')).toBe(1);
    await fromFactory.close();
    expect(calls).toBe(1);
    expect(made!.ended).toBe(true);
  });

  it('accepts any object with the pool shape (the structural driver subset)', async () => {
    const schema = fresh('shape');
    const real = new pg.Pool({ connectionString: url, max: 2 });
    const seen: string[] = [];
    const wrapped: PostgresPool = {
      query: (config) => {
        seen.push(config.text.slice(0, 20));
        return real.query(config);
      },
      connect: () => real.connect(),
      end: () => real.end(),
    };
    const store = await postgresStore(wrapped, { schema });
    await store.append('a', [{ type: 'T', data: {} }]);
    await store.close();
    expect(seen.some((t) => t.startsWith('SELECT status'))).toBe(true);
    await real.end();
  });

  it('recordedAt: the database clock by default, non-decreasing; a given clock wins and may step back', async () => {
    const schema = fresh('clock');
    const serverClock = await postgresStore(admin, { schema });
    const before = Date.now();
    const r1 = await serverClock.append('a', [{ type: 'T', data: {} }]);
    expect(Math.abs(Date.parse(r1.recordedAt!) - before)).toBeLessThan(60_000);
    const clock = manualClock('2001-01-01T00:00:00Z');
    const manual = await postgresStore(admin, { schema, clock });
    const r2 = await manual.append('a', [{ type: 'T', data: {} }]);
    expect(r2.recordedAt).toBe(r1.recordedAt); // the clock stepped back: clamped to the last recordedAt
    clock.set('2999-12-31T23:59:59.999Z');
    const r3 = await manual.append('a', [{ type: 'T', data: {} }]);
    expect(r3.recordedAt).toBe('2999-12-31T23:59:59.999Z');
    const r4 = await serverClock.append('a', [{ type: 'T', data: {} }]);
    expect(r4.recordedAt).toBe('2999-12-31T23:59:59.999Z');
    expect(await manual.positionAt('2999-12-31T23:59:59.998Z')).toBe(2);
    expect(await manual.positionAt('2999-12-31T23:59:59.999Z')).toBe(4);
    expect(await manual.positionAt('-005000-01-01T00:00:00Z')).toBe(0); // before PostgreSQL's earliest timestamp
    await Promise.all([serverClock.close(), manual.close()]);
  });

  it('round-trips JSON exactly: key order, NUL and lone surrogates in strings, large and fractional numbers', async () => {
    const schema = fresh('json');
    const store = await postgresStore(admin, { schema });
    const data = { z: 1, a: { y: [1, 2, { b: null }], x: 'é' }, nul: 'a\u0000b', lone: 'x\uD800y', emoji: '😀', big: 2 ** 53 - 1, frac: 0.1 + 0.2, neg: -0 };
    const metadata = { actor: 'ai@38', source: { file: 'f.csv', row: 2 }, 'quote"key': 'back\\slash' };
    await store.append('j', [{ type: 'T', data, metadata }]);
    const [e] = await collect(store.readAll());
    expect(JSON.stringify(e!.data)).toBe(JSON.stringify(data));
    expect(e!.metadata).toEqual(metadata);
    await store.projections.save({ name: 'p\u00e9', version: 3, checkpoint: 2 ** 40, state: data, status: { kind: 'ok' }, updatedAt: 'not even a date' });
    const p = await store.projections.load('p\u00e9');
    expect(JSON.stringify(p!.state)).toBe(JSON.stringify(data));
    expect(p).toMatchObject({ version: 3, checkpoint: 2 ** 40, updatedAt: 'not even a date' });
    await store.close();
  });

  it('sessions that are not READ COMMITTED: appends take the explicit READ COMMITTED transaction and keep every guarantee', async () => {
    const schema = fresh('serializable');
    const pool = new pg.Pool({ connectionString: url, max: 3, options: '-c default_transaction_isolation=serializable' });
    const store = await postgresStore(pool, { schema, events: contractEvents });
    const iso = await pool.query<{ transaction_isolation: string }>('SHOW transaction_isolation');
    expect(iso.rows[0]!.transaction_isolation).toBe('serializable');
    const batch = [{ id: 'e1', type: 'Noted', data: { n: 1 } }];
    const first = await store.append('s', batch, { expectedVersion: 'no_stream' });
    expect(await store.append('s', batch, { expectedVersion: 'no_stream' })).toEqual(first);
    await expect(store.append('s', [{ type: 'Noted', data: { n: 2 } }], { expectedVersion: 'no_stream' })).rejects.toMatchObject({ code: 'wrong_expected_version', actual: 1 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.append(`p-${i % 3}`, [{ type: 'Noted', data: { n: i } }])));
    expect((await collect(store.readAll())).map((e) => e.position)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    await store.close();
    await pool.end();
  });

  it('an append waiting too long for the append lock fails with store_locked, and leaves no gap behind', async () => {
    const schema = fresh('locked');
    const store = await postgresStore(admin, { schema, lockTimeoutMs: 150 });
    await store.append('a', [{ type: 'T', data: {} }]);
    const holder = await admin.connect();
    try {
      await holder.query(`BEGIN; SELECT 1 FROM "${schema}".log_head FOR UPDATE`);
      const started = Date.now();
      await expect(store.append('a', [{ type: 'T', data: {} }])).rejects.toMatchObject({ code: 'store_locked' });
      // an id conflict takes the checked path, which has the same timeout
      await expect(store.append('a', [{ id: 'x', type: 'T', data: {} }], { expectedVersion: 7 })).rejects.toMatchObject({ code: 'store_locked' });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    const r = await store.append('a', [{ type: 'T', data: {} }]);
    expect(r).toMatchObject({ firstPosition: 2, nextExpectedVersion: 2 });
    await store.close();
  });

  it('driver errors are typed: an unreachable server (password not in the message), a dropped schema, a schema name that is not an identifier', async () => {
    const unreachable = new URL(url);
    unreachable.port = '1';
    unreachable.password = 'sekret-pw';
    const e = await postgresStore(unreachable.toString(), { schema: 'x' }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(StoreUnavailableError);
    expect(e).toMatchObject({ code: 'cannot_open' });
    expect((e as Error).message).not.toContain('sekret-pw');
    expect((e as Error).message).toContain('***');

    for (const bad of ['bad-name', 'x"; DROP TABLE y; --', '', '1abc', 'a'.repeat(64)]) {
      await expect(postgresStore(admin, { schema: bad })).rejects.toBeInstanceOf(RangeError);
    }
    await expect(postgresStore(admin, { schema: 'ok', readBatchSize: 0 })).rejects.toBeInstanceOf(RangeError);

    const schema = fresh('dropped');
    const store: EventStore = await postgresStore(admin, { schema });
    await store.append('a', [{ type: 'T', data: {} }]);
    await dropPostgresSchema(admin, schema);
    await expect(store.append('a', [{ type: 'T', data: {} }])).rejects.toMatchObject({ code: 'schema_missing' });
    await expect(store.headPosition()).rejects.toMatchObject({ code: 'schema_missing' });
    await store.close();
  });

  it('dropPostgresSchema refuses a schema that is not a store and ignores one that does not exist', async () => {
    const foreign = fresh('foreign');
    await admin.query(`CREATE SCHEMA "${foreign}"; CREATE TABLE "${foreign}".t (x int)`);
    await expect(dropPostgresSchema(admin, foreign)).rejects.toMatchObject({ code: 'not_a_store' });
    await admin.query(`DROP SCHEMA "${foreign}" CASCADE`);
    await expect(dropPostgresSchema(url, testSchema('missing'))).resolves.toBeUndefined();
  });

  it('a subscription on one store sees appends made through another store (polling)', async () => {
    const schema = fresh('poll');
    const reader = await postgresStore(admin, { schema, pollIntervalMs: 10 });
    const writer = await postgresStore(url, { schema, maxConnections: 1 });
    const seen: number[] = [];
    const sub = reader.subscribe((e) => void seen.push(e.position));
    await writer.append('a', [{ type: 'T', data: {} }, { type: 'T', data: {} }]);
    await sleep(5);
    await writer.appendMany([{ streamId: 'b', events: [{ type: 'T', data: {} }] }]);
    await sub.caughtUp(3);
    expect(seen).toEqual([1, 2, 3]);
    await Promise.all([reader.close(), writer.close()]);
  });
});
