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
  appendWrite,
  DEFAULT_WRITE_LIMITS,
  batchIterable,
  EventIdConflictError,
  StoreClosedError,
  StoreCorruptError,
  StoreUnavailableError,
  decodeEvent,
  isoTime,
  parseMetadata,
  prepareWrites,
  resolveIdempotentRetry,
  satisfiesExpectedVersion,
  ConcurrencyError,
  StreamCursor,
  SubscriptionSet,
  systemClock,
  toEpochMs,
  validateReadAllOptions,
  validateReadStreamOptions,
  type AppendOptions,
  type AppendResult,
  type Clock,
  type EncodedEvent,
  type EncodedWrite,
  type PrepareOptions,
  type EventMetadata,
  type EventRegistry,
  type EventStore,
  type EventStoreOptions,
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
} from '../../src/kernel/index.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js';
import { checkOpenable, migrate } from './sqlite-schema.js';

/** Where the store's database comes from: a file path (or `':memory:'`), an open database, or a factory. */
export type SqliteSource = string | SqliteDatabase | (() => SqliteDatabase);

/** Options of {@link sqliteStore}. */
export interface SqliteStoreOptions extends EventStoreOptions {
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
/**
 * Lean reads (folds) skip `id`, `metadata` and `recorded_at`: each text column costs a string per row, and
 * together they are a fifth of a national rebuild (see docs/performance.md). They are loaded on first access.
 */
const LEAN_COLUMNS = 'position, stream_id, version, type, schema_version, data';

type Row = [number, string, number, string, string, number, string, string, string];
/** `position, stream_id, version, type, schema_version, data`. */
type LeanRow = [number, string, number, string, number, string];
/** Where `type` is in a full row and in a lean row. */
const FULL_TYPE = 4;
const LEAN_TYPE = 3;
/** `id, metadata, recorded_at` of one position. */
type Envelope = [string, string, string];

/**
 * The rows of one lean batch: the first access to an event's `id`,
 * `metadata` or `recordedAt` loads those columns for the whole batch, in one
 * statement.
 */
class LeanBatch {
  #envelopes: Map<number, Envelope> | undefined;
  constructor(
    private readonly store: SqliteEventStore,
    private readonly from: number,
    private readonly to: number,
  ) {}
  envelope(position: number): Envelope {
    this.#envelopes ??= this.store.envelopes(this.from, this.to);
    const e = this.#envelopes.get(position);
    if (e === undefined) throw new StoreCorruptError(`event at position ${position} vanished while it was being read`, { position });
    return e;
  }
}

/**
 * An event read lean (for folds): `id`, `metadata` and `recordedAt` are
 * loaded from the store on first access (for the whole batch at once).
 */
class LeanEvent implements StoredEvent {
  readonly #batch: LeanBatch;
  #metadata: EventMetadata | undefined;
  constructor(
    readonly streamId: string,
    readonly version: number,
    readonly position: number,
    readonly type: string,
    readonly schemaVersion: number,
    readonly data: unknown,
    batch: LeanBatch,
  ) {
    this.#batch = batch;
  }
  get id(): string {
    return this.#batch.envelope(this.position)[0];
  }
  get metadata(): EventMetadata {
    if (this.#metadata === undefined) {
      const json = this.#batch.envelope(this.position)[1];
      this.#metadata = parseMetadata(json);
    }
    return this.#metadata;
  }
  get recordedAt(): string {
    return this.#batch.envelope(this.position)[2];
  }
  toJSON(): StoredEvent {
    return { id: this.id, streamId: this.streamId, version: this.version, position: this.position, type: this.type, schemaVersion: this.schemaVersion, data: this.data, metadata: this.metadata, recordedAt: this.recordedAt };
  }
}

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

/** Opens the source; what it throws is mapped by the store's `openError` (the path is known here only for a string source). */
function openDatabase(source: SqliteSource): { db: SqliteDatabase; owned: boolean; path: string } {
  if (typeof source === 'string') return { db: new Database(source) as unknown as SqliteDatabase, owned: true, path: source };
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
  /** Registry, limits and id maker of every append, built once. */
  private readonly prepareOptions: PrepareOptions;
  private readonly readBatchSize: number;
  private readonly notifier: AppendNotifier;
  private readonly subscriptions = new SubscriptionSet({
    readAll: (o) => this.readAll(o),
    headPosition: () => this.headPosition(),
    waitForAppend: (position, signal) => this.notifier.wait(position, signal),
  });
  private closed = false;

  private readonly stmt: {
    streamVersion: SqliteStatement;
    lastRecordedAt: SqliteStatement;
    versionAndLast: SqliteStatement;
    head: SqliteStatement;
    upsertStream: SqliteStatement;
    byId: SqliteStatement;
    recordedAtOf: SqliteStatement;
    envelopes: SqliteStatement;
    readAll: SqliteStatement;
    readAllLean: SqliteStatement;
    readAllTypes: SqliteStatement;
    readAllTypesLean: SqliteStatement;
    readAllPrefix: SqliteStatement;
    readAllTypesPrefix: SqliteStatement;
    readForward: SqliteStatement;
    readBackward: SqliteStatement;
  };
  private readonly inserts = new Map<number, SqliteStatement>();
  private readonly fastCommit: (writes: EncodedWrite[]) => AppendResult[];
  private readonly checkedCommit: (writes: EncodedWrite[]) => AppendResult[];

  constructor(source: SqliteSource, options: SqliteStoreOptions) {
    let opened: ReturnType<typeof openDatabase>;
    try {
      opened = openDatabase(source);
    } catch (cause) {
      throw this.openError(cause, typeof source === 'string' ? source : '(database factory)');
    }
    const { db, owned, path } = opened;
    this.db = db;
    this.owned = owned;
    this.path = path;
    this.registry = options.events;
    this.clock = options.clock ?? systemClock;
    this.prepareOptions = { registry: options.events, limits: options.limits ?? DEFAULT_WRITE_LIMITS, newId: options.newId };
    this.readBatchSize = options.readBatchSize ?? 2000;
    try {
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      // Refuse a newer schema or another application's database before anything is written (even the WAL switch).
      checkOpenable(db, path);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, path);
      // Read the head once, so that a damaged file fails here, with a typed error, rather than at first use.
      db.prepare('SELECT COALESCE(MAX(position), 0) FROM events').pluck().get();
    } catch (cause) {
      if (owned && db.open) db.close();
      throw this.openError(cause, path);
    }
    const s = (sql: string) => db.prepare(sql);
    this.stmt = {
      streamVersion: s('SELECT version FROM streams WHERE stream_id = ?').pluck(),
      lastRecordedAt: s('SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1').pluck(),
      versionAndLast: s('SELECT (SELECT version FROM streams WHERE stream_id = ?), (SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1)').raw(),
      head: s('SELECT COALESCE(MAX(position), 0) FROM events').pluck(),
      upsertStream: s('INSERT INTO streams (stream_id, version) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version'),
      byId: s(`SELECT ${COLUMNS} FROM events WHERE id = ?`).raw(),
      recordedAtOf: s('SELECT recorded_at FROM events WHERE position = ?').pluck(),
      envelopes: s('SELECT position, id, metadata, recorded_at FROM events WHERE position >= ? AND position <= ?').raw(),
      readAll: s(`SELECT ${COLUMNS} FROM events WHERE position >= ? AND position <= ? ORDER BY position LIMIT ?`).raw(),
      readAllLean: s(`SELECT ${LEAN_COLUMNS} FROM events WHERE position >= ? AND position <= ? ORDER BY position LIMIT ?`).raw(),
      readAllTypesLean: s(
        `SELECT ${LEAN_COLUMNS} FROM events NOT INDEXED WHERE position >= ? AND position <= ? AND type IN (SELECT value FROM json_each(?)) ORDER BY position LIMIT ?`,
      ).raw(),
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
    this.projections = new SqliteProjectionStates(db, () => this.assertOpen('use projections'), (work) => this.mapped(work));
  }

  /**
   * Maps what SQLite (or the driver) threw to a typed error that names the path and says what to do. Extended
   * result codes (`SQLITE_READONLY_DIRECTORY`, `SQLITE_CANTOPEN_ISDIR`, `SQLITE_CORRUPT_INDEX`, …) are mapped by
   * their primary code. `during` says whether the store was being opened or used.
   */
  private openError(cause: unknown, path: string = this.path, during: 'open' | 'use' = 'open'): Error {
    if (cause instanceof StoreUnavailableError || cause instanceof StoreCorruptError) return cause;
    const full = (cause as { code?: unknown } | null)?.code;
    const code = typeof full === 'string' ? full : undefined;
    const primary = code === undefined ? undefined : /^SQLITE_[A-Z]+/.exec(code)?.[0];
    const msg = cause instanceof Error ? cause.message : String(cause);
    const details = { path }; // the SQLite code stays on `cause`
    const where = `SQLite store ${path}`;
    switch (primary) {
      case 'SQLITE_NOTADB':
        return new StoreCorruptError(`${where}: the file is not a valid ntm-antt SQLite database (${msg}); restore it from a backup or choose another path`, details, { cause, code: 'not_a_database' });
      case 'SQLITE_CORRUPT':
        return new StoreCorruptError(
          `${where}: the database file is damaged (${msg}); stop writing to it, keep a copy, and restore it from a backup (the sqlite3 shell's .recover can salvage what is still readable)`,
          details,
          { cause, code: 'store_corrupt' },
        );
      case 'SQLITE_BUSY':
      case 'SQLITE_LOCKED':
        return new StoreUnavailableError('store_locked', `${where}: locked by another process past the busy timeout (${msg}); retry when that process has finished, or raise busyTimeoutMs`, details, { cause });
      case 'SQLITE_READONLY':
      case 'SQLITE_PERM':
      case 'SQLITE_AUTH':
        return new StoreUnavailableError(
          'store_read_only',
          `${where}: cannot write (${msg}); let this user write the file and its directory (SQLite's WAL mode creates ${path}-wal and ${path}-shm beside it), or work on a writable copy`,
          details,
          { cause },
        );
      case 'SQLITE_FULL':
        return new StoreUnavailableError('store_full', `${where}: the disk or the quota is full (${msg}); free some space and retry (the failed write left nothing behind)`, details, { cause });
      case 'SQLITE_IOERR':
        return new StoreUnavailableError('store_io_error', `${where}: the operating system reported an I/O error (${msg}); check the disk and the file system, then retry`, details, { cause });
      default:
        if (during === 'use') return new StoreUnavailableError('store_failed', `${where}: SQLite failed (${msg}); retry, and if it persists check the file (PRAGMA quick_check) and restore it from a backup`, details, { cause });
        return new StoreUnavailableError(
          'cannot_open',
          `${where}: cannot open (${msg}); check that the directory exists, that the path names a file (not a directory), and that this user may read and write both`,
          details,
          { cause },
        );
    }
  }

  private assertOpen(operation: string): void {
    if (this.closed) throw new StoreClosedError(operation);
  }

  private prepare(kind: 'append' | 'appendMany', writes: readonly StreamWrite[]): EncodedWrite[] {
    return prepareWrites(kind, writes, this.prepareOptions);
  }

  async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    this.assertOpen('append');
    return this.write(this.prepare('append', [appendWrite(streamId, events, options)]))[0]!;
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

  /** Runs a statement, turning a SQLite error (a damaged page, a read-only file, …) into a typed error naming the path. */
  private mapped<T>(work: () => T): T {
    try {
      return work();
    } catch (e) {
      throw this.writeError(e);
    }
  }

  private writeError(e: unknown): unknown {
    const code = (e as { code?: unknown } | null)?.code;
    if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return e;
    return this.openError(e, this.path, 'use');
  }

  /**
   * The body of an append transaction. The fast path does no id lookups: a
   * version conflict or a duplicate id makes it roll back and rerun checked,
   * which looks every id up first (idempotent retries, id conflicts).
   */
  private commit(writes: EncodedWrite[], checked: boolean): AppendResult[] {
    // One write (the common case): the stream's version and the log's last time in one statement.
    let firstVersion: number | null | undefined;
    let last: string | null | undefined;
    if (writes.length === 1 && !checked) [firstVersion, last] = this.stmt.versionAndLast.get(writes[0]!.streamId) as [number | null, string | null];
    else last = this.stmt.lastRecordedAt.get() as string | undefined;
    const lastMs = last == null ? Number.NEGATIVE_INFINITY : Date.parse(last);
    if (Number.isNaN(lastMs)) {
      throw new StoreCorruptError(`SQLite store ${this.path}: the last event's recorded_at ${JSON.stringify(last)} is not a time; restore the file from a backup`, { path: this.path });
    }
    const now = Math.max(this.clock.now(), lastMs);
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
      const actual = firstVersion !== undefined ? (firstVersion ?? 0) : ((this.stmt.streamVersion.get(w.streamId) as number | undefined) ?? 0);
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

  private toEvent(row: Row, batch: LeanBatch | undefined): StoredEvent {
    if (batch !== undefined) {
      const r = row as unknown as LeanRow;
      return new LeanEvent(r[1], r[2], r[0], r[3], r[4], JSON.parse(r[5]) as unknown, batch);
    }
    return {
      id: row[3],
      streamId: row[1],
      version: row[2],
      position: row[0],
      type: row[4],
      schemaVersion: row[5],
      data: JSON.parse(row[6]) as unknown,
      metadata: parseMetadata(row[7]),
      recordedAt: row[8],
    };
  }

  private decode(row: Row, raw: boolean | undefined, batch?: LeanBatch): StoredEvent {
    let event: StoredEvent;
    try {
      event = this.toEvent(row, batch);
    } catch (cause) {
      throw new StoreCorruptError(`SQLite store ${this.path}: event at position ${row[0]} cannot be decoded: ${(cause as Error).message}; restore the file from a backup`, { path: this.path, position: row[0] }, { cause });
    }
    return raw === true ? event : decodeEvent(this.registry, event);
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    let cursor: StreamCursor | undefined;
    return batchIterable(
      () => {
        this.assertOpen('readStream');
        cursor ??= new StreamCursor(validateReadStreamOptions(streamId, options));
        const page = cursor.page(this.readBatchSize);
        if (page === undefined) return undefined;
        const rows = this.mapped(() => (cursor!.backward ? this.stmt.readBackward : this.stmt.readForward).all(streamId, page.from, page.to, page.limit)) as Row[];
        cursor.advance(rows.length, rows[rows.length - 1]?.[2]);
        return rows;
      },
      (row) => this.decode(row, options.raw),
    );
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    let bounds: ReturnType<typeof validateReadAllOptions> | undefined;
    let from = 0;
    let to = 0;
    let batch = 0;
    let types: string | undefined;
    let keep: ReadonlySet<string> | undefined;
    let done = false;
    const lean = options?.lean === true && options.raw !== true;
    let leanBatch: LeanBatch | undefined;
    return batchIterable(
      () => {
        this.assertOpen('readAll');
        if (bounds === undefined) {
          bounds = validateReadAllOptions(options);
          batch = options.batchSize ?? this.readBatchSize;
          to = bounds.to ?? Number.MAX_SAFE_INTEGER;
          if (bounds.types !== undefined) {
            // Wanting every registered type, nearly every row passes: filtering the rows here is cheaper
            // than SQLite's membership test on each row (the result is the same).
            const wanted = bounds.types;
            if (this.registry !== undefined && this.registry.types.every((t) => wanted.has(t))) keep = wanted;
            else types = JSON.stringify([...wanted]);
          }
          from = bounds.from;
        }
        if (done || from > to) return undefined;
        const prefix = bounds.prefix;
        const rows = this.mapped(() => {
          if (types === undefined && prefix === undefined) return (lean ? this.stmt.readAllLean : this.stmt.readAll).all(from, to, batch);
          if (prefix === undefined) return (lean ? this.stmt.readAllTypesLean : this.stmt.readAllTypes).all(from, to, types, batch);
          if (types === undefined) return this.stmt.readAllPrefix.all(from, to, prefix, prefix, batch);
          return this.stmt.readAllTypesPrefix.all(from, to, types, prefix, prefix, batch);
        }) as Row[];
        if (rows.length < batch) done = true;
        else from = rows[rows.length - 1]![0] + 1;
        // lean rows come only from the statements without a stream prefix
        const leanRows = lean && prefix === undefined;
        leanBatch = leanRows && rows.length > 0 ? new LeanBatch(this, rows[0]![0], rows[rows.length - 1]![0]) : undefined;
        if (keep === undefined) return rows;
        const wanted = keep;
        const typeAt = leanRows ? LEAN_TYPE : FULL_TYPE;
        return rows.filter((r) => wanted.has(r[typeAt] as string));
      },
      // rows are mapped in order, each batch after the previous one is used up: `leanBatch` is theirs
      (row) => this.decode(row, options.raw, leanBatch),
    );
  }

  /** `id, metadata, recorded_at` of the events in a position range (for lean events). */
  envelopes(from: number, to: number): Map<number, Envelope> {
    this.assertOpen('read event envelopes');
    const rows = this.mapped(() => this.stmt.envelopes.all(from, to)) as Array<[number, string, string, string]>;
    return new Map(rows.map((r) => [r[0], [r[1], r[2], r[3]]]));
  }

  async positionAt(time: Date | string | number): Promise<number> {
    this.assertOpen('positionAt');
    const iso = isoTime(toEpochMs(time));
    // recordedAt is non-decreasing in position and positions are gap-free: binary search by key.
    return this.mapped(() => {
      let lo = 0;
      let hi = this.stmt.head.get() as number;
      while (lo < hi) {
        const mid = Math.floor((lo + hi + 1) / 2);
        const at = this.stmt.recordedAtOf.get(mid) as string;
        if (at <= iso) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    });
  }

  async headPosition(): Promise<number> {
    this.assertOpen('headPosition');
    return this.mapped(() => this.stmt.head.get()) as number;
  }

  async streamVersion(streamId: string): Promise<number> {
    this.assertOpen('streamVersion');
    return (this.mapped(() => this.stmt.streamVersion.get(streamId)) as number | undefined) ?? 0;
  }

  subscribe(handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    this.assertOpen('subscribe');
    return this.subscriptions.start(handler, options);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.subscriptions.stopAll();
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
    /** Maps a SQLite error to the store's typed errors (naming the path). */
    private readonly mapped: <T>(work: () => T) => T,
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
    const row = this.mapped(() => this.loadStmt.get(name)) as [string, number, number, string, string, string] | undefined;
    return row === undefined ? undefined : SqliteProjectionStates.toRecord(row);
  }

  async save(record: ProjectionRecord): Promise<void> {
    this.assertOpen();
    const state = JSON.stringify(record.state);
    const status = JSON.stringify(record.status);
    this.mapped(() => this.saveStmt.run(record.name, record.version, record.checkpoint, state, status, record.updatedAt));
  }

  async delete(name: string): Promise<void> {
    this.assertOpen();
    this.mapped(() => this.deleteStmt.run(name));
  }

  async list(): Promise<ProjectionRecord[]> {
    this.assertOpen();
    return (this.mapped(() => this.listStmt.all()) as Array<[string, number, number, string, string, string]>).map((r) => SqliteProjectionStates.toRecord(r));
  }
}
