// Issue #16, item 9: a file the CLI writes never replaces the event store and
// is never left half written.
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/errors.js';
import { writeOutput, type OutputFs } from '../../src/cli/write-output.js';

const dir = mkdtempSync(join(tmpdir(), 'ntm-antt-write-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Node's fs, but a write stops after `bytes` bytes with ENOSPC, as on a full disk. */
function fullDisk(bytes: number): OutputFs {
  return {
    writeFileSync(path, data) {
      writeFileSync(path, data.slice(0, bytes), 'utf8');
      throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC' });
    },
    renameSync: (from, to) => renameSync(from, to),
    rmSync: (path, o) => rmSync(path, o),
  };
}

describe('writeOutput', () => {
  it('given a good report in place, when the next write fails midway (ENOSPC), then the previous file is intact and no partial file is left', () => {
    const out = join(dir, 'bao-cao.html');
    writeOutput(out, '<html>the good report</html>', { cwd: dir, option: '--out' });
    let error: unknown;
    try {
      writeOutput(out, '<html>a new report that does not fit</html>', { cwd: dir, option: '--out', fs: fullDisk(10) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toMatch(/cannot write --out .*ENOSPC.*unchanged/);
    expect(readFileSync(out, 'utf8')).toBe('<html>the good report</html>');
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('refuses the database and its -wal, -shm and -journal files, before writing anything', () => {
    const db = join(dir, 'store.db');
    for (const path of [db, `${db}-wal`, `${db}-shm`, `${db}-journal`]) {
      expect(() => writeOutput(path, 'x', { cwd: dir, option: '--out', dbPath: 'store.db' }), path).toThrow(/names the event store/);
      expect(existsSync(path)).toBe(false);
    }
  });

  it('refuses any file that is an SQLite database, whatever its name', () => {
    const other = join(dir, 'other.html');
    writeFileSync(other, Buffer.concat([Buffer.from('SQLite format 3\u0000', 'latin1'), Buffer.alloc(84)]));
    expect(() => writeOutput(other, 'x', { cwd: dir, option: '--out' })).toThrow(/is an SQLite database/);
    expect(readFileSync(other).subarray(0, 6).toString('latin1')).toBe('SQLite');
  });
});
