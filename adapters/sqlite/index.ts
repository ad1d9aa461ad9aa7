/**
 * `ntm-antt/sqlite`: the SQLite event store (better-sqlite3), the embedded default.
 *
 * @module
 */
export { sqliteStore } from './sqlite-store.js';
export type { SqliteSource, SqliteStoreOptions } from './sqlite-store.js';
export { SCHEMA_VERSION } from './sqlite-schema.js';
export type { SqliteDatabase, SqliteRunResult, SqliteStatement, SqliteTransaction } from './sqlite-driver.js';
export { sqliteRangeFolder } from './sqlite-range-folder.js';
export type { SqliteRangeFolderOptions, SqliteRangeWorkerData } from './sqlite-range-folder.js';
