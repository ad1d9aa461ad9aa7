/**
 * The SQLite schema and its `PRAGMA user_version` migrations.
 *
 * @module
 */
import { StoreUnavailableError } from '../../src/kernel/index.js';
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

/**
 * Brings the database to {@link SCHEMA_VERSION}. Refuses a database written by
 * a newer ntm-antt.
 */
export function migrate(db: SqliteDatabase, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new StoreUnavailableError(
      'schema_too_new',
      `SQLite store ${path}: schema version ${current} was written by a newer ntm-antt (this one knows up to ${SCHEMA_VERSION}); upgrade ntm-antt to open it`,
      { path, found: current, known: SCHEMA_VERSION },
    );
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      // Another process may have migrated while we waited for the write lock.
      if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
