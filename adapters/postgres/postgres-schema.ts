/**
 * The PostgreSQL schema of the event store and its migrations, all inside one
 * configurable PostgreSQL schema (default `ntm_antt`) so that several stores
 * (or test runs) share a database without colliding.
 *
 * Why the append is a stored function and why one row (`log_head`) is the
 * append lock: see docs/decisions/0003-postgres-gap-safe-positions.md.
 *
 * @module
 */
import { StoreUnavailableError } from '../../src/kernel/index.js';
import type { PostgresPoolClient } from './postgres-driver.js';

/**
 * The schema name used when the caller gives none.
 *
 * @example
 * ```ts
 * const store = await postgresStore(url); // tables in the "ntm_antt" schema
 * DEFAULT_POSTGRES_SCHEMA; // 'ntm_antt'
 * ```
 */
export const DEFAULT_POSTGRES_SCHEMA = 'ntm_antt';

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Returns the schema name quoted as an SQL identifier, or throws a
 * `RangeError` for a name outside `[A-Za-z_][A-Za-z0-9_]*` (at most 63
 * characters, PostgreSQL's identifier limit).
 *
 * @example
 * ```ts
 * quoteSchema('ntm_antt'); // '"ntm_antt"'
 * ```
 */
export function quoteSchema(schema: string): string {
  if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema)) {
    throw new RangeError(`PostgreSQL store: schema must be an identifier of letters, digits and _ (at most 63, not starting with a digit), got ${JSON.stringify(schema)}`);
  }
  return `"${schema}"`;
}

/** Migration 1: events, streams, the head row, projections, and the append and position_at functions. */
function migration1(s: string): string {
  return `
    CREATE TABLE ${s}.events (
      position       bigint      NOT NULL,
      stream_id      text        COLLATE "C" NOT NULL,
      version        bigint      NOT NULL,
      id             text        COLLATE "C" NOT NULL,
      type           text        COLLATE "C" NOT NULL,
      schema_version integer     NOT NULL,
      data           json        NOT NULL,
      metadata       json        NOT NULL,
      recorded_at    timestamptz NOT NULL,
      CONSTRAINT events_pkey PRIMARY KEY (position),
      CONSTRAINT events_id_key UNIQUE (id),
      CONSTRAINT events_stream_version_key UNIQUE (stream_id, version)
    );
    CREATE INDEX events_type ON ${s}.events (type, position);

    CREATE TABLE ${s}.streams (
      stream_id text   COLLATE "C" PRIMARY KEY,
      version   bigint NOT NULL
    );

    -- One row: the last position and its recordedAt. Every append locks it until commit, so positions are
    -- allocated, committed and made visible in one order, and a rolled-back append gives its positions back.
    CREATE TABLE ${s}.log_head (
      singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
      position    bigint      NOT NULL,
      recorded_at timestamptz
    ) WITH (fillfactor = 10);
    INSERT INTO ${s}.log_head (singleton, position, recorded_at) VALUES (true, 0, NULL);

    CREATE TABLE ${s}.projections (
      name       text    COLLATE "C" PRIMARY KEY,
      version    integer NOT NULL,
      checkpoint bigint  NOT NULL,
      state      json    NOT NULL,
      status     json    NOT NULL,
      updated_at text    NOT NULL
    );

    -- Exact conversions between epoch milliseconds and timestamptz (no floating-point rounding).
    CREATE FUNCTION ${s}.ms_to_ts(ms bigint) RETURNS timestamptz LANGUAGE sql STABLE STRICT
      AS $fn$ SELECT to_timestamp(ms / 1000) + (ms % 1000) * interval '1 millisecond' $fn$;
    CREATE FUNCTION ${s}.ts_to_ms(t timestamptz) RETURNS bigint LANGUAGE sql STABLE STRICT
      AS $fn$ SELECT (extract(epoch FROM t) * 1000)::bigint $fn$;

    -- Appends the events of several stream writes in one go (the caller's transaction, or its own when
    -- called outside one). Expected versions: -1 any, -2 no_stream, -3 stream_exists, n >= 0 exact.
    -- Returns status 'ok' (written), 'conflict' (nothing written; actual holds the current versions, and
    -- ids_known whether any of p_ids is stored: if none is, the append is not a retry and the conflict is
    -- final) or 'read_committed_required' (nothing done: the lock-then-read order below needs READ COMMITTED).
    CREATE FUNCTION ${s}.append_events(
      p_streams         text[],
      p_expected        bigint[],
      p_event_writes    integer[],
      p_ids             text[],
      p_types           text[],
      p_schema_versions integer[],
      p_data            text[],
      p_metadata        text[],
      p_now_ms          bigint,
      p_lock_timeout_ms integer,
      OUT status         text,
      OUT actual         bigint[],
      OUT first_position bigint,
      OUT recorded_at_ms bigint,
      OUT ids_known      boolean
    ) LANGUAGE plpgsql AS $fn$
    DECLARE
      v_head  bigint;
      v_last  timestamptz;
      v_at    timestamptz;
      v_count integer := coalesce(cardinality(p_ids), 0);
    BEGIN
      IF current_setting('transaction_isolation') <> 'read committed' THEN
        status := 'read_committed_required';
        RETURN;
      END IF;
      PERFORM set_config('lock_timeout', p_lock_timeout_ms::text || 'ms', true);
      -- The append lock, held until commit.
      SELECT h.position, h.recorded_at INTO v_head, v_last FROM ${s}.log_head h FOR UPDATE;
      -- A new statement, so a new snapshot: it sees every append committed before the lock was granted.
      SELECT coalesce(array_agg(coalesce(st.version, 0) ORDER BY w.ord), '{}') INTO actual
        FROM unnest(p_streams) WITH ORDINALITY AS w(stream_id, ord)
        LEFT JOIN ${s}.streams st ON st.stream_id = w.stream_id;
      IF EXISTS (
        SELECT 1 FROM unnest(p_expected, actual) AS x(expected_version, current_version)
         WHERE NOT (x.expected_version = -1
                 OR (x.expected_version = -2 AND x.current_version = 0)
                 OR (x.expected_version = -3 AND x.current_version > 0)
                 OR x.expected_version = x.current_version)
      ) THEN
        status := 'conflict';
        ids_known := EXISTS (SELECT 1 FROM ${s}.events e WHERE e.id = ANY (p_ids));
        RETURN;
      END IF;
      status := 'ok';
      IF v_count = 0 THEN
        RETURN;
      END IF;
      -- recordedAt: the caller's clock (or the server's), never earlier than the last one, taken under the lock.
      v_at := CASE WHEN p_now_ms IS NULL THEN date_trunc('milliseconds', clock_timestamp()) ELSE ${s}.ms_to_ts(p_now_ms) END;
      IF v_last IS NOT NULL AND v_last > v_at THEN
        v_at := v_last;
      END IF;
      INSERT INTO ${s}.events (position, stream_id, version, id, type, schema_version, data, metadata, recorded_at)
      SELECT v_head + e.ord,
             p_streams[e.w],
             actual[e.w] + row_number() OVER (PARTITION BY e.w ORDER BY e.ord),
             e.id, e.type, e.schema_version, e.data::json, e.metadata::json, v_at
        FROM unnest(p_event_writes, p_ids, p_types, p_schema_versions, p_data, p_metadata)
             WITH ORDINALITY AS e(w, id, type, schema_version, data, metadata, ord);
      INSERT INTO ${s}.streams (stream_id, version)
      SELECT p_streams[e.w], actual[e.w] + count(*)
        FROM unnest(p_event_writes) AS e(w)
       GROUP BY e.w
      ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version;
      UPDATE ${s}.log_head SET position = v_head + v_count, recorded_at = v_at;
      first_position := v_head + 1;
      recorded_at_ms := ${s}.ts_to_ms(v_at);
    END
    $fn$;

    -- The last position recorded at or before a time: recordedAt is non-decreasing in position and positions
    -- are gap-free, so a binary search by primary key (about 20 lookups per million events, no index to keep).
    CREATE FUNCTION ${s}.position_at(p_ms bigint) RETURNS bigint LANGUAGE plpgsql STABLE AS $fn$
    DECLARE
      v_at  timestamptz := ${s}.ms_to_ts(p_ms);
      v_lo  bigint := 0;
      v_hi  bigint;
      v_mid bigint;
      v_t   timestamptz;
    BEGIN
      SELECT h.position INTO v_hi FROM ${s}.log_head h;
      WHILE v_lo < v_hi LOOP
        v_mid := (v_lo + v_hi + 1) / 2;
        SELECT e.recorded_at INTO v_t FROM ${s}.events e WHERE e.position = v_mid;
        IF v_t <= v_at THEN
          v_lo := v_mid;
        ELSE
          v_hi := v_mid - 1;
        END IF;
      END LOOP;
      RETURN v_lo;
    END
    $fn$;
  `;
}

/** Migrations by the version they produce; applied in order, all in one transaction. */
const MIGRATIONS: ReadonlyArray<{ readonly version: number; readonly description: string; readonly sql: (quotedSchema: string) => string }> = [
  { version: 1, description: 'events, streams, log_head, projections, append_events, position_at', sql: migration1 },
];

/**
 * The schema version this code writes (the highest row of `schema_migrations`).
 *
 * @example
 * ```ts
 * const { rows } = await pool.query('SELECT max(version) AS v FROM ntm_antt.schema_migrations');
 * rows[0].v === POSTGRES_SCHEMA_VERSION; // after postgresStore(pool)
 * ```
 */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * SQL that is true when `$1` is a schema holding a `schema_migrations` table. A plain query of the
 * catalog, not `to_regclass`: that reads the relation cache, which taking an advisory lock does not
 * refresh, so a second opener waiting on the migration lock would not see the tables the first created.
 *
 * @example
 * ```ts
 * const r = await pool.query({ text: `SELECT ${IS_STORE_SCHEMA_SQL}`, values: ['ntm_antt'], rowMode: 'array' });
 * ```
 */
export const IS_STORE_SCHEMA_SQL = `EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1::text AND c.relname = 'schema_migrations' AND c.relkind IN ('r', 'p'))`;

/** Reads the version recorded in the schema (0 when the schema or its table does not exist). */
async function schemaVersion(client: PostgresPoolClient, schema: string, quoted: string): Promise<number> {
  const exists = await client.query({ text: `SELECT ${IS_STORE_SCHEMA_SQL}`, values: [schema], rowMode: 'array' });
  if ((exists.rows[0] as [boolean])[0] !== true) return 0;
  const r = await client.query({ text: `SELECT coalesce(max(version), 0)::int FROM ${quoted}.schema_migrations`, rowMode: 'array' });
  return Number((r.rows[0] as [number])[0]);
}

function tooNew(where: string, schema: string, found: number): StoreUnavailableError {
  return new StoreUnavailableError(
    'schema_too_new',
    `PostgreSQL store ${where}: schema "${schema}" is at version ${found}, written by a newer ntm-antt (this one knows up to ${POSTGRES_SCHEMA_VERSION}); upgrade ntm-antt to open it`,
    { schema, found, known: POSTGRES_SCHEMA_VERSION },
  );
}

/**
 * Brings `schema` to {@link POSTGRES_SCHEMA_VERSION}, creating it if needed.
 * Concurrent openers serialise on an advisory lock; a schema written by a
 * newer ntm-antt is refused with `StoreUnavailableError('schema_too_new')`.
 *
 * @example
 * ```ts
 * const client = await pool.connect();
 * try { await migrate(client, 'ntm_antt', 'postgres://db/app'); } finally { client.release(); }
 * ```
 */
export async function migrate(client: PostgresPoolClient, schema: string, where: string): Promise<void> {
  const quoted = quoteSchema(schema);
  const current = await schemaVersion(client, schema, quoted);
  if (current > POSTGRES_SCHEMA_VERSION) throw tooNew(where, schema, current);
  if (current === POSTGRES_SCHEMA_VERSION) return;
  await client.query({ text: 'BEGIN' });
  try {
    await client.query({ text: `SELECT pg_advisory_xact_lock(hashtext('ntm-antt schema'), hashtext($1::text))`, values: [schema] });
    // Another process may have migrated while we waited for the lock.
    const locked = await schemaVersion(client, schema, quoted);
    if (locked > POSTGRES_SCHEMA_VERSION) throw tooNew(where, schema, locked);
    if (locked === 0) {
      // CREATE SCHEMA IF NOT EXISTS checks the CREATE privilege even when the schema exists: look first.
      const ns = await client.query({ text: 'SELECT 1 FROM pg_namespace WHERE nspname = $1', values: [schema] });
      if (ns.rows.length === 0) await client.query({ text: `CREATE SCHEMA ${quoted}` });
      await client.query({
        text: `CREATE TABLE ${quoted}.schema_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      });
    }
    for (const m of MIGRATIONS) {
      if (m.version <= locked) continue;
      await client.query({ text: m.sql(quoted) });
      await client.query({ text: `INSERT INTO ${quoted}.schema_migrations (version, description) VALUES ($1, $2)`, values: [m.version, m.description] });
    }
    await client.query({ text: 'COMMIT' });
  } catch (e) {
    await client.query({ text: 'ROLLBACK' }).catch(() => undefined);
    throw e;
  }
}
