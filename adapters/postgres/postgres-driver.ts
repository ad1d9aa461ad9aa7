/**
 * The small structural subset of a PostgreSQL driver that the adapter calls
 * (node-postgres' `pg.Pool`). Any object of this shape works, so the
 * adapter's types do not depend on the driver's, and `pg` itself is only
 * loaded when the adapter has to open a pool from a connection string.
 *
 * @module
 */

/** A query as the adapter sends it: text, positional parameters, an optional statement name. */
export interface PostgresQueryConfig {
  readonly text: string;
  readonly values?: unknown[];
  /** Name of a prepared statement (prepared once per connection). */
  readonly name?: string;
  /** `'array'`: rows come back as arrays of column values. */
  readonly rowMode?: 'array';
}

/** What a query returns. */
export interface PostgresQueryResult {
  readonly rows: unknown[];
  readonly rowCount: number | null;
}

/** A connection checked out of a pool (for the few multi-statement transactions). */
export interface PostgresPoolClient {
  query(config: PostgresQueryConfig): Promise<PostgresQueryResult>;
  /** Returns the connection to the pool; an error (or `true`) destroys it instead. */
  release(error?: Error | boolean): void;
}

/** A connection pool (`pg.Pool`). */
export interface PostgresPool {
  query(config: PostgresQueryConfig): Promise<PostgresQueryResult>;
  connect(): Promise<PostgresPoolClient>;
  end(): Promise<void>;
}
