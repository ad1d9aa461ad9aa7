// Shared by the PostgreSQL tests: the server to use (NTM_ANTT_PG_URL), the skip
// message when there is none, and a fresh schema name per store or test run.
import { randomBytes } from 'node:crypto';

/** The server the PostgreSQL tests use, or undefined: they are then reported as skipped. */
export const PG_URL: string | undefined = process.env['NTM_ANTT_PG_URL'] || undefined;

export const SKIP_REASON = 'NTM_ANTT_PG_URL not set: PostgreSQL adapter tests skipped; set it to a server, e.g. postgres://postgres@127.0.0.1:5432/test';

/** Says once per test file why the PostgreSQL tests do not run. */
export function warnIfSkipped(): void {
  if (PG_URL === undefined) console.warn(SKIP_REASON);
}

/** A schema name no other run uses: `ntm_antt_test_<label>_<random>`. */
export function testSchema(label: string): string {
  return `ntm_antt_test_${label}_${randomBytes(5).toString('hex')}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
