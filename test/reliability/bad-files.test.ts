// Issue #7, bad files and environments: a damaged database, a file that is not SQLite, another application's SQLite
// database, a read-only file and a read-only directory, a database locked past the busy timeout, a newer schema.
// Each gives a typed error (an NtmAnttError with a stable code) that names the path and says what to do, and the file
// is byte-identical afterwards.
import { accessSync, chmodSync, closeSync, constants, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStore, type SqliteDatabase } from '../../adapters/sqlite/index.js';
import { NtmAnttError, manualClock, type EventStore } from '../../src/kernel/index.js';
import { FIXTURES, SETPRIV, figure, spawnTs, tempDir } from './support.js';

const tmp = tempDir('ntm-bad-files-');
afterAll(() => {
  // the read-only directories must become writable again to be removed
  for (const d of ['rodir', 'rofile']) if (existsSync(join(tmp.dir, d))) chmodSync(join(tmp.dir, d), 0o755);
  tmp.cleanup();
});
let n = 0;
const fresh = (name: string) => join(tmp.dir, `${++n}-${name}`);
const bytes = (file: string) => readFileSync(file);

/** A typed error: an NtmAnttError with a stable code, naming `path` in its message and details. */
function expectTyped(e: unknown, path: string, code: string | readonly string[], advice: RegExp): NtmAnttError {
  expect(e, `expected a typed error, got ${String(e)}`).toBeInstanceOf(NtmAnttError);
  const err = e as NtmAnttError;
  expect(typeof code === 'string' ? [code] : code).toContain(err.code);
  expect(err.details['path']).toBe(path);
  expect(err.message).toContain(path);
  expect(err.message).toMatch(advice);
  return err;
}

function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

async function rejected(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

/** A valid store, closed cleanly (WAL checkpointed into the file, no -wal left), with deterministic content. */
async function validDatabase(file: string, batches = 200): Promise<void> {
  const store = sqliteStore(file, { clock: manualClock('2024-01-01T00:00:00Z') });
  for (let i = 0; i < batches; i++) await store.append(`s-${i % 7}`, Array.from({ length: 10 }, (_, k) => ({ id: `e-${i}-${k}`, type: 'T', data: { i, k, pad: 'x'.repeat(200) } })));
  await store.projections.save({ name: 'p', version: 1, checkpoint: 5, state: { n: 5 }, status: { kind: 'ok' }, updatedAt: '2024-01-01T00:00:00.000Z' });
  await store.close();
  expect(existsSync(`${file}-wal`)).toBe(false);
}

async function serialise(store: EventStore): Promise<string> {
  const parts: string[] = [];
  for await (const e of store.readAll({ raw: true })) parts.push(JSON.stringify(e));
  return parts.join('\n');
}

async function readAllSerialised(file: string): Promise<string> {
  const store = sqliteStore(file);
  try {
    return await serialise(store);
  } finally {
    await store.close();
  }
}

async function readEverything(store: EventStore): Promise<number> {
  let count = 0;
  for await (const _ of store.readAll({ batchSize: 97 })) count++;
  for (let s = 0; s < 7; s++) for await (const _ of store.readStream(`s-${s}`)) count++;
  await store.positionAt('2030-01-01T00:00:00Z');
  await store.projections.list();
  return count;
}

describe('bad files and environments', { timeout: 120_000 }, () => {
  it('a file that is not SQLite: not_a_database, naming the path; the file is untouched', () => {
    for (const content of ['id,name\n1,a\n', 'x'.repeat(10_000), '\u0000'.repeat(4096)]) {
      const file = fresh('notes.txt');
      writeFileSync(file, content);
      const before = bytes(file);
      expectTyped(thrown(() => sqliteStore(file)), file, 'not_a_database', /restore it from a backup or choose another path/);
      expect(bytes(file).equals(before)).toBe(true);
    }
  });

  it("another application's SQLite database: refused (not_a_database), no ntm-antt table added, not switched to WAL", () => {
    const file = fresh('places.sqlite');
    const db = new Database(file);
    db.exec("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places (url) VALUES ('https://example.org')");
    db.close();
    const before = bytes(file);
    expectTyped(thrown(() => sqliteStore(file)), file, 'not_a_database', /another application.*left as it is/);
    expect(bytes(file).equals(before)).toBe(true);
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['moz_places']);
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('a schema written by a newer ntm-antt (WAL or rollback journal): schema_too_new, naming the path; the file is untouched', async () => {
    for (const mode of ['wal', 'delete'] as const) {
      const file = fresh(`newer-${mode}.db`);
      await validDatabase(file, 3);
      const db = new Database(file);
      db.pragma(`journal_mode = ${mode}`);
      db.pragma('user_version = 99');
      db.close();
      const before = bytes(file);
      const err = expectTyped(thrown(() => sqliteStore(file)), file, 'schema_too_new', /upgrade ntm-antt/);
      expect(err.details).toMatchObject({ found: 99, known: 1 });
      expect(bytes(file).equals(before), `${mode}: byte-identical`).toBe(true);
    }
  });

  it('a damaged database (pages overwritten, file truncated): opening gives a typed error or opens; nothing changes the file', async () => {
    const started = Date.now();
    const base = fresh('valid.db');
    await validDatabase(base);
    const original = await readAllSerialised(base);
    const pageSize = 4096;
    const pages = statSync(base).size / pageSize;
    const outcomes = new Map<string, number>();
    const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    let cases = 0;
    const damages: Array<{ name: string; apply: (file: string) => void }> = [];
    for (let page = 0; page < pages; page++) {
      // every page zeroed and given 128 bytes of noise; every other page also set to 0xff
      for (const pattern of (['zeros', 'ones', 'noise'] as const).filter((p) => p !== 'ones' || page % 2 === 0)) {
        damages.push({
          name: `page ${page} ${pattern}`,
          apply: (file) => {
            const fd = openSync(file, 'r+');
            const buf = pattern === 'noise' ? Buffer.from(Array.from({ length: 128 }, (_, i) => (i * 7919 + page * 31) & 0xff)) : Buffer.alloc(pageSize, pattern === 'zeros' ? 0 : 0xff);
            writeSync(fd, buf, 0, buf.length, page * pageSize + (pattern === 'noise' ? 1000 : 0));
            closeSync(fd);
          },
        });
      }
    }
    // letters changed in place inside a payload: still valid JSON, so only a checksum could tell
    damages.push({
      name: 'ten letters of a payload changed',
      apply: (file) => {
        const content = bytes(file);
        const at = content.indexOf('x'.repeat(200), Math.floor(content.length / 2));
        content.fill('y'.charCodeAt(0), at + 50, at + 60);
        writeFileSync(file, content);
      },
    });
    for (const fraction of [0.1, 0.5, 0.9]) damages.push({ name: `truncated to ${fraction}`, apply: (file) => writeFileSync(file, bytes(file).subarray(0, Math.floor(pages * fraction) * pageSize)) });

    for (const damage of damages) {
      cases++;
      const file = fresh('damaged.db');
      copyFileSync(base, file);
      damage.apply(file);
      const before = bytes(file);
      let store: EventStore | undefined;
      try {
        store = sqliteStore(file);
      } catch (e) {
        expectTyped(e, file, ['not_a_database', 'store_corrupt'], /backup/);
        count(`open refused (${(e as NtmAnttError).code})`);
      }
      if (store !== undefined) {
        try {
          await readEverything(store);
          // SQLite keeps no checksums: damage inside a JSON string that still parses reads back changed
          count((await serialise(store)) === original ? 'opened, every read succeeded with the original content' : 'opened, every read succeeded but a payload changed silently (no checksums)');
        } catch (e) {
          if (!(e instanceof NtmAnttError)) expect.fail(`${damage.name}: untyped read error ${String(e)}`);
          expectTyped(e, file, ['store_corrupt', 'not_a_database', 'store_failed', 'store_io_error'], /backup|retry|check/);
          count(`opened, a read failed with a typed error (${e.code})`);
        }
        await store.close();
      }
      expect(bytes(file).equals(before), `${damage.name}: opening and reading changed the file`).toBe(true);
      // a write attempt on the damaged file: typed error, or accepted when the damage is off its path
      let writer: EventStore | undefined;
      try {
        writer = sqliteStore(file);
      } catch {
        // refused at open, as above
      }
      if (writer !== undefined) {
        try {
          await writer.append('s-1', [{ type: 'T', data: { late: true } }]);
          count('write accepted (damage off the write path)');
        } catch (e) {
          if (!(e instanceof NtmAnttError)) expect.fail(`${damage.name}: untyped write error ${String(e)}`);
          expectTyped(e, file, ['store_corrupt', 'not_a_database', 'store_failed', 'store_io_error'], /backup|retry|check/);
          count(`write refused with a typed error (${e.code})`);
          await writer.close();
          expect(bytes(file).equals(before), `${damage.name}: a refused write changed the file`).toBe(true);
          continue;
        }
        await writer.close();
      }
    }
    figure(
      `damaged database: ${cases} damages of a ${pages}-page file (every page zeroed and given 128 bytes of noise, every other page set to 0xff; ten letters of a payload changed; three truncations): ` +
        [...outcomes].map(([k, v]) => `${k} ${v}`).join(', ') +
        `; the file byte-identical after every open, read and refused write; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });

  it('a read that meets a damaged page gets store_corrupt naming the path, with advice (was defect D4)', async () => {
    const base = fresh('valid-d5.db');
    await validDatabase(base);
    const file = fresh('damaged-d5.db');
    copyFileSync(base, file);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0), 0, 4096, 100 * 4096); // a leaf page of the events table in the middle
    closeSync(fd);
    const store = sqliteStore(file);
    try {
      const e = await rejected(() => readEverything(store));
      expectTyped(e, file, 'store_corrupt', /backup/);
    } finally {
      await store.close();
    }
  });

  it('a projection save on a read-only database gets store_read_only naming the path (was defect D4)', async () => {
    const file = fresh('readonly-d5.db');
    await validDatabase(file, 2);
    const store = sqliteStore(() => new Database(file, { readonly: true }) as unknown as SqliteDatabase);
    try {
      expectTyped(await rejected(() => store.append('s-1', [{ type: 'T', data: {} }])), file, 'store_read_only', /writable/); // mapped
      const e = await rejected(() => store.projections.save({ name: 'p', version: 1, checkpoint: 0, state: {}, status: { kind: 'ok' }, updatedAt: '2024-01-01T00:00:00.000Z' }));
      expectTyped(e, file, 'store_read_only', /writable/); // not mapped: a raw SqliteError (SQLITE_READONLY)
    } finally {
      await store.close();
    }
  });

  it('a damaged recorded_at of the last event makes appends fail with store_corrupt, not a RangeError (was defect D5)', async () => {
    const file = fresh('recorded-at-d6.db');
    await validDatabase(file, 2);
    const db = new Database(file);
    db.prepare("UPDATE events SET recorded_at = '20x4-13-99' WHERE position = (SELECT MAX(position) FROM events)").run();
    db.close();
    const store = sqliteStore(file);
    try {
      expectTyped(await rejected(() => store.append('s-1', [{ type: 'T', data: {} }])), file, 'store_corrupt', /backup/);
    } finally {
      await store.close();
    }
  });

  it('a missing directory, and a path that is a directory: cannot_open, naming the path', () => {
    const missing = join(tmp.dir, 'no-such-dir', 'x.db');
    expectTyped(thrown(() => sqliteStore(missing)), missing, 'cannot_open', /directory exists/);
    expect(existsSync(join(tmp.dir, 'no-such-dir'))).toBe(false);
    const dir = join(tmp.dir, 'a-directory');
    mkdirSync(dir);
    expectTyped(thrown(() => sqliteStore(dir)), dir, 'cannot_open', /names a file/);
    // a factory that throws is mapped too
    const e = thrown(() => sqliteStore(() => new Database(missing, { fileMustExist: true }) as unknown as SqliteDatabase));
    expect(e).toBeInstanceOf(NtmAnttError);
    expect((e as NtmAnttError).code).toBe('cannot_open');
  });

  it('a read-only file and a read-only directory: reads work where SQLite can, writes give store_read_only naming the path; the file is untouched', async () => {
    // Root ignores file permissions. Find out whether they are enforced here; if not, run the checks in a child
    // process without the capabilities that let root ignore them (setpriv: still root, so it can enter a project
    // folder only root may enter, as a fresh CI clone in a mktemp folder is), or else as an unprivileged user
    // (uid 65534, which needs a project folder others may read), and if neither is possible, simulate with a
    // read-only open.
    const probe = fresh('probe.txt');
    writeFileSync(probe, 'x');
    chmodSync(probe, 0o444);
    let enforced = true;
    try {
      accessSync(probe, constants.W_OK);
      enforced = false;
    } catch {
      enforced = true;
    }
    const isRoot = process.getuid?.() === 0;
    const dropCaps = !enforced && isRoot && SETPRIV !== undefined;
    const how = enforced
      ? 'in this process (permissions are enforced for this user)'
      : dropCaps
        ? 'in a child process without CAP_DAC_OVERRIDE (setpriv; this process is root, and root bypasses file permissions)'
        : isRoot
          ? 'in a child process running as uid 65534 (this process is root, and root bypasses file permissions)'
          : 'by opening read-only (permissions are not enforced and this process cannot change user)';
    figure(`read-only file and directory: checked ${how}`);

    const rofile = join(tmp.dir, 'rofile');
    const rodir = join(tmp.dir, 'rodir');
    mkdirSync(rofile);
    mkdirSync(rodir);
    const fileInRofile = join(rofile, 'a.db');
    const fileInRodir = join(rodir, 'a.db');
    await validDatabase(fileInRofile, 5);
    await validDatabase(fileInRodir, 5);
    chmodSync(rofile, 0o777); // the directory is writable (SQLite may create -shm there), the file is not
    chmodSync(fileInRofile, 0o444);
    chmodSync(fileInRodir, 0o666); // the file is writable, the directory is not
    chmodSync(rodir, 0o555);
    const before = { rofile: bytes(fileInRofile), rodir: bytes(fileInRodir) };

    type Outcome = { ok: true; value?: unknown } | { ok: false; name: string; code: string | undefined; message: string; path: unknown };
    const probeIt = async (file: string): Promise<Record<string, Outcome>> => {
      if (!enforced && isRoot) {
        const child = spawnTs(join(FIXTURES, 'open-probe.ts'), [file], dropCaps ? { withoutDacOverride: true } : { uid: 65534, gid: 65534, env: { HOME: tmp.dir } });
        const end = await child.exited;
        expect(end.code, end.stderr).toBe(0);
        const report = JSON.parse(child.lines[child.lines.length - 1]!) as Record<string, Outcome>;
        if (dropCaps) {
          // the child really runs without the two capabilities (bits 1 and 2 of its effective set)
          const capEff = report['capEff'] as { ok: true; value: string };
          expect(BigInt(`0x${capEff.value}`) & 0x6n).toBe(0n);
        } else expect(report['uid']).toEqual({ ok: true, value: 65534 });
        return report;
      }
      const outcome = async (work: () => Promise<unknown>): Promise<Outcome> => {
        try {
          return { ok: true, value: await work() };
        } catch (e) {
          const x = e as NtmAnttError;
          return { ok: false, name: x.name, code: x.code, message: x.message, path: x.details?.['path'] };
        }
      };
      const report: Record<string, Outcome> = {};
      let store: EventStore | undefined;
      const open = enforced ? () => sqliteStore(file, { busyTimeoutMs: 200 }) : () => sqliteStore(() => new Database(file, { readonly: true }) as unknown as SqliteDatabase, { busyTimeoutMs: 200 });
      report['open'] = await outcome(async () => void (store = open()));
      if (store !== undefined) {
        const s = store;
        report['read'] = await outcome(() => readEverything(s));
        report['append'] = await outcome(() => s.append('probe', [{ type: 'Probe', data: {} }]));
        report['saveProjection'] = await outcome(() => s.projections.save({ name: 'probe', version: 1, checkpoint: 0, state: {}, status: { kind: 'ok' }, updatedAt: '2024-01-01T00:00:00.000Z' }));
        await s.close();
      }
      return report;
    };

    const results: Record<string, Record<string, Outcome>> = { 'read-only file': await probeIt(fileInRofile), 'read-only directory': await probeIt(fileInRodir) };
    for (const [what, report] of Object.entries(results)) {
      const file = what === 'read-only file' ? fileInRofile : fileInRodir;
      // either the open is refused, or reads work and every write is refused, with store_read_only naming the path
      const steps = ['open', 'append'].map((k) => report[k]).filter((o): o is Outcome => o !== undefined);
      const refusal = steps.find((o) => !o.ok) as Extract<Outcome, { ok: false }> | undefined;
      expect(refusal, `${what}: ${JSON.stringify(report)}`).toBeDefined();
      expect(refusal!.code, `${what}: ${JSON.stringify(report)}`).toBe('store_read_only');
      expect(refusal!.path).toBe(file);
      expect(refusal!.message).toMatch(/let this user write the file and its directory/);
      if (report['open']!.ok) expect(report['read']!.ok, `${what}: reads work on a read-only store`).toBe(true);
      figure(`${what}: ${Object.entries(report).filter(([k]) => k !== 'uid' && k !== 'capEff').map(([k, o]) => `${k} ${o.ok ? 'ok' : o.code}`).join(', ')}`);
    }
    chmodSync(rodir, 0o755);
    expect(bytes(fileInRofile).equals(before.rofile)).toBe(true);
    expect(bytes(fileInRodir).equals(before.rodir)).toBe(true);
  });

  it('a database locked by another process past the busy timeout: store_locked naming the path, then works once released', async () => {
    // WAL: another process holds the write lock (BEGIN EXCLUSIVE); readers still read, a writer times out
    const wal = fresh('locked-wal.db');
    await validDatabase(wal, 5);
    const walBefore = bytes(wal);
    const holder = spawnTs(join(FIXTURES, 'lock-holder.ts'), [wal, 'wal']);
    await holder.waitForLine((l) => l === 'locked');
    const store = sqliteStore(wal, { busyTimeoutMs: 300 });
    expect(await readEverything(store)).toBeGreaterThan(0);
    const t0 = Date.now();
    expectTyped(await rejected(() => store.append('s-1', [{ type: 'T', data: {} }])), wal, 'store_locked', /retry when that process has finished, or raise busyTimeoutMs/);
    const waited = Date.now() - t0;
    expect(bytes(wal).equals(walBefore), 'the refused append changed the file').toBe(true);
    expect(waited).toBeGreaterThanOrEqual(250);
    holder.kill();
    await holder.exited;
    expect((await store.append('s-1', [{ type: 'T', data: { after: 'release' } }])).nextExpectedVersion).toBeGreaterThan(1);
    await store.close();
    expect(bytes(wal).equals(walBefore)).toBe(false); // the append after the release went through

    // rollback journal: the exclusive lock keeps even readers out, so opening times out
    const del = fresh('locked-delete.db');
    await validDatabase(del, 5);
    const relock = new Database(del);
    relock.pragma('journal_mode = DELETE');
    relock.close();
    const delBefore = bytes(del);
    const holder2 = spawnTs(join(FIXTURES, 'lock-holder.ts'), [del, 'delete']);
    await holder2.waitForLine((l) => l === 'locked');
    const t1 = Date.now();
    expectTyped(thrown(() => sqliteStore(del, { busyTimeoutMs: 300 })), del, 'store_locked', /raise busyTimeoutMs/);
    const waitedOpen = Date.now() - t1;
    holder2.kill();
    await holder2.exited;
    expect(bytes(del).equals(delBefore)).toBe(true);
    const reopened = sqliteStore(del);
    expect(await reopened.headPosition()).toBe(50);
    await reopened.close();
    figure(`locked database: WAL file: reads go on, an append gives store_locked after ${waited} ms (busy timeout 300 ms); rollback-journal file: opening gives store_locked after ${waitedOpen} ms; both work once the lock is released`);
  });
});
