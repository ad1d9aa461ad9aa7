/**
 * How the CLI writes a file the user named (`report --out`, `lineage missing
 * --template`): never over the event store, and never half. The text goes to
 * a temporary file beside the target, which is renamed over it once complete,
 * so a write that fails (a full disk) leaves the previous file as it was.
 *
 * @module
 */
import { closeSync, openSync, readSync, renameSync, rmSync, writeFileSync, type PathLike } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

/** The file-system calls the writer uses (replaceable in tests, e.g. to simulate a full disk). */
export interface OutputFs {
  writeFileSync(path: string, data: string, encoding: 'utf8'): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string, options: { force: true }): void;
}

const nodeFs: OutputFs = { writeFileSync, renameSync, rmSync };

/** True when the file starts with SQLite's header (`SQLite format 3\0`): a database, whatever its name. */
function isSqliteFile(path: PathLike): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === 'SQLite format 3\u0000';
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Where an output goes and what it must not replace. */
export interface OutputOptions {
  /** The folder a relative path is resolved against. */
  readonly cwd: string;
  /** The option that named the file, for messages (`--out`). */
  readonly option: string;
  /** The event store's file, which an output must never replace. */
  readonly dbPath?: string;
}

/**
 * Refuses an output path that names the database, its `-wal`/`-shm`/`-journal`
 * files, or any SQLite file (checked before any work, and again on write).
 *
 * @returns the absolute path.
 * @throws UsageError `output_is_database` (exit code 2).
 * @example
 * ```ts
 * refuseDatabaseOutput('thanh-hoa.db', { cwd: '/data', option: '--out', dbPath: '/data/thanh-hoa.db' }); // throws
 * ```
 */
export function refuseDatabaseOutput(path: string, o: OutputOptions): string {
  const out = resolve(o.cwd, path);
  const db = o.dbPath === undefined ? undefined : resolve(o.cwd, o.dbPath);
  if (db !== undefined && [db, `${db}-wal`, `${db}-shm`, `${db}-journal`].includes(out)) {
    throw new UsageError('output_is_database', `${o.option} ${path} names the event store (${db}) or one of its files: choose another file; nothing was written`, { details: { out, db } });
  }
  if (isSqliteFile(out)) throw new UsageError('output_is_database', `${o.option} ${path} is an SQLite database: choose another file; nothing was written`, { details: { out } });
  return out;
}

/**
 * Writes `text` to `path` (resolved against `cwd`) all or nothing, after
 * refusing a path that names the database, its `-wal`/`-shm`/`-journal`
 * files, or any SQLite file. An existing file is replaced; a symbolic link
 * at `path` is replaced by the file, not followed.
 *
 * @returns the absolute path written.
 * @throws UsageError `output_is_database` or `output_unwritable` (exit code 2); nothing is changed.
 * @example
 * ```ts
 * writeOutput('bao-cao-2024.html', html, { cwd: process.cwd(), option: '--out', dbPath: '/data/thanh-hoa.db' });
 * ```
 */
export function writeOutput(path: string, text: string, o: OutputOptions & { readonly fs?: OutputFs }): string {
  const out = refuseDatabaseOutput(path, o);
  const fs = o.fs ?? nodeFs;
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.partial`);
  try {
    fs.writeFileSync(tmp, text, 'utf8');
    fs.renameSync(tmp, out);
  } catch (cause) {
    fs.rmSync(tmp, { force: true });
    throw new UsageError('output_unwritable', `cannot write ${o.option} ${path}: ${(cause as Error).message}; the file there before (if any) is unchanged`, { cause, details: { out } });
  }
  return out;
}
