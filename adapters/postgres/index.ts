/**
 * `ntm-antt/postgres`: the PostgreSQL event store (node-postgres), for several
 * writers and readers sharing one event log. Needs the `pg` package (an
 * optional peer dependency) when given a connection string.
 *
 * @module
 */
export { postgresStore } from './postgres-store.js';
export type { PostgresSource, PostgresStoreOptions } from './postgres-store.js';
export { DEFAULT_POSTGRES_SCHEMA, POSTGRES_SCHEMA_VERSION } from './postgres-schema.js';
export { dropPostgresSchema } from './postgres-admin.js';
export type { PostgresPool, PostgresPoolClient, PostgresQueryConfig, PostgresQueryResult } from './postgres-driver.js';
