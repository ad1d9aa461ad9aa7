/**
 * Opening the SQLite database behind a command: path resolution
 * (`--db`, `NTM_ANTT_DB`, `./ntm-antt.db`), the "must already exist" check
 * of every command but `init`, and closing it whatever happens.
 *
 * @module
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { sqliteStore } from '../../adapters/sqlite/index.js';
import { StoreUnavailableError } from '../kernel/errors.js';
import type { EventStore } from '../kernel/store.js';
import { Ledger, ledgerEvents } from '../ledger.js';

/**
 * The database path used when neither `--db` nor `NTM_ANTT_DB` is given.
 *
 * @example
 * ```ts
 * DEFAULT_DB_PATH; // './ntm-antt.db'
 * ```
 */
export const DEFAULT_DB_PATH = './ntm-antt.db';

/** Options of {@link openLedger}. */
export interface OpenLedgerOptions {
  /** The database file, absolute or relative to `cwd`. */
  readonly db: string;
  /** Directory `db` is relative to. */
  readonly cwd: string;
  /** Written into each event's metadata. */
  readonly actor?: string | undefined;
  /** Create the file when missing (only `init` does). Otherwise a missing file is a store error (exit code 4). */
  readonly create?: boolean;
  /** How long to wait for another process that holds the database (default 5000 ms). */
  readonly busyTimeoutMs?: number;
}

/** An open ledger and what the command may want to say about it. */
export interface OpenedLedger {
  readonly ledger: Ledger;
  readonly store: EventStore;
  /** Absolute path of the database file. */
  readonly path: string;
  /** True when the file did not exist before. */
  readonly created: boolean;
  /** The schema version the file had before it was opened (`null` when new or unreadable). */
  readonly previousSchemaVersion: number | null;
}

/**
 * The absolute path of the database.
 *
 * @example
 * ```ts
 * resolveDbPath('data/ntm.db', '/srv'); // '/srv/data/ntm.db'
 * ```
 */
export function resolveDbPath(db: string, cwd: string): string {
  return resolve(cwd, db);
}

/**
 * The default actor: `NTM_ANTT_ACTOR`, else the operating-system user name, else none.
 *
 * @example
 * ```ts
 * defaultActor({ NTM_ANTT_ACTOR: 'analyst@38' }); // 'analyst@38'
 * ```
 */
export function defaultActor(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const fromEnv = env['NTM_ANTT_ACTOR'];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv.trim();
  try {
    const name = userInfo().username;
    return name === '' ? undefined : `cli:${name}`;
  } catch {
    return undefined;
  }
}

function schemaVersionOf(path: string): number | null {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return db.pragma('user_version', { simple: true }) as number;
    } finally {
      db.close();
    }
  } catch {
    return null; // not readable as SQLite: sqliteStore reports it properly
  }
}

/**
 * Opens the SQLite store and the ledger on it (catching the read models up).
 * Throws a `StoreUnavailableError` (`store_not_found`) naming the path when
 * the file is missing and `create` is not set.
 *
 * @example
 * ```ts
 * const { ledger, path } = await openLedger({ db: './ntm-antt.db', cwd: process.cwd(), actor: 'analyst@38' });
 * try { await ledger.loadThanhHoaRegister(); } finally { await ledger.close(); }
 * ```
 */
export async function openLedger(options: OpenLedgerOptions): Promise<OpenedLedger> {
  const path = resolveDbPath(options.db, options.cwd);
  // an empty file (what a failed init on a full disk, or a `touch`, leaves) is no database yet
  const exists = existsSync(path) && statSync(path).size > 0;
  if (!exists && options.create !== true) {
    if (existsSync(path)) throw new StoreUnavailableError('store_empty', `SQLite store ${path}: the file is empty (0 bytes), not a database; run ntm-antt --db ${options.db} init to make it one`, { path });
    throw new StoreUnavailableError('store_not_found', `SQLite store ${path}: no such file`, { path });
  }
  const previousSchemaVersion = exists ? schemaVersionOf(path) : null;
  const store = sqliteStore(path, { events: ledgerEvents, ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }) });
  try {
    const ledger = await Ledger.open(store, options.actor === undefined ? {} : { actor: options.actor });
    return { ledger, store, path, created: !exists, previousSchemaVersion };
  } catch (e) {
    await store.close().catch(() => undefined);
    if (!exists) removeDatabase(path);
    throw e;
  }
}

/**
 * Opens the ledger, runs `work`, and closes the store whatever happens.
 *
 * @example
 * ```ts
 * const n = await withLedger(opts, async ({ ledger }) => (await ledger.rebuild()).events);
 * ```
 */
export async function withLedger<T>(options: OpenLedgerOptions, work: (opened: OpenedLedger) => Promise<T>): Promise<T> {
  const opened = await openLedger(options);
  let done = false;
  try {
    const result = await work(opened);
    done = true;
    return result;
  } finally {
    await opened.ledger.close().catch(() => undefined);
    // a database this command created and could not finish (a full disk during init) is not left behind
    if (!done && opened.created) removeDatabase(opened.path);
  }
}

/** Removes a database file and its -wal, -shm and -journal files. */
function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}
