// The full contract suite, no case skipped, against PostgreSQL. Every store
// gets its own schema on one shared pool (cheap: the model-based test opens
// 200 stores); all of them are dropped at the end.
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import { dropPostgresSchema, postgresStore } from '../../adapters/postgres/index.js';
import { describeEventStoreContract } from '../../src/testing/index.js';
import { PG_URL, SKIP_REASON, testSchema, warnIfSkipped } from '../postgres/support.js';

warnIfSkipped();

if (PG_URL === undefined) {
  describe.skip('event store contract: postgres', () => {
    it(`skipped: ${SKIP_REASON}`, () => undefined);
  });
} else {
  const pool = new pg.Pool({ connectionString: PG_URL, max: 8 });
  const schemas: string[] = [];
  afterAll(async () => {
    try {
      for (const schema of schemas) await dropPostgresSchema(pool, schema);
    } finally {
      await pool.end();
    }
  });
  describeEventStoreContract('postgres', ({ clock, events }) => {
    const schema = testSchema('contract');
    schemas.push(schema);
    return postgresStore(pool, { clock, events, schema, pollIntervalMs: 20 });
  });
}
