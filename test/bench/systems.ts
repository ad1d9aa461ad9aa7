/**
 * The four systems the benchmark compares, behind one interface: a raw
 * better-sqlite3 reference and a plain in-memory reference written for the
 * bench (the physical limits), and ntm-antt's SQLite and memory adapters.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { memoryStore } from '../../adapters/memory/index.js';
import { dropPostgresSchema, postgresStore } from '../../adapters/postgres/index.js';
import { sqliteStore } from '../../adapters/sqlite/index.js';
import { defineProjection, runProjection, type EventStore } from '../../src/kernel/index.js';
import { benchEvents, foldKey, type BenchEvent, type Counts } from './workload.js';

export interface BenchSystem {
  /** One event per transaction, with an expected-version check. */
  appendSingle(events: readonly BenchEvent[]): Promise<void>;
  /** One stream's batch per transaction, with an expected-version check. */
  appendBatch(batches: readonly BenchEvent[][]): Promise<void>;
  /** Reads the whole log in order, decoded; returns the number of events. */
  readAll(): Promise<number>;
  /** Reads one stream; returns the number of events. */
  readStream(streamId: string): Promise<number>;
  /** Folds counts per (stream, year, category) from the whole log. */
  rebuild(): Promise<Counts>;
  close(): Promise<void>;
}

export type SystemName = 'raw-sqlite' | 'sqlite' | 'raw-memory' | 'memory' | 'raw-postgres' | 'postgres';

/**
 * The two append operations over a system's own write of one stream's events
 * (one transaction). A synchronous write (the raw references) is not awaited:
 * the references pay no promise per append that they would not pay alone.
 */
function appenders(write: (streamId: string, events: readonly BenchEvent[]) => void | Promise<void>): Pick<BenchSystem, 'appendSingle' | 'appendBatch'> {
  return {
    async appendSingle(events) {
      for (const e of events) {
        const pending = write(e.streamId, [e]);
        if (pending !== undefined) await pending;
      }
    },
    async appendBatch(batches) {
      for (const b of batches) {
        const pending = write(b[0]!.streamId, b);
        if (pending !== undefined) await pending;
      }
    },
  };
}

// ---------------------------------------------------------------- raw SQLite

/** The same table shape as the adapter (see adapters/sqlite/sqlite-schema.ts). */
const DDL = `
  CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, version INTEGER NOT NULL, id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL, schema_version INTEGER NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, UNIQUE (stream_id, version));
  CREATE INDEX events_type ON events (type, position);
  CREATE TABLE streams (stream_id TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID;
`;

function rawSqlite(file: string): BenchSystem {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(DDL);
  const version = db.prepare('SELECT version FROM streams WHERE stream_id = ?').pluck();
  const insert = db.prepare('INSERT INTO events (stream_id, version, id, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?)');
  const upsert = db.prepare('INSERT INTO streams (stream_id, version) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version');
  // rows as arrays (.raw()): the cheapest way better-sqlite3 returns them
  const page = db.prepare('SELECT position, stream_id, version, id, type, data, metadata, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT 2000').raw();
  const byStream = db.prepare('SELECT position, stream_id, version, id, type, data, metadata, recorded_at FROM events WHERE stream_id = ? ORDER BY version').raw();
  const expected = new Map<string, number>();
  const append = db.transaction((streamId: string, events: readonly BenchEvent[], expect: number) => {
    const v = (version.get(streamId) as number | undefined) ?? 0;
    if (v !== expect) throw new Error(`conflict on ${streamId}`);
    const at = new Date().toISOString();
    let n = v;
    for (const e of events) insert.run(streamId, ++n, e.id, e.type, JSON.stringify(e.data), '{}', at);
    upsert.run(streamId, n);
  });
  const write = (streamId: string, events: readonly BenchEvent[]) => {
    const v = expected.get(streamId) ?? 0;
    append.immediate(streamId, events, v);
    expected.set(streamId, v + events.length);
  };
  type Row = [number, string, number, string, string, string, string, string];
  /** The log in pages of 2,000 rows, in position order. */
  function* pages(): Generator<Row[]> {
    let after = 0;
    for (;;) {
      const rows = page.all(after) as Row[];
      yield rows;
      if (rows.length < 2000) return;
      after = rows[rows.length - 1]![0];
    }
  }
  return {
    ...appenders(write),
    async readAll() {
      let n = 0;
      for (const rows of pages()) {
        for (const r of rows) {
          const d = JSON.parse(r[5]) as { category: string };
          if (d.category.length > 0) n++;
        }
      }
      return n;
    },
    async readStream(streamId) {
      let n = 0;
      for (const r of byStream.all(streamId) as Row[]) {
        const d = JSON.parse(r[5]) as { category: string };
        if (d.category.length > 0) n++;
      }
      return n;
    },
    async rebuild() {
      const counts: Counts = {};
      for (const rows of pages()) {
        for (const r of rows) {
          const d = JSON.parse(r[5]) as { occurredOn: string; category: string };
          const k = foldKey(r[1], d.occurredOn, d.category);
          counts[k] = (counts[k] ?? 0) + 1;
        }
      }
      return counts;
    },
    async close() {
      db.close();
    },
  };
}

// ---------------------------------------------------------------- raw memory

/**
 * Yields the items of an array through a plain async generator: the least an
 * implementation of an asynchronous read port does (one await per event).
 */
async function* asyncly<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const x of items) yield x;
}

/**
 * A plain array/map store that copies payloads (as any store must), checks
 * versions, and reads through an async generator (as the store port's
 * `AsyncIterable` reads must; docs/performance.md gives the synchronous loop's
 * figure too).
 */
function rawMemory(): BenchSystem {
  interface Rec {
    readonly id: string;
    readonly streamId: string;
    readonly version: number;
    readonly position: number;
    readonly type: string;
    readonly data: { occurredOn: string; category: string };
    readonly recordedAt: string;
  }
  const log: Rec[] = [];
  const streams = new Map<string, Rec[]>();
  const ids = new Set<string>();
  const expected = new Map<string, number>();
  const write = (streamId: string, events: readonly BenchEvent[]) => {
    const s = streams.get(streamId) ?? [];
    const v = expected.get(streamId) ?? 0;
    if (s.length !== v) throw new Error(`conflict on ${streamId}`);
    const at = new Date().toISOString();
    for (const e of events) {
      if (ids.has(e.id)) throw new Error(`duplicate ${e.id}`);
      const r: Rec = Object.freeze({ id: e.id, streamId, version: s.length + 1, position: log.length + 1, type: e.type, data: JSON.parse(JSON.stringify(e.data)) as Rec['data'], recordedAt: at });
      ids.add(e.id);
      s.push(r);
      log.push(r);
    }
    streams.set(streamId, s);
    expected.set(streamId, v + events.length);
  };
  return {
    ...appenders(write),
    async readAll() {
      let n = 0;
      for await (const r of asyncly(log)) if (r.data.category.length > 0) n++;
      return n;
    },
    async readStream(streamId) {
      let n = 0;
      for await (const r of asyncly(streams.get(streamId) ?? [])) if (r.data.category.length > 0) n++;
      return n;
    },
    async rebuild() {
      const counts: Counts = {};
      for await (const r of asyncly(log)) {
        const k = foldKey(r.streamId, r.data.occurredOn, r.data.category);
        counts[k] = (counts[k] ?? 0) + 1;
      }
      return counts;
    },
    async close() {},
  };
}

// ---------------------------------------------------------------- raw PostgreSQL

/**
 * A raw node-postgres reference on the same server as the adapter: the same
 * columns (`bigserial` position, `json` payloads that pg decodes), one
 * transaction per append that locks the stream's version row
 * (`SELECT … FOR UPDATE`), checks it, inserts the batch in one multi-row
 * `INSERT` and updates the version; reads page by position with
 * `rowMode: 'array'`. It has no gap-safe horizon and no global lock: it is
 * the physical limit, not a safe store (see
 * docs/decisions/0003-postgres-gap-safe-positions.md).
 */
async function rawPostgres(url: string, schema: string): Promise<BenchSystem> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const s = `"${schema}"`;
  await client.query(`CREATE SCHEMA ${s};
    CREATE TABLE ${s}.events (position bigserial PRIMARY KEY, stream_id text COLLATE "C" NOT NULL, version bigint NOT NULL, id text COLLATE "C" NOT NULL UNIQUE,
      type text COLLATE "C" NOT NULL, schema_version integer NOT NULL, data json NOT NULL, metadata json NOT NULL, recorded_at timestamptz NOT NULL, UNIQUE (stream_id, version));
    CREATE INDEX events_type ON ${s}.events (type, position);
    CREATE TABLE ${s}.streams (stream_id text COLLATE "C" PRIMARY KEY, version bigint NOT NULL);`);
  const expected = new Map<string, number>();
  const write = async (streamId: string, events: readonly BenchEvent[]) => {
    const expect = expected.get(streamId) ?? 0;
    await client.query('BEGIN');
    try {
      const found = await client.query({ text: `SELECT version FROM ${s}.streams WHERE stream_id = $1 FOR UPDATE`, values: [streamId], rowMode: 'array' });
      const v = found.rows.length === 0 ? 0 : Number((found.rows[0] as [string])[0]);
      if (v !== expect) throw new Error(`conflict on ${streamId}`);
      const values: unknown[] = [];
      const rows: string[] = [];
      let n = v;
      for (const e of events) {
        const b = values.length;
        rows.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, 1, $${b + 5}, '{}', now())`);
        values.push(streamId, ++n, e.id, e.type, JSON.stringify(e.data));
      }
      await client.query({ text: `INSERT INTO ${s}.events (stream_id, version, id, type, schema_version, data, metadata, recorded_at) VALUES ${rows.join(', ')}`, values });
      await client.query({
        text: `INSERT INTO ${s}.streams (stream_id, version) VALUES ($1, $2) ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version`,
        values: [streamId, n],
      });
      await client.query('COMMIT');
      expected.set(streamId, n);
    } catch (e) {
      await client.query('ROLLBACK');
      throw e;
    }
  };
  type Row = [string, string, string, string, string, { occurredOn: string; category: string }, unknown, Date];
  const cols = 'position, stream_id, version, id, type, data, metadata, recorded_at';
  const pages = async function* (): AsyncGenerator<Row[]> {
    let after = 0;
    for (;;) {
      const r = await client.query({ text: `SELECT ${cols} FROM ${s}.events WHERE position > $1 ORDER BY position LIMIT 2000`, values: [after], rowMode: 'array' });
      const rows = r.rows as Row[];
      yield rows;
      if (rows.length < 2000) return;
      after = Number(rows[rows.length - 1]![0]);
    }
  };
  return {
    ...appenders(write),
    async readAll() {
      let n = 0;
      for await (const rows of pages()) for (const r of rows) if (r[5].category.length > 0) n++;
      return n;
    },
    async readStream(streamId) {
      const r = await client.query({ text: `SELECT ${cols} FROM ${s}.events WHERE stream_id = $1 ORDER BY version`, values: [streamId], rowMode: 'array' });
      let n = 0;
      for (const row of r.rows as Row[]) if (row[5].category.length > 0) n++;
      return n;
    },
    async rebuild() {
      const counts: Counts = {};
      for await (const rows of pages()) {
        for (const r of rows) {
          const k = foldKey(r[1], r[5].occurredOn, r[5].category);
          counts[k] = (counts[k] ?? 0) + 1;
        }
      }
      return counts;
    },
    async close() {
      await client.query(`DROP SCHEMA ${s} CASCADE`);
      await client.end();
    },
  };
}

// ---------------------------------------------------------------- ntm-antt

const countsProjection = defineProjection<Counts>({
  name: 'bench-counts',
  version: 1,
  handles: ['BenchIncident'],
  initialState: () => ({}),
  apply(s, e) {
    const d = e.data as { occurredOn: string; category: string };
    const k = foldKey(e.streamId, d.occurredOn, d.category);
    s[k] = (s[k] ?? 0) + 1;
  },
});

function ntm(store: EventStore, onClose: () => Promise<void> = async () => {}): BenchSystem {
  const expected = new Map<string, number>();
  const write = async (streamId: string, events: readonly BenchEvent[]) => {
    const v = expected.get(streamId) ?? 0;
    await store.append(
      streamId,
      events.map((e) => ({ id: e.id, type: e.type, data: e.data })),
      { expectedVersion: v === 0 ? 'no_stream' : v },
    );
    expected.set(streamId, v + events.length);
  };
  return {
    ...appenders(write),
    async readAll() {
      let n = 0;
      for await (const e of store.readAll()) if ((e.data as { category: string }).category.length > 0) n++;
      return n;
    },
    async readStream(streamId) {
      let n = 0;
      for await (const e of store.readStream(streamId)) if ((e.data as { category: string }).category.length > 0) n++;
      return n;
    },
    async rebuild() {
      const r = await runProjection(store, countsProjection, { rebuild: true, freeze: false });
      return r.state;
    },
    async close() {
      await store.close();
      await onClose();
    },
  };
}

/** The PostgreSQL server of the bench's PostgreSQL systems (they run only when it is set). */
export const BENCH_PG_URL: string | undefined = process.env['NTM_ANTT_PG_URL'] || undefined;

/**
 * Makes a fresh, empty system. `file` names its SQLite file; the PostgreSQL
 * systems use a schema named after it on `NTM_ANTT_PG_URL`, dropped on close.
 */
export async function openSystem(name: SystemName, file: string): Promise<BenchSystem> {
  const schema = `ntm_antt_bench_${process.pid}_${file.replace(/.*[\\/]/, '').replace(/\W/g, '_')}`;
  switch (name) {
    case 'raw-postgres':
    case 'postgres': {
      if (BENCH_PG_URL === undefined) throw new Error('the PostgreSQL systems need NTM_ANTT_PG_URL');
      const url = BENCH_PG_URL;
      if (name === 'raw-postgres') return rawPostgres(url, schema);
      return ntm(await postgresStore(url, { events: benchEvents, schema }), () => dropPostgresSchema(url, schema));
    }
    case 'raw-sqlite':
      return rawSqlite(file);
    case 'raw-memory':
      return rawMemory();
    case 'sqlite':
      return ntm(sqliteStore(file, { events: benchEvents }));
    case 'memory':
      return ntm(memoryStore({ events: benchEvents }));
  }
}
