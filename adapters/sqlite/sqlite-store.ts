/**
 * The SQLite event store (better-sqlite3): the embedded default.
 *
 * WAL, `synchronous=NORMAL`, a busy timeout, `user_version` migrations,
 * statements prepared once, and every append inside `BEGIN IMMEDIATE`, so
 * that several processes can share one file without interleaving.
 *
 * @module
 */
import Database from 'better-sqlite3';
import {
  AppendNotifier,
  DEFAULT_WRITE_LIMITS,
  EventIdConflictError,
  StoreClosedError,
  StoreCorruptError,
  StoreUnavailableError,
  decodeEvent,
  isoTime,
  prepareWrites,
  resolveIdempotentRetry,
  satisfiesExpectedVersion,
  ConcurrencyError,
  startSubscription,
  systemClock,
  toEpochMs,
  validateReadAllOptions,
  validateReadStreamOptions,
  type AppendOptions,
  type AppendResult,
  type Clock,
  type EncodedEvent,
  type EncodedWrite,
  type EventMetadata,
  type EventRegistry,
  type EventStore,
  type ManagedSubscription,
  type NewEvent,
  type ProjectionRecord,
  type ProjectionStateStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type StoredIdentity,
  type StreamWrite,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionHandler,
  type WriteLimits,
} from '../../src/kernel/index.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js';
import { migrate } from './sqlite-schema.js';

/** Where the store's database comes from: a file path (or `':memory:'`), an open database, or a factory. */
export type SqliteSource = string | SqliteDatabase | (() => SqliteDatabase);

/** Options of {@link sqliteStore}. */
export interface SqliteStoreOptions {
  /** Event types to validate appends against and upcast reads with. Without it, any JSON payload is accepted. */
  readonly events?: EventRegistry;
  /** Source of `recordedAt`. Default: the system clock. */
  readonly clock?: Clock;
  /** Size limits of stream ids, event ids and payloads. */
  readonly limits?: WriteLimits;
  /** Makes ids for events appended without one. Default: UUID v7. */
  readonly newId?: () => string;
  /** How long a writer waits for another process's lock, in ms. Default 5,000. */
  readonly busyTimeoutMs?: number;
  /** How often live subscriptions look for other processes' appends, in ms. Default 100. */
  readonly pollIntervalMs?: number;
  /** Rows per `readAll` round trip when the caller does not say. Default 2,000. */
  readonly readBatchSize?: number;
}

/** Most rows in one multi-row INSERT (9 parameters each). */
const INSERT_CHUNK = 100;
const COLUMNS = 'position, stream_id, version, id, type, schema_version, data, metadata, recorded_at';
const EMPTY_METADATA: EventMetadata = Object.freeze({});

type Row = [number, string, number, string, string, number, string, string, string];

/** Thrown inside the fast-path transaction to fall back to the checked path. */
class RetryChecked extends Error {}

/**
 * Opens (creating if needed) a SQLite event store.
 *
 * @example
 * ```ts
 * import { sqliteStore } from 'ntm-antt/sqlite';
 * const store = sqliteStore('./ntm-antt.db', { events: registry });
 * await store.append('incident-1', [IncidentRecorded.create({ … })], { expectedVersion: 'no_stream' });
 * await store.close();
 * ```
 */
export function sqliteStore(source: SqliteSource, options: SqliteStoreOptions = {}): EventStore {
  return new SqliteEventStore(source, options);
}

function openDatabase(source: SqliteSource): { db: SqliteDatabase; owned: boolean; path: string } {
  if (typeof source === 'string') {
    let db: SqliteDatabase;
    try {
      db = new Database(source) as unknown as SqliteDatabase;
    } catch (cause) {
      throw new StoreUnavailableError('cannot_open', `SQLite store ${source}: cannot open: ${(cause as Error).message}; check that the directory exists and is writable`, { path: source }, { cause });
    }
    return { db, owned: true, path: source };
  }
  if (typeof source === 'function') {
    const db = source();
    return { db, owned: true, path: db.name };
  }
  return { db: source, owned: false, path: source.name };
}

class SqliteEventStore implements EventStore {
  readonly adapter = 'sqlite';
  readonly projections: ProjectionStateStore;
  private readonly db: SqliteDatabase;
  private readonly owned: boolean;
  private readonly path: string;
  private readonly registry: EventRegistry | undefined;
  private readonly clock: Clock;
  private readonly limits: WriteLimits;
  private readonly newId: (() => string) | undefined;
  private readonly readBatchSize: number;
  private readonly notifier: AppendNotifier;
  private readonly subscriptions = new Set<ManagedSubscription>();
  private closed = false;

  private readonly stmt: {
    streamVersion: SqliteStatement;
    lastRecordedAt: SqliteStatement;
    head: SqliteStatement;
    upsertStream: SqliteStatement;
    byId: SqliteStatement;
    recordedAtOf: SqliteStatement;
    readAll: SqliteStatement;
    readAllTypes: SqliteStatement;
    readAllPrefix: SqliteStatement;
    readAllTypesPrefix: SqliteStatement;
    readForward: SqliteStatement;
    readBackward: SqliteStatement;
  };
  private readonly inserts = new Map<number, SqliteStatement>();
  private readonly fastCommit: (writes: EncodedWrite[]) => AppendResult[];
  private readonly checkedCommit: (writes: EncodedWrite[]) => AppendResult[];

  constructor(source: SqliteSource, options: SqliteStoreOptions) {
    const { db, owned, path } = openDatabase(source);
    this.db = db;
    this.owned = owned;
    this.path = path;
    this.registry = options.events;
    this.clock = options.clock ?? systemClock;
    this.limits = options.limits ?? DEFAULT_WRITE_LIMITS;
    this.newId = options.newId;
    this.readBatchSize = options.readBatchSize ?? 2000;
    try {
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, path);
    } catch (cause) {
      if (owned) db.close();
      throw this.openError(cause);
    }
    const s = (sql: string) => db.prepare(sql);
    this.stmt = {
      streamVersion: s('SELECT version FROM streams WHERE stream_id = ?').pluck(),
      lastRecordedAt: s('SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1').pluck(),
      head: s('SELECT COALESCE(MAX(position), 0) FROM events').pluck(),
      upsertStream: s('INSERT INTO streams (stream_id, version) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version'),
      byId: s(`SELECT ${COLUMNS} FROM events WHERE id = ?`).raw(),
      recordedAtOf: s('SELECT recorded_at FROM events WHERE position = ?').pluck(),
      readAll: s(`SELECT ${COLUMNS} FROM events WHERE position >= ? AND position <= ? ORDER BY position LIMIT ?`).raw(),
      readAllTypes: s(
        `SELECT ${COLUMNS} FROM events NOT INDEXED WHERE position >= ? AND position <= ? AND type IN (SELECT value FROM json_each(?)) ORDER BY position LIMIT ?`,
      ).raw(),
      readAllPrefix: s(`SELECT ${COLUMNS} FROM events WHERE position >= ? AND position <= ? AND substr(stream_id, 1, length(?)) = ? ORDER BY position LIMIT ?`).raw(),
      readAllTypesPrefix: s(
        `SELECT ${COLUMNS} FROM events NOT INDEXED WHERE position >= ? AND position <= ? AND type IN (SELECT value FROM json_each(?)) AND substr(stream_id, 1, length(?)) = ? ORDER BY position LIMIT ?`,
      ).raw(),
      readForward: s(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND version >= ? AND version <= ? ORDER BY version ASC LIMIT ?`).raw(),
      readBackward: s(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND version <= ? AND version >= ? ORDER BY version DESC LIMIT ?`).raw(),
    };
    const checked = db.transaction((writes: EncodedWrite[]) => this.commit(writes, true));
    this.checkedCommit = (w) => checked.immediate(w);
    const fast = db.transaction((writes: EncodedWrite[]) => this.commit(writes, false));
    this.fastCommit = (w) => fast.immediate(w);
    this.notifier = new AppendNotifier(this.stmt.head.get() as number, options.pollIntervalMs ?? 100);
    this.projections = new SqliteProjectionStates(db, () => this.assertOpen('use projections'));
  }

  private openError(cause: unknown): Error {
    if (cause instanceof StoreUnavailableError || cause instanceof StoreCorruptError) return cause;
    const code = (cause as { code?: string }).code;
    const msg = (cause as Error).message;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      return new StoreCorruptError(`SQLite store ${this.path}: the file is not a valid ntm-antt SQLite database (${msg}); restore it from a backup or choose another path`, { path: this.path }, { cause, code: code === 'SQLITE_NOTADB' ? 'not_a_database' : 'store_corrupt' });
    }
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      return new StoreUnavailableError('store_locked', `SQLite store ${this.path}: locked by another process past the busy timeout (${msg}); retry later or raise busyTimeoutMs`, { path: this.path }, { cause });
    }
    if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') {
      return new StoreUnavailableError('store_read_only', `SQLite store ${this.path}: cannot write (${msg}); check the permissions of the file and of its directory (WAL needs to create -wal and -shm files)`, { path: this.path }, { cause });
    }
    return new StoreUnavailableError('cannot_open', `SQLite store ${this.path}: cannot open (${msg})`, { path: this.path }, { cause });
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
    return this.write(this.prepare('append', [write]))[0]!;
  }

  async appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    this.assertOpen('appendMany');
    return this.write(this.prepare('appendMany', writes));
  }

  private write(writes: EncodedWrite[]): AppendResult[] {
    let results: AppendResult[];
    try {
      try {
        results = this.fastCommit(writes);
      } catch (e) {
        if (!(e instanceof RetryChecked)) throw e;
        results = this.checkedCommit(writes);
      }
    } catch (e) {
      throw this.writeError(e);
    }
    const last = results.reduce((m, r) => Math.max(m, r.lastPosition ?? 0), 0);
    if (last > 0) this.notifier.notify(last);
    return results;
  }

  private writeError(e: unknown): unknown {
    const code = (e as { code?: string }).code;
    if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return e;
    return this.openError(e);
  }

  /**
   * The body of an append transaction. The fast path does no id lookups: a
   * version conflict or a duplicate id makes it roll back and rerun checked,
   * which looks every id up first (idempotent retries, id conflicts).
   */
  private commit(writes: EncodedWrite[], checked: boolean): AppendResult[] {
    const last = this.stmt.lastRecordedAt.get() as string | undefined;
    const now = Math.max(this.clock.now(), last === undefined ? Number.NEGATIVE_INFINITY : Date.parse(last));
    const recordedAt = isoTime(now);
    const results: AppendResult[] = [];
    for (const w of writes) {
      if (checked) {
        const original = resolveIdempotentRetry(w, w.events.map((e) => this.identity(e.id)));
        if (original !== undefined) {
          results.push(original);
          continue;
        }
      }
      const actual = (this.stmt.streamVersion.get(w.streamId) as number | undefined) ?? 0;
      if (!satisfiesExpectedVersion(w.expectedVersion, actual)) {
        if (!checked) throw new RetryChecked();
        throw new ConcurrencyError(w.streamId, w.expectedVersion, actual);
      }
      if (w.events.length === 0) {
        results.push({ streamId: w.streamId, nextExpectedVersion: actual, firstPosition: null, lastPosition: null, recordedAt: null });
        continue;
      }
      let lastPosition = 0;
      try {
        for (let i = 0; i < w.events.length; i += INSERT_CHUNK) {
          lastPosition = this.insertRows(w.streamId, actual + i, w.events, i, Math.min(i + INSERT_CHUNK, w.events.length), recordedAt);
        }
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
          if (!checked) throw new RetryChecked();
          throw new EventIdConflictError(w.events[0]!.id, `a unique constraint failed while appending to ${w.streamId}: ${(e as Error).message}`);
        }
        throw e;
      }
      const version = actual + w.events.length;
      this.stmt.upsertStream.run(w.streamId, version);
      results.push({ streamId: w.streamId, nextExpectedVersion: version, firstPosition: lastPosition - w.events.length + 1, lastPosition, recordedAt });
    }
    return results;
  }

  private insertRows(streamId: string, baseVersion: number, events: readonly EncodedEvent[], from: number, to: number, recordedAt: string): number {
    const n = to - from;
    let stmt = this.inserts.get(n);
    if (stmt === undefined) {
      const values = Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
      stmt = this.db.prepare(`INSERT INTO events (stream_id, version, id, type, schema_version, data, metadata, recorded_at) VALUES ${values}`);
      this.inserts.set(n, stmt);
    }
    const params: unknown[] = new Array(n * 8);
    for (let i = 0, k = 0; i < n; i++) {
      const e = events[from + i]!;
      params[k++] = streamId;
      params[k++] = baseVersion + i + 1;
      params[k++] = e.id;
      params[k++] = e.type;
      params[k++] = e.schemaVersion;
      params[k++] = e.dataJson;
      params[k++] = e.metadataJson;
      params[k++] = recordedAt;
    }
    return Number(stmt.run(...params).lastInsertRowid);
  }

  private identity(id: string): StoredIdentity | undefined {
    const row = this.stmt.byId.get(id) as Row | undefined;
    if (row === undefined) return undefined;
    return { id: row[3], streamId: row[1], version: row[2], position: row[0], type: row[4], data: JSON.parse(row[6]) as unknown, recordedAt: row[8] };
  }

  private toEvent(row: Row): StoredEvent {
    const metadataJson = row[7];
    return {
      id: row[3],
      streamId: row[1],
      version: row[2],
      position: row[0],
      type: row[4],
      schemaVersion: row[5],
      data: JSON.parse(row[6]) as unknown,
      metadata: metadataJson === '{}' ? EMPTY_METADATA : (JSON.parse(metadataJson) as EventMetadata),
      recordedAt: row[8],
    };
  }

  private decode(row: Row, raw: boolean | undefined): StoredEvent {
    let event: StoredEvent;
    try {
      event = this.toEvent(row);
    } catch (cause) {
      throw new StoreCorruptError(`SQLite store ${this.path}: event at position ${row[0]} cannot be decoded: ${(cause as Error).message}`, { path: this.path, position: row[0] }, { cause });
    }
    return raw === true ? event : decodeEvent(this.registry, event);
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    this.assertOpen('readStream');
    const { from, to, backward, limit } = validateReadStreamOptions(streamId, options);
    let remaining = limit;
    let cursor = backward ? (from ?? Number.MAX_SAFE_INTEGER) : (from ?? 1);
    const bound = backward ? (to ?? 1) : (to ?? Number.MAX_SAFE_INTEGER);
    while (remaining > 0) {
      this.assertOpen('readStream');
      const n = Math.min(remaining, this.readBatchSize);
      const rows = (backward ? this.stmt.readBackward : this.stmt.readForward).all(streamId, cursor, bound, n) as Row[];
      for (const row of rows) yield this.decode(row, options.raw);
      remaining -= rows.length;
      if (rows.length < n) return;
      cursor = backward ? rows[rows.length - 1]![2] - 1 : rows[rows.length - 1]![2] + 1;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    this.assertOpen('readAll');
    const bounds = validateReadAllOptions(options);
    const batch = options.batchSize ?? this.readBatchSize;
    const to = bounds.to ?? Number.MAX_SAFE_INTEGER;
    const types = bounds.types === undefined ? undefined : JSON.stringify([...bounds.types]);
    const prefix = bounds.prefix;
    let from = bounds.from;
    while (from <= to) {
      this.assertOpen('readAll');
      let rows: Row[];
      if (types === undefined && prefix === undefined) rows = this.stmt.readAll.all(from, to, batch) as Row[];
      else if (prefix === undefined) rows = this.stmt.readAllTypes.all(from, to, types, batch) as Row[];
      else if (types === undefined) rows = this.stmt.readAllPrefix.all(from, to, prefix, prefix, batch) as Row[];
      else rows = this.stmt.readAllTypesPrefix.all(from, to, types, prefix, prefix, batch) as Row[];
      for (const row of rows) yield this.decode(row, options.raw);
      if (rows.length < batch) return;
      from = rows[rows.length - 1]![0] + 1;
    }
  }

  async positionAt(time: Date | string | number): Promise<number> {
    this.assertOpen('positionAt');
    const iso = isoTime(toEpochMs(time));
    // recordedAt is non-decreasing in position and positions are gap-free: binary search by key.
    let lo = 0;
    let hi = this.stmt.head.get() as number;
    while (lo < hi) {
      const mid = Math.floor((lo + hi + 1) / 2);
      const at = this.stmt.recordedAtOf.get(mid) as string;
      if (at <= iso) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  async headPosition(): Promise<number> {
    this.assertOpen('headPosition');
    return this.stmt.head.get() as number;
  }

  async streamVersion(streamId: string): Promise<number> {
    this.assertOpen('streamVersion');
    return (this.stmt.streamVersion.get(streamId) as number | undefined) ?? 0;
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
    if (this.owned && this.db.open) this.db.close();
  }
}

/** Projection states in the `projections` table: one row, one statement, one transaction per save. */
class SqliteProjectionStates implements ProjectionStateStore {
  private readonly loadStmt: SqliteStatement;
  private readonly saveStmt: SqliteStatement;
  private readonly deleteStmt: SqliteStatement;
  private readonly listStmt: SqliteStatement;

  constructor(
    db: SqliteDatabase,
    private readonly assertOpen: () => void,
  ) {
    this.loadStmt = db.prepare('SELECT name, version, checkpoint, state, status, updated_at FROM projections WHERE name = ?').raw();
    this.saveStmt = db.prepare(
      `INSERT INTO projections (name, version, checkpoint, state, status, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version, checkpoint = excluded.checkpoint, state = excluded.state, status = excluded.status, updated_at = excluded.updated_at`,
    );
    this.deleteStmt = db.prepare('DELETE FROM projections WHERE name = ?');
    this.listStmt = db.prepare('SELECT name, version, checkpoint, state, status, updated_at FROM projections ORDER BY name').raw();
  }

  private static toRecord(row: [string, number, number, string, string, string]): ProjectionRecord {
    return { name: row[0], version: row[1], checkpoint: row[2], state: JSON.parse(row[3]) as unknown, status: JSON.parse(row[4]) as ProjectionRecord['status'], updatedAt: row[5] };
  }

  async load(name: string): Promise<ProjectionRecord | undefined> {
    this.assertOpen();
    const row = this.loadStmt.get(name) as [string, number, number, string, string, string] | undefined;
    return row === undefined ? undefined : SqliteProjectionStates.toRecord(row);
  }

  async save(record: ProjectionRecord): Promise<void> {
    this.assertOpen();
    this.saveStmt.run(record.name, record.version, record.checkpoint, JSON.stringify(record.state), JSON.stringify(record.status), record.updatedAt);
  }

  async delete(name: string): Promise<void> {
    this.assertOpen();
    this.deleteStmt.run(name);
  }

  async list(): Promise<ProjectionRecord[]> {
    this.assertOpen();
    return (this.listStmt.all() as Array<[string, number, number, string, string, string]>).map((r) => SqliteProjectionStates.toRecord(r));
  }
}
