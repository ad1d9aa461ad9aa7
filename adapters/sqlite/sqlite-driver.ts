/**
 * The small structural subset of a SQLite driver that the adapter calls
 * (better-sqlite3's API). Any object of this shape works, so the adapter's
 * types do not depend on the driver's.
 *
 * @module
 */

/** Result of a statement that writes. */
export interface SqliteRunResult {
  readonly changes: number;
  readonly lastInsertRowid: number | bigint;
}

/** A prepared statement. */
export interface SqliteStatement {
  run(...params: unknown[]): SqliteRunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** Return rows as arrays of column values instead of objects. */
  raw(toggle?: boolean): this;
  /** Return only the first column of each row. */
  pluck(toggle?: boolean): this;
}

/** A transaction function as better-sqlite3 builds it. */
export interface SqliteTransaction<F extends (...args: any[]) => unknown> {
  (...args: Parameters<F>): ReturnType<F>;
  /** Runs inside `BEGIN IMMEDIATE`. */
  immediate(...args: Parameters<F>): ReturnType<F>;
}

/** An open SQLite database. */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<F extends (...args: any[]) => unknown>(fn: F): SqliteTransaction<F>;
  close(): unknown;
  readonly open: boolean;
  readonly name: string;
  readonly inTransaction: boolean;
  readonly readonly: boolean;
}
