import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, sqliteStore, type SqliteDatabase } from '../../adapters/sqlite/index.js';
import type { StoredEvent } from '../../src/kernel/index.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ntm-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `s-${++n}.db`);

describe('SQLite adapter', () => {
  it('opens a path, an open database, or a factory; closes only what it opened', async () => {
    const file = fresh();
    const a = sqliteStore(file);
    await a.append('x', [{ type: 'T', data: { v: 1 } }]);
    await a.close();

    const db = new Database(file) as unknown as SqliteDatabase;
    const b = sqliteStore(db);
    expect(await b.headPosition()).toBe(1);
    await b.close();
    expect(db.open).toBe(true); // the caller's database stays open
    db.close();

    let made: SqliteDatabase | undefined;
    const c = sqliteStore(() => (made = new Database(file) as unknown as SqliteDatabase));
    expect(await c.streamVersion('x')).toBe(1);
    await c.close();
    expect(made!.open).toBe(false);
  });

  it('sets WAL, synchronous=NORMAL, busy_timeout and the schema version', async () => {
    const file = fresh();
    const db = new Database(file);
    const store = sqliteStore(db as unknown as SqliteDatabase, { busyTimeoutMs: 1234 });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['events', 'projections', 'streams']));
    await store.close();
    db.close();
  });

  it('keeps events, stream versions and projection states across reopen', async () => {
    const file = fresh();
    const a = sqliteStore(file);
    await a.append('x', [{ type: 'T', data: { v: 1 } }, { type: 'T', data: { v: 2 } }]);
    await a.projections.save({ name: 'p', version: 1, checkpoint: 2, state: { n: 2 }, status: { kind: 'ok' }, updatedAt: '2024-01-01T00:00:00.000Z' });
    await a.close();
    const b = sqliteStore(file);
    expect(await b.streamVersion('x')).toBe(2);
    expect(await b.projections.load('p')).toMatchObject({ checkpoint: 2, state: { n: 2 } });
    await expect(b.append('x', [{ type: 'T', data: {} }], { expectedVersion: 'no_stream' })).rejects.toMatchObject({ actual: 2 });
    await b.close();
  });

  it('refuses a database written by a newer schema, naming the path', async () => {
    const file = fresh();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => sqliteStore(file)).toThrow(expect.objectContaining({ code: 'schema_too_new', details: expect.objectContaining({ path: file }) }));
  });

  it('refuses a file that is not SQLite, naming the path, and leaves it as it was', () => {
    const file = fresh();
    writeFileSync(file, 'this is not a database, but a CSV,file\n'.repeat(200));
    expect(() => sqliteStore(file)).toThrow(expect.objectContaining({ code: 'not_a_database', details: { path: file } }));
  });

  it('a live subscription sees appends made by another process (polling)', async () => {
    const file = fresh();
    const store = sqliteStore(file, { pollIntervalMs: 20 });
    await store.append('x', [{ type: 'T', data: { v: 0 } }]);
    const seen: StoredEvent[] = [];
    const sub = store.subscribe((e) => void seen.push(e));
    await sub.caughtUp();
    const script = `import { sqliteStore } from './adapters/sqlite/index.ts';
      const s = sqliteStore(${JSON.stringify(file)});
      for (let i = 1; i <= 5; i++) await s.append('y', [{ type: 'T', data: { v: i } }]);
      await s.close();`;
    await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
    await sub.caughtUp(6);
    expect(seen.map((e) => [e.position, e.streamId])).toEqual([
      [1, 'x'],
      [2, 'y'],
      [3, 'y'],
      [4, 'y'],
      [5, 'y'],
      [6, 'y'],
    ]);
    await store.close();
  }, 60_000);
});
