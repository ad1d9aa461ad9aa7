/**
 * The SQLite schema and its `PRAGMA user_version` migrations.
 *
 * @module
 */
import { StoreCorruptError, StoreUnavailableError } from '../../src/kernel/index.js';
import type { SqliteDatabase } from './sqlite-driver.js';

/** Migrations by the `user_version` they produce; applied in order, each in one transaction. */
const MIGRATIONS: ReadonlyArray<{ readonly version: number; readonly sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE events (
        position       INTEGER PRIMARY KEY AUTOINCREMENT,
        stream_id      TEXT    NOT NULL,
        version        INTEGER NOT NULL,
        id             TEXT    NOT NULL UNIQUE,
        type           TEXT    NOT NULL,
        schema_version INTEGER NOT NULL,
        data           TEXT    NOT NULL,
        metadata       TEXT    NOT NULL,
        recorded_at    TEXT    NOT NULL,
        UNIQUE (stream_id, version)
      );
      CREATE INDEX events_type ON events (type, position);
      CREATE TABLE streams (
        stream_id TEXT    PRIMARY KEY,
        version   INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE projections (
        name       TEXT    PRIMARY KEY,
        version    INTEGER NOT NULL,
        checkpoint INTEGER NOT NULL,
        state      TEXT    NOT NULL,
        status     TEXT    NOT NULL,
        updated_at TEXT    NOT NULL
      ) WITHOUT ROWID;
    `,
  },
];

/**
 * The schema version this code writes.
 *
 * @example
 * ```ts
 * db.pragma('user_version', { simple: true }) === SCHEMA_VERSION; // after sqliteStore(db)
 * ```
 */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

function schemaTooNew(path: string, found: number): StoreUnavailableError {
  return new StoreUnavailableError(
    'schema_too_new',
    `SQLite store ${path}: schema version ${found} was written by a newer ntm-antt (this one knows up to ${SCHEMA_VERSION}); upgrade ntm-antt to open it (the file was left as it is)`,
    { path, found, known: SCHEMA_VERSION },
  );
}

function foreignDatabase(path: string, objects: readonly string[]): StoreCorruptError {
  const shown = objects.slice(0, 5).join(', ') + (objects.length > 5 ? `, … (${objects.length} in all)` : '');
  return new StoreCorruptError(
    `SQLite store ${path}: the file is an SQLite database of another application (it holds ${shown} and no ntm-antt schema); it was left as it is: pass the path of an ntm-antt database, or of a new file`,
    { path, objects: objects.slice(0, 20) },
    { code: 'not_a_database' },
  );
}

/** The schema version and the names of the schema objects (tables, indexes, views, triggers), read in one statement. */
function schemaOf(db: SqliteDatabase): { version: number; objects: string[] } {
  const [version, objects] = db
    .prepare("SELECT (SELECT user_version FROM pragma_user_version), (SELECT json_group_array(name) FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\')")
    .raw()
    .get() as [number, string];
  return { version, objects: JSON.parse(objects) as string[] };
}

/**
 * Checks, before anything is written to the file (not even the switch to WAL),
 * that `db` may be opened as an ntm-antt store: a schema written by a newer
 * ntm-antt is refused with `schema_too_new`, a database holding another
 * application's tables with `not_a_database`. Both are read in one statement,
 * so a first migration running in another process is seen whole or not at all.
 *
 * @example
 * ```ts
 * checkOpenable(db, './ntm-antt.db'); // throws StoreUnavailableError 'schema_too_new' for a newer file
 * ```
 */
export function checkOpenable(db: SqliteDatabase, path: string): void {
  const { version, objects } = schemaOf(db);
  if (version > SCHEMA_VERSION) throw schemaTooNew(path, version);
  if (version === 0 && objects.length > 0) throw foreignDatabase(path, objects);
}

/**
 * Brings the database to {@link SCHEMA_VERSION}. Refuses a database written by
 * a newer ntm-antt, and one that holds another application's tables.
 */
export function migrate(db: SqliteDatabase, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) throw schemaTooNew(path, current);
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      // Another process may have migrated while we waited for the write lock.
      const now = schemaOf(db);
      if (now.version >= m.version) return;
      // Never add ntm-antt's tables to another application's database.
      if (now.version === 0 && now.objects.length > 0) throw foreignDatabase(path, now.objects);
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
