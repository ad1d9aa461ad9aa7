/**
 * The PostgreSQL event store: several writers and readers share one event
 * log, with gap-free global positions that subscribers can follow without
 * ever skipping an event that commits late.
 *
 * Every append is one call of the `append_events` stored function, which
 * locks the log's single head row until commit: positions are allocated,
 * committed and made visible in one order (docs/decisions/0003).
 *
 * @module
 */
import {
  AppendNotifier,
  appendWrite,
  DEFAULT_READ_BATCH_SIZE,
  DEFAULT_WRITE_LIMITS,
  StoreClosedError,
  StoreCorruptError,
  StoreUnavailableError,
  checkExpectedVersion,
  decodeEvent,
  isNtmAnttError,
  isoTime,
  parseMetadata,
  prepareWrites,
  resolveIdempotentRetry,
  StreamCursor,
  SubscriptionSet,
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
  type ExpectedVersion,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type StoredIdentity,
  type StreamWrite,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionHandler,
} from '../../src/kernel/index.js';
import type { PostgresPool, PostgresPoolClient, PostgresQueryConfig, PostgresQueryResult } from './postgres-driver.js';
import { openOwnedPool } from './postgres-pool.js';
import { PostgresProjectionStates } from './postgres-projection-states.js';
import { DEFAULT_POSTGRES_SCHEMA, migrate, quoteSchema } from './postgres-schema.js';

/** Where the store's connections come from: a connection string, a `pg.Pool`, or a factory of pools. */
export type PostgresSource = string | PostgresPool | (() => PostgresPool | Promise<PostgresPool>);

/** Options of {@link postgresStore}. */
export interface PostgresStoreOptions extends EventStoreOptions {
  /**
   * Source of `recordedAt`. Default: the database server's clock, read under the append lock, so that
   * writers on several machines share one clock.
   */
  readonly clock?: Clock;
  /** PostgreSQL schema holding the store's tables; created and migrated on open. Default `ntm_antt`. */
  readonly schema?: string;
  /** How often live subscriptions look for other processes' appends, in ms. Default 100. */
  readonly pollIntervalMs?: number;
  /** Rows per `readAll`/`readStream` round trip when the caller does not say. Default 2,000. */
  readonly readBatchSize?: number;
  /** How long an append waits for the append lock before failing with `store_locked`, in ms. Default 10,000. */
  readonly lockTimeoutMs?: number;
  /** Size of the pool the store opens for a connection string. Default 10. */
  readonly maxConnections?: number;
}

/** `timestamptz '4714-11-24 00:00:00+00 BC'`, the earliest time PostgreSQL stores, in epoch milliseconds. */
const EARLIEST_TIMESTAMP_MS = -210_866_803_200_000;
const EXPECTED_CODES: Readonly<Record<string, number>> = { any: -1, no_stream: -2, stream_exists: -3 };

/** An events row: position, stream_id, version, id, type, schema_version, data, metadata, recorded_at (ms). */
type EventRow = [unknown, string, unknown, string, string, unknown, string, string, unknown];
/** What `append_events` returns: status, actual versions, first position, recordedAt (ms), whether any id is stored. */
type AppendRow = [string, unknown[] | null, unknown, unknown, boolean | null];

/**
 * Opens (creating and migrating its schema if needed) a PostgreSQL event
 * store. `source` is a connection string (the store opens a pool and ends it
 * on `close()`), an existing `pg.Pool` (left open on `close()`), or a factory
 * returning a pool (ended on `close()`). Needs the `pg` package only for a
 * connection string.
 *
 * @example
 * ```ts
 * import { postgresStore } from 'ntm-antt/postgres';
 * const store = await postgresStore('postgres://app@db.internal/ntm', { events: registry, schema: 'ntm_antt' });
 * await store.append('incident-1', [IncidentRecorded.create({ … })], { expectedVersion: 'no_stream' });
 * await store.close();
 * ```
 */
export async function postgresStore(source: PostgresSource, options: PostgresStoreOptions = {}): Promise<EventStore> {
  const schema = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
  const quoted = quoteSchema(schema);
  for (const [name, value, min] of [
    ['pollIntervalMs', options.pollIntervalMs, 1],
    ['readBatchSize', options.readBatchSize, 1],
    ['lockTimeoutMs', options.lockTimeoutMs, 1],
    ['maxConnections', options.maxConnections, 1],
  ] as const) {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= min)) throw new RangeError(`PostgreSQL store: ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  const where = typeof source === 'string' ? describeConnectionString(source) : 'on the given pool';
  const { pool, owned } = await openPool(source, options.maxConnections ?? 10, where);
  try {
    const head = await initialise(pool, schema, where);
    return new PostgresEventStore(pool, owned, schema, quoted, where, head, options);
  } catch (e) {
    if (owned) await pool.end().catch(() => undefined);
    throw e;
  }
}

/** A connection string without its password, for messages. */
function describeConnectionString(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    if (u.searchParams.has('password')) u.searchParams.set('password', '***');
    return u.toString();
  } catch {
    return '(unparseable connection string)';
  }
}

async function openPool(source: PostgresSource, max: number, where: string): Promise<{ pool: PostgresPool; owned: boolean }> {
  if (typeof source === 'function') return { pool: await source(), owned: true };
  if (typeof source !== 'string') return { pool: source, owned: false };
  return { pool: await openOwnedPool(source, max, where), owned: true };
}

/** Checks the server, migrates the schema and returns the head position. */
async function initialise(pool: PostgresPool, schema: string, where: string): Promise<number> {
  let client: PostgresPoolClient;
  try {
    client = await pool.connect();
  } catch (cause) {
    throw unavailable('cannot_open', `PostgreSQL store ${where}: cannot connect (${(cause as Error).message})`, schema, cause);
  }
  let broken: Error | undefined;
  try {
    const info = await client.query({ text: `SELECT current_setting('server_version_num')::int, current_setting('server_encoding')`, rowMode: 'array' });
    const [versionNum, encoding] = info.rows[0] as [number, string];
    if (Number(versionNum) < 120000) {
      throw new StoreUnavailableError('unsupported_server', `PostgreSQL store ${where}: needs PostgreSQL 12 or later, the server is ${Math.floor(Number(versionNum) / 10000)}`, { schema, serverVersion: Number(versionNum) });
    }
    if (encoding !== 'UTF8') {
      throw new StoreUnavailableError('unsupported_server', `PostgreSQL store ${where}: the database encoding is ${encoding}; ntm-antt needs a UTF8 database`, { schema, encoding });
    }
    await migrate(client, schema, where);
    const head = await client.query({ text: `SELECT position FROM ${quoteSchema(schema)}.log_head`, rowMode: 'array' });
    return Number((head.rows[0] as [unknown])[0]);
  } catch (e) {
    if (isNtmAnttError(e)) throw e;
    if (isConnectionError(e)) broken = e as Error;
    throw unavailable('cannot_open', `PostgreSQL store ${where}: cannot open schema "${schema}" (${(e as Error).message})`, schema, e);
  } finally {
    client.release(broken);
  }
}

function unavailable(code: string, message: string, schema: string, cause: unknown): StoreUnavailableError {
  const sqlstate = (cause as { code?: unknown }).code;
  return new StoreUnavailableError(code, message, typeof sqlstate === 'string' ? { schema, sqlstate } : { schema }, { cause });
}

/** A broken connection (as opposed to an error the server reported on a healthy one). */
function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') return code.startsWith('08') || code.startsWith('57P') || /^E[A-Z]+$/.test(code);
  return /connection|terminated|timeout/i.test((e as Error).message ?? '');
}

function expectedCode(v: ExpectedVersion): number {
  return typeof v === 'number' ? v : EXPECTED_CODES[v]!;
}

/**
 * The parameters of one `append_events` call for `writes` (internal: the
 * gap-safety tests call the function on raw connections with them).
 * `nowMs` null means the database server's clock.
 *
 * @example
 * ```ts
 * const writes = prepareWrites('append', [{ streamId: 's', events: [{ type: 'T', data: {} }] }], { registry: undefined });
 * await client.query({ text: 'SELECT * FROM ntm_antt.append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', values: appendParams(writes, null, 10_000) });
 * ```
 */
export function appendParams(writes: readonly EncodedWrite[], nowMs: number | null, lockTimeoutMs: number): unknown[] {
  const streams: string[] = [];
  const expected: number[] = [];
  const eventWrites: number[] = [];
  const ids: string[] = [];
  const types: string[] = [];
  const schemaVersions: number[] = [];
  const data: string[] = [];
  const metadata: string[] = [];
  writes.forEach((w, i) => {
    streams.push(w.streamId);
    expected.push(expectedCode(w.expectedVersion));
    for (const e of w.events) {
      eventWrites.push(i + 1);
      ids.push(e.id);
      types.push(e.type);
      schemaVersions.push(e.schemaVersion);
      data.push(e.dataJson);
      metadata.push(e.metadataJson);
    }
  });
  return [streams, expected, eventWrites, ids, types, schemaVersions, data, metadata, nowMs, lockTimeoutMs];
}

class PostgresEventStore implements EventStore {
  readonly adapter = 'postgres';
  readonly projections: PostgresProjectionStates;
  private readonly registry: EventRegistry | undefined;
  private readonly clock: Clock | undefined;
  /** Registry, limits and id maker of every append, built once. */
  private readonly prepareOptions: PrepareOptions;
  private readonly readBatchSize: number;
  private readonly lockTimeoutMs: number;
  private readonly notifier: AppendNotifier;
  private readonly subscriptions = new SubscriptionSet({
    readAll: (o) => this.readAll(o),
    headPosition: () => this.headPosition(),
    waitForAppend: (position, signal) => this.notifier.wait(position, signal),
  });
  private readonly sql: Readonly<Record<StatementKey, { readonly name: string; readonly text: string }>>;
  /** Cleared when the pool's sessions are not READ COMMITTED: every append then takes the explicit transaction. */
  private fastPath = true;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly pool: PostgresPool,
    private readonly owned: boolean,
    private readonly schema: string,
    private readonly quoted: string,
    private readonly where: string,
    head: number,
    options: PostgresStoreOptions,
  ) {
    this.registry = options.events;
    this.clock = options.clock;
    this.prepareOptions = { registry: options.events, limits: options.limits ?? DEFAULT_WRITE_LIMITS, newId: options.newId };
    this.readBatchSize = options.readBatchSize ?? DEFAULT_READ_BATCH_SIZE;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.notifier = new AppendNotifier(head, options.pollIntervalMs ?? 100);
    this.sql = statements(schema, quoted);
    this.projections = new PostgresProjectionStates(
      (key, values) => this.query('use projections', key, values),
      () => this.assertOpen('use projections'),
    );
  }

  private assertOpen(operation: string): void {
    if (this.closing !== undefined) throw new StoreClosedError(operation);
  }

  /** Runs a prepared statement on the pool (rows as arrays); driver errors become typed errors. */
  private async query(operation: string, key: StatementKey, values: unknown[], client?: PostgresPoolClient): Promise<unknown[]> {
    const s = this.sql[key];
    const config: PostgresQueryConfig = { name: s.name, text: s.text, values, rowMode: 'array' };
    let result: PostgresQueryResult;
    try {
      result = await (client ?? this.pool).query(config);
    } catch (e) {
      throw this.dbError(e, operation);
    }
    return result.rows;
  }

  /** Maps a driver error to a typed error (keeps it as `cause`). */
  private dbError(e: unknown, operation: string): unknown {
    if (isNtmAnttError(e)) return e;
    const code = (e as { code?: unknown }).code;
    // After close(), the pool itself refuses work; an error the server reported is still itself.
    if (this.closing !== undefined && !(typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code))) return new StoreClosedError(operation);
    const message = `PostgreSQL store ${this.where} (schema "${this.schema}"): ${operation} failed: ${(e as Error).message}`;
    if (code === '55P03') return unavailable('store_locked', `${message}; another transaction held the append lock for longer than lockTimeoutMs`, this.schema, e);
    if (code === '42P01' || code === '3F000' || code === '42883') return unavailable('schema_missing', `${message}; was the schema dropped while the store was open?`, this.schema, e);
    if (code === '42501') return unavailable('permission_denied', message, this.schema, e);
    if (isConnectionError(e)) return unavailable('store_unavailable', message, this.schema, e);
    return e;
  }

  private prepare(kind: 'append' | 'appendMany', writes: readonly StreamWrite[]): EncodedWrite[] {
    return prepareWrites(kind, writes, this.prepareOptions);
  }

  async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    this.assertOpen('append');
    return (await this.write(this.prepare('append', [appendWrite(streamId, events, options)])))[0]!;
  }

  async appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    this.assertOpen('appendMany');
    return this.write(this.prepare('appendMany', writes));
  }

  private nowMs(): number | null {
    return this.clock === undefined ? null : Math.trunc(this.clock.now());
  }

  /**
   * The fast path is one autocommit call of `append_events` (no id lookups, no
   * client round trip while the lock is held). A version conflict with none of
   * the ids stored is final (the reference store would throw the same error).
   * A conflict where some id is stored, or a reused id, sends the append to the
   * checked path, which looks every id up under the lock first: idempotent
   * retries, id conflicts, and the exact error.
   */
  private async write(writes: EncodedWrite[]): Promise<AppendResult[]> {
    let results: AppendResult[] | undefined;
    if (this.fastPath) {
      let row: AppendRow | undefined;
      try {
        row = (await this.query('append', 'append', appendParams(writes, this.nowMs(), this.lockTimeoutMs)))[0] as AppendRow;
      } catch (e) {
        if (!isIdConflict(e)) throw e;
      }
      if (row?.[0] === 'ok') results = toResults(writes, row, isoTime);
      else if (row?.[0] === 'conflict' && row[4] === false) throwFirstConflict(writes, row);
      else if (row?.[0] === 'read_committed_required') this.fastPath = false;
    }
    results ??= await this.checkedWrite(writes);
    const last = results.reduce((m, r) => Math.max(m, r.lastPosition ?? 0), 0);
    if (last > 0) this.notifier.notify(last);
    return results;
  }

  private async checkedWrite(writes: EncodedWrite[]): Promise<AppendResult[]> {
    let client: PostgresPoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw this.dbError(e, 'append');
    }
    let broken: Error | undefined;
    try {
      try {
        // One round trip: the transaction, its lock timeout, and the append lock (so that the lookups below
        // and the insert see one state of the log).
        await this.run(client, `BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '${this.lockTimeoutMs}ms'; SELECT 1 FROM ${this.quoted}.log_head FOR UPDATE`);
        const ids = writes.flatMap((w) => w.events.map((e) => e.id));
        const stored = new Map<string, StoredIdentity>();
        if (ids.length > 0) {
          for (const r of (await this.query('append', 'byIds', [ids], client)) as EventRow[]) stored.set(r[3], this.identity(r));
        }
        const versions = new Map<string, number>();
        for (const r of (await this.query('append', 'versions', [writes.map((w) => w.streamId)], client)) as Array<[string, unknown]>) versions.set(r[0], Number(r[1]));
        // The reference order: per write, idempotency first, then the expected version.
        const results: Array<AppendResult | undefined> = [];
        for (const w of writes) {
          const original = resolveIdempotentRetry(w, w.events.map((e) => stored.get(e.id)));
          if (original !== undefined) {
            results.push(original);
            continue;
          }
          checkExpectedVersion(w.streamId, w.expectedVersion, versions.get(w.streamId) ?? 0);
          results.push(undefined);
        }
        const pending = writes.filter((_, i) => results[i] === undefined);
        if (pending.length > 0) {
          const row = (await this.query('append', 'append', appendParams(pending, this.nowMs(), this.lockTimeoutMs), client))[0] as AppendRow;
          if (row[0] !== 'ok') {
            throw new StoreCorruptError(`PostgreSQL store ${this.where} (schema "${this.schema}"): append_events answered ${row[0]} under the append lock after the versions were checked`, { schema: this.schema, status: row[0] });
          }
          const fresh = toResults(pending, row, isoTime);
          let k = 0;
          for (let i = 0; i < results.length; i++) if (results[i] === undefined) results[i] = fresh[k++];
        }
        await this.run(client, 'COMMIT');
        return results as AppendResult[];
      } catch (e) {
        await client.query({ text: 'ROLLBACK' }).catch((re: unknown) => {
          broken = re as Error;
        });
        throw e;
      }
    } catch (e) {
      if (broken === undefined && isConnectionError(e)) broken = e as Error;
      throw this.dbError(e, 'append');
    } finally {
      client.release(broken);
    }
  }

  private async run(client: PostgresPoolClient, text: string): Promise<void> {
    await client.query({ text });
  }

  private identity(r: EventRow): StoredIdentity {
    return { id: r[3], streamId: r[1], version: Number(r[2]), position: Number(r[0]), type: r[4], data: JSON.parse(r[6]) as unknown, recordedAt: isoTime(Number(r[8])) };
  }

  private decode(r: EventRow, raw: boolean | undefined): StoredEvent {
    let event: StoredEvent;
    try {
      event = {
        id: r[3],
        streamId: r[1],
        version: Number(r[2]),
        position: Number(r[0]),
        type: r[4],
        schemaVersion: Number(r[5]),
        data: JSON.parse(r[6]) as unknown,
        metadata: parseMetadata(r[7]),
        recordedAt: isoTime(Number(r[8])),
      };
    } catch (cause) {
      throw new StoreCorruptError(`PostgreSQL store ${this.where} (schema "${this.schema}"): event at position ${String(r[0])} cannot be decoded: ${(cause as Error).message}`, { schema: this.schema, position: Number(r[0]) }, { cause });
    }
    return raw === true ? event : decodeEvent(this.registry, event);
  }

  /**
   * Pages by version. Versions of a stream are contiguous, so each page asks
   * for an exact version window (never "the rest of the stream, sorted, then
   * LIMIT"), whatever plan the server picks.
   */
  readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    let cursor: StreamCursor | undefined;
    return pagedIterable(async () => {
      if (cursor === undefined) {
        const bounds = validateReadStreamOptions(streamId, options);
        // a backward read starts at the stream's version at most (the window below must hold its first page)
        cursor = new StreamCursor(bounds, bounds.backward ? { backwardFrom: await this.streamVersion(streamId) } : {});
      }
      const page = cursor.page(this.readBatchSize);
      if (page === undefined) return undefined;
      // the version window [from, from ± limit) holds at most `limit` events
      const edge = cursor.backward ? Math.max(page.to, page.from - page.limit + 1) : Math.min(page.to, page.from + page.limit - 1);
      const rows = (await this.query('readStream', cursor.backward ? 'readBackward' : 'readForward', [streamId, page.from, edge, page.limit])) as EventRow[];
      const last = rows[rows.length - 1];
      cursor.advance(rows.length, last === undefined ? undefined : Number(last[2]));
      return rows;
    }, () => this.assertOpen('readStream'), (row: EventRow) => this.decode(row, options.raw));
  }

  /**
   * Pages by position. No horizon is needed: appends commit in position order,
   * so any snapshot holds a gap-free prefix of the log (docs/decisions/0003).
   * Each page asks for a bounded position window up to the head (positions are
   * gap-free, so an unfiltered window of `batch` positions is exactly one
   * page), never "everything after p, sorted, then LIMIT": a plan chosen on
   * stale statistics then costs a window, not the rest of the log. A filtered
   * read widens its window while pages come back sparse.
   * The `lean` hint is ignored: `recordedAt` costs next to nothing here.
   */
  readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    let state:
      | { from: number; head: number; window: number; readonly to: number; readonly batch: number; readonly types: string[] | undefined; readonly prefix: string | undefined }
      | undefined;
    return pagedIterable(async () => {
      if (state === undefined) {
        const bounds = validateReadAllOptions(options);
        const batch = options.batchSize ?? this.readBatchSize;
        state = {
          from: bounds.from,
          head: 0,
          window: batch,
          to: bounds.to ?? Number.MAX_SAFE_INTEGER,
          batch,
          types: bounds.types === undefined ? undefined : [...bounds.types],
          prefix: bounds.prefix,
        };
      }
      const { from, to, batch, types, prefix } = state;
      if (from > to) return undefined;
      // past the head last seen: look again; still past it, the read is done
      if (from > state.head) {
        state.head = await this.headPosition();
        if (from > state.head) return undefined;
      }
      const upper = Math.min(to, state.head, from + state.window - 1);
      let rows: EventRow[];
      if (types === undefined && prefix === undefined) rows = (await this.query('readAll', 'readAll', [from, upper, batch])) as EventRow[];
      else if (prefix === undefined) rows = (await this.query('readAll', 'readAllTypes', [from, upper, types, batch])) as EventRow[];
      else if (types === undefined) rows = (await this.query('readAll', 'readAllPrefix', [from, upper, prefix, batch])) as EventRow[];
      else rows = (await this.query('readAll', 'readAllTypesPrefix', [from, upper, types, prefix, batch])) as EventRow[];
      if (rows.length === batch) state.from = Number(rows[rows.length - 1]![0]) + 1;
      else {
        state.from = upper + 1;
        if (rows.length < batch >> 1) state.window = Math.min(state.window * 2, batch * MAX_WINDOW_PAGES);
      }
      return rows;
    }, () => this.assertOpen('readAll'), (row: EventRow) => this.decode(row, options.raw));
  }

  async positionAt(time: Date | string | number): Promise<number> {
    this.assertOpen('positionAt');
    const ms = Math.trunc(toEpochMs(time));
    // Before PostgreSQL's earliest timestamp (4714 BC) nothing can have been recorded.
    if (ms < EARLIEST_TIMESTAMP_MS) return 0;
    const rows = await this.query('positionAt', 'positionAt', [ms]);
    return Number((rows[0] as [unknown])[0]);
  }

  async headPosition(): Promise<number> {
    this.assertOpen('headPosition');
    const rows = await this.query('headPosition', 'head', []);
    return Number((rows[0] as [unknown])[0]);
  }

  async streamVersion(streamId: string): Promise<number> {
    this.assertOpen('streamVersion');
    const rows = await this.query('streamVersion', 'streamVersion', [streamId]);
    return rows.length === 0 ? 0 : Number((rows[0] as [unknown])[0]);
  }

  subscribe(handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    this.assertOpen('subscribe');
    return this.subscriptions.start(handler, options);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.subscriptions.stopAll();
      if (this.owned) await this.pool.end().catch(() => undefined);
    })();
    return this.closing;
  }
}

/** A filtered `readAll` widens its position window up to this many pages' worth. */
const MAX_WINDOW_PAGES = 64;

const DONE: Promise<IteratorResult<never>> = Promise.resolve({ value: undefined, done: true });

/**
 * An `AsyncIterable` over pages fetched one round trip at a time: items of a
 * fetched page are served as already-resolved promises (no generator frame per
 * event). `open` runs before each page is fetched (a closed store fails the
 * iteration there); `nextPage` returns the next page, or `undefined` at the
 * end; `map` turns a row into what is yielded. A throw from any of them
 * rejects that `next()` and ends the iteration. (Fetching the next page ahead
 * was measured: no gain on a 2-CPU host, so it is not done.)
 */
function pagedIterable<R, T>(nextPage: () => Promise<readonly R[] | undefined>, open: () => void, map: (row: R) => T): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      let page: readonly R[] = [];
      let i = 0;
      let finished = false;
      const item = (): IteratorResult<T> => {
        try {
          return { value: map(page[i++]!), done: false };
        } catch (error) {
          finished = true;
          throw error;
        }
      };
      const fetch = async (): Promise<IteratorResult<T>> => {
        for (;;) {
          let next: readonly R[] | undefined;
          try {
            open();
            next = await nextPage();
          } catch (error) {
            finished = true;
            throw error;
          }
          if (next === undefined) {
            finished = true;
            return { value: undefined, done: true };
          }
          page = next;
          i = 0;
          if (page.length > 0) return item();
        }
      };
      return {
        next(): Promise<IteratorResult<T>> {
          if (finished) return DONE;
          if (i < page.length) {
            try {
              return Promise.resolve(item());
            } catch (error) {
              return Promise.reject(error);
            }
          }
          return fetch();
        },
        return(): Promise<IteratorResult<T>> {
          finished = true;
          return DONE;
        },
      };
    },
  };
}

/** A unique violation on the event id: the append may be an idempotent retry. */
function isIdConflict(e: unknown): boolean {
  const cause = (e as { code?: unknown; constraint?: unknown }) ?? {};
  return cause.code === '23505' && cause.constraint === 'events_id_key';
}

/**
 * Throws the `ConcurrencyError` of the first write (in input order) whose
 * expected version the stream's actual version does not satisfy, as the
 * reference store does when none of the ids is stored.
 */
function throwFirstConflict(writes: readonly EncodedWrite[], row: AppendRow): void {
  const actual = row[1] ?? [];
  writes.forEach((w, i) => checkExpectedVersion(w.streamId, w.expectedVersion, Number(actual[i])));
}

/** Turns an `append_events` answer into per-write results (positions are contiguous across the call). */
function toResults(writes: readonly EncodedWrite[], row: AppendRow, iso: (ms: number) => string): AppendResult[] {
  const actual = row[1] ?? [];
  let position = row[2] === null ? 0 : Number(row[2]);
  const recordedAt = row[3] === null ? null : iso(Number(row[3]));
  return writes.map((w, i) => {
    const before = Number(actual[i]);
    const n = w.events.length;
    if (n === 0) return { streamId: w.streamId, nextExpectedVersion: before, firstPosition: null, lastPosition: null, recordedAt: null };
    const first = position;
    position += n;
    return { streamId: w.streamId, nextExpectedVersion: before + n, firstPosition: first, lastPosition: first + n - 1, recordedAt };
  });
}

type StatementKey =
  | 'append'
  | 'byIds'
  | 'versions'
  | 'head'
  | 'streamVersion'
  | 'positionAt'
  | 'readAll'
  | 'readAllTypes'
  | 'readAllPrefix'
  | 'readAllTypesPrefix'
  | 'readForward'
  | 'readBackward'
  | 'projectionLoad'
  | 'projectionSave'
  | 'projectionDelete'
  | 'projectionList';

/** FNV-1a, to shorten long schema names in statement names. */
function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** Every statement the store prepares, named per schema (prepared statements live per connection). */
function statements(schema: string, s: string): Readonly<Record<StatementKey, { readonly name: string; readonly text: string }>> {
  const cols = `position, stream_id, version, id, type, schema_version, data::text, metadata::text, ${s}.ts_to_ms(recorded_at)`;
  const texts: Record<StatementKey, string> = {
    append: `SELECT status, actual, first_position, recorded_at_ms, ids_known FROM ${s}.append_events($1::text[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::bigint, $10::int)`,
    byIds: `SELECT ${cols} FROM ${s}.events WHERE id = ANY($1::text[])`,
    versions: `SELECT stream_id, version FROM ${s}.streams WHERE stream_id = ANY($1::text[])`,
    head: `SELECT position FROM ${s}.log_head`,
    streamVersion: `SELECT version FROM ${s}.streams WHERE stream_id = $1`,
    positionAt: `SELECT ${s}.position_at($1::bigint)`,
    readAll: `SELECT ${cols} FROM ${s}.events WHERE position >= $1 AND position <= $2 ORDER BY position LIMIT $3`,
    readAllTypes: `SELECT ${cols} FROM ${s}.events WHERE position >= $1 AND position <= $2 AND type = ANY($3::text[]) ORDER BY position LIMIT $4`,
    readAllPrefix: `SELECT ${cols} FROM ${s}.events WHERE position >= $1 AND position <= $2 AND starts_with(stream_id, $3) ORDER BY position LIMIT $4`,
    readAllTypesPrefix: `SELECT ${cols} FROM ${s}.events WHERE position >= $1 AND position <= $2 AND type = ANY($3::text[]) AND starts_with(stream_id, $4) ORDER BY position LIMIT $5`,
    readForward: `SELECT ${cols} FROM ${s}.events WHERE stream_id = $1 AND version >= $2 AND version <= $3 ORDER BY version ASC LIMIT $4`,
    readBackward: `SELECT ${cols} FROM ${s}.events WHERE stream_id = $1 AND version <= $2 AND version >= $3 ORDER BY version DESC LIMIT $4`,
    projectionLoad: `SELECT name, version, checkpoint, state::text, status::text, updated_at FROM ${s}.projections WHERE name = $1`,
    projectionSave: `INSERT INTO ${s}.projections (name, version, checkpoint, state, status, updated_at) VALUES ($1, $2, $3, $4::json, $5::json, $6)
      ON CONFLICT (name) DO UPDATE SET version = excluded.version, checkpoint = excluded.checkpoint, state = excluded.state, status = excluded.status, updated_at = excluded.updated_at`,
    projectionDelete: `DELETE FROM ${s}.projections WHERE name = $1`,
    projectionList: `SELECT name, version, checkpoint, state::text, status::text, updated_at FROM ${s}.projections`,
  };
  // Names must differ between schemas sharing a pool and stay under PostgreSQL's 63-byte limit.
  const prefix = `ntm_${schema.length <= 32 ? schema : `${schema.slice(0, 20)}_${shortHash(schema)}`}_`;
  const out = {} as Record<StatementKey, { name: string; text: string }>;
  for (const key of Object.keys(texts) as StatementKey[]) out[key] = { name: prefix + key, text: texts[key] };
  return out;
}
