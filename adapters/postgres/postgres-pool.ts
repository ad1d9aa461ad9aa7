/**
 * Opening a pool from a connection string: the only place that loads `pg`
 * (an optional peer dependency), on demand, so that importing the adapter
 * never requires it.
 *
 * @module
 */
import { StoreUnavailableError } from '../../src/kernel/index.js';
import type { PostgresPool } from './postgres-driver.js';

/** A pool the adapter opened itself: `pg.Pool`, plus the error event it must listen to. */
export interface OwnedPool extends PostgresPool {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Opens a `pg.Pool` on `connectionString` (application name `ntm-antt`
 * unless the string sets one). Throws `StoreUnavailableError('driver_missing')`
 * when `pg` is not installed; `where` names the store in that message.
 *
 * @example
 * ```ts
 * const pool = await openOwnedPool('postgres://app@db/ntm', 10, 'postgres://app@db/ntm');
 * ```
 */
export async function openOwnedPool(connectionString: string, max: number, where: string): Promise<OwnedPool> {
  let Pool: new (config: Record<string, unknown>) => OwnedPool;
  try {
    const pg = (await import('pg')) as unknown as { Pool?: unknown; default?: { Pool?: unknown } };
    Pool = (pg.Pool ?? pg.default?.Pool) as typeof Pool;
  } catch (cause) {
    throw new StoreUnavailableError('driver_missing', `PostgreSQL store ${where}: the pg package is not installed; run npm install pg`, {}, { cause });
  }
  const pool = new Pool({ connectionString, max, application_name: 'ntm-antt' });
  // An idle connection that dies emits 'error' on the pool; the pool drops it and the next query opens another.
  pool.on('error', () => undefined);
  return pool;
}
