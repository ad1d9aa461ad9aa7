/**
 * The province database of the query benchmark: the demo's Thanh Hóa
 * 2019-2025 ledger (~55,000 events of province '38', plan
 * 'th-antt-2022-2025', read models saved), created once into the OS temp
 * folder by `runDemo` and reused by every later bench run.
 * Prints one JSON line: { file, events, generated }.
 *   node --import tsx test/bench/province-db.ts
 * It is written to a `.partial` file first and renamed when complete, so an
 * interrupted run never leaves a half-made database to be reused.
 */
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from '../../src/demo/run-demo.js';

/** The province database's file (bump the version when the demo's data changes). */
const PROVINCE_DB = join(tmpdir(), 'ntm-antt-bench-province-v1.db');

let generated = false;
if (!existsSync(PROVINCE_DB)) {
  const partial = `${PROVINCE_DB}.partial`;
  for (const ext of ['', '-wal', '-shm']) rmSync(`${partial}${ext}`, { force: true });
  const reportsDir = mkdtempSync(join(tmpdir(), 'ntm-antt-bench-demo-reports-'));
  process.stderr.write(`  generating the province database ${PROVINCE_DB} with the demo (once, ~20 s)…\n`);
  try {
    await runDemo({ db: partial, reportsDir, log: () => {} });
  } finally {
    rmSync(reportsDir, { recursive: true, force: true });
  }
  renameSync(partial, PROVINCE_DB);
  for (const ext of ['-wal', '-shm']) rmSync(`${partial}${ext}`, { force: true });
  generated = true;
}
const { default: Database } = await import('better-sqlite3');
const db = new Database(PROVINCE_DB, { readonly: true });
const events = (db.prepare('SELECT MAX(position) AS head FROM events').get() as { head: number | null }).head ?? 0;
db.close();
process.stdout.write(JSON.stringify({ file: PROVINCE_DB, events, generated }) + '\n');
