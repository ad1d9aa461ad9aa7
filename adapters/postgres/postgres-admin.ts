/**
 * Housekeeping for PostgreSQL stores: dropping a store's schema (test runs,
 * benchmarks, tear-down of a scratch database).
 *
 * @module
 */
import { StoreUnavailableError } from '../../src/kernel/index.js';
import type { PostgresPool } from './postgres-driver.js';
import { openOwnedPool } from './postgres-pool.js';
import { IS_STORE_SCHEMA_SQL, quoteSchema } from './postgres-schema.js';

/**
 * Drops a store's schema with everything in it (`DROP SCHEMA … CASCADE`).
 * Refuses a schema that is not an ntm-antt store (no `schema_migrations`
 * table), and does nothing if the schema does not exist. `source` is a
 * connection string (a short-lived pool is opened and ended) or a pool
 * (left open). Close every store on the schema first.
 *
 * @example
 * ```ts
 * const schema = `bench_${Date.now()}`;
 * const store = await postgresStore(url, { schema });
 * try { … } finally { await store.close(); await dropPostgresSchema(url, schema); }
 * ```
 */
export async function dropPostgresSchema(source: string | PostgresPool, schema: string): Promise<void> {
  const quoted = quoteSchema(schema);
  let pool: PostgresPool;
  if (typeof source === 'string') pool = await openOwnedPool(source, 1, `(dropping schema "${schema}")`);
  else pool = source;
  try {
    const found = await pool.query({
      text: `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1::text), ${IS_STORE_SCHEMA_SQL}`,
      values: [schema],
      rowMode: 'array',
    });
    const [exists, isStore] = found.rows[0] as [boolean, boolean];
    if (!exists) return;
    if (!isStore) {
      throw new StoreUnavailableError('not_a_store', `PostgreSQL schema "${schema}" has no schema_migrations table: it is not an ntm-antt store, so it is not dropped`, { schema });
    }
    await pool.query({ text: `DROP SCHEMA ${quoted} CASCADE` });
  } finally {
    if (typeof source === 'string') await pool.end();
  }
}
