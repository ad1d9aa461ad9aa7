/**
 * Errors of the command-line tool, their exit codes, and how they are shown:
 * one readable block on stderr (or one JSON line with `--json-errors`),
 * never a stack trace unless `--debug`.
 *
 * @module
 */
import {
  ConcurrencyError,
  DomainRuleError,
  EventIdConflictError,
  NotFoundError,
  NtmAnttError,
  StoreCorruptError,
  StoreUnavailableError,
  ValidationError,
  formatPath,
} from '../kernel/errors.js';
import { EXIT, type ExitCode } from './exit-codes.js';

/** One problem of an input file: where (line, column) and what. */
export interface InputProblem {
  /** Line in the file, the header being line 1 (`null` for problems of the whole file). */
  readonly line: number | null;
  /** CSV column the problem is about (`null` when it is about the whole row or file). */
  readonly field: string | null;
  /** Stable code (zod issue code, domain rule code, CSV parser code, or one of the tool's). */
  readonly code: string;
  readonly message: string;
}

/**
 * An error the tool reports with a chosen exit code.
 *
 * @example
 * ```ts
 * throw new CliError(EXIT.USAGE, 'bad_year', '--year must be a four-digit year', { hint: 'e.g. --year 2024' });
 * ```
 */
export class CliError extends Error {
  /** Exit code of the process. */
  readonly exitCode: ExitCode;
  /** Stable machine-readable code. */
  readonly code: string;
  /** Structured details (JSON-safe). */
  readonly details: Readonly<Record<string, unknown>>;
  /** Problems of an input file, in file order. */
  readonly problems: readonly InputProblem[];
  /** What to do about it. */
  readonly hint: string | undefined;

  constructor(exitCode: ExitCode, code: string, message: string, options: { details?: Record<string, unknown>; problems?: readonly InputProblem[]; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.code = code;
    this.details = options.details ?? {};
    this.problems = options.problems ?? [];
    this.hint = options.hint;
  }
}

/**
 * Bad arguments (exit code 2).
 *
 * @example
 * ```ts
 * throw new UsageError('input_not_found', `cannot read ${file}: no such file`);
 * ```
 */
export class UsageError extends CliError {
  constructor(code: string, message: string, options: { details?: Record<string, unknown>; hint?: string; cause?: unknown } = {}) {
    super(EXIT.USAGE, code, message, options);
  }
}

/**
 * An import file rejected as a whole (exit code 3): every problem is listed and nothing was written.
 *
 * @example
 * ```ts
 * throw new ImportRejectedError('incidents.csv', problems);
 * ```
 */
export class ImportRejectedError extends CliError {
  constructor(file: string, problems: readonly InputProblem[], options: { hint?: string; details?: Record<string, unknown>; fileLevel?: boolean } = {}) {
    // line 1 is the header: its problems, like those without a line, are problems of the whole file
    const rows = new Set(problems.filter((p) => p.line !== null && p.line > 1).map((p) => p.line)).size;
    const fileLevel = options.fileLevel === true || problems.some((p) => p.line === null || p.line === 1);
    const where = options.fileLevel === true ? 'the file' : [rows > 0 ? `${rows} row${rows === 1 ? '' : 's'}` : '', fileLevel ? 'the file' : ''].filter((s) => s !== '').join(' and ');
    super(EXIT.INVALID_INPUT, 'import_rejected', `${file} rejected: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${where}; nothing was imported (the store is unchanged)`, {
      problems,
      details: { file, ...options.details },
      hint:
        options.hint ??
        (fileLevel
          ? 'fix the file (encoding, header, quotes) and import it again; --skip-invalid skips invalid rows, not problems of the whole file'
          : 'fix the rows listed and import the file again, or import only the valid rows with --skip-invalid'),
    });
  }
}

/** An error classified for display. */
export interface ErrorReport {
  readonly exitCode: ExitCode;
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly problems: readonly InputProblem[];
  readonly hint: string | undefined;
}

const isStoreError = (e: unknown): e is NtmAnttError =>
  e instanceof StoreUnavailableError || e instanceof StoreCorruptError || (e instanceof Error && (e.name === 'StoreUnavailableError' || e.name === 'StoreCorruptError' || e.name === 'StoreClosedError'));

/**
 * Classifies any thrown value: its exit code, code, message and details.
 * `dbPath` is added to store errors that do not name it.
 *
 * @example
 * ```ts
 * classifyError(new DomainRuleError('incident_exists', 'incident 7: already recorded')).exitCode; // 5
 * ```
 */
export function classifyError(e: unknown, context: { readonly dbPath?: string; readonly busyTimeoutMs?: number } = {}): ErrorReport {
  if (e instanceof CliError) return { exitCode: e.exitCode, code: e.code, message: e.message, details: e.details, problems: e.problems, hint: e.hint };
  if (isStoreError(e)) {
    const path = typeof e.details['path'] === 'string' ? e.details['path'] : context.dbPath;
    // the adapter's advice names its option (busyTimeoutMs); the CLI's is --busy-timeout
    const locked = e.code === 'store_locked' ? `SQLite store ${path ?? ''}: another process held the database for longer than the busy timeout${context.busyTimeoutMs === undefined ? '' : ` (${context.busyTimeoutMs} ms)`}`.replace('store : ', 'store: ') : undefined;
    const message = locked ?? (path !== undefined && !e.message.includes(path) ? `${e.message} (database: ${path})` : e.message);
    return { exitCode: EXIT.STORE, code: e.code, message, details: { ...e.details, ...(path === undefined ? {} : { path }) }, problems: [], hint: storeHint(e.code, path) };
  }
  const sqliteCode = (e as { code?: unknown } | null)?.code;
  if (e instanceof Error && typeof sqliteCode === 'string' && sqliteCode.startsWith('SQLITE_')) {
    const path = context.dbPath;
    return { exitCode: EXIT.STORE, code: sqliteCode.toLowerCase(), message: `SQLite store ${path ?? ''}: ${e.message}`.replace('  ', ' '), details: path === undefined ? {} : { path }, problems: [], hint: storeHint(sqliteCode, path) };
  }
  if (e instanceof DomainRuleError) return { exitCode: EXIT.DOMAIN_RULE, code: e.code, message: e.message, details: e.details, problems: [], hint: undefined };
  if (e instanceof ConcurrencyError || e instanceof EventIdConflictError) return { exitCode: EXIT.DOMAIN_RULE, code: e.code, message: e.message, details: e.details, problems: [], hint: 'another writer changed the same data; run the command again' };
  if (e instanceof ValidationError) {
    const problems = e.issues.map((i) => ({ line: null, field: formatPath(i.path), code: i.code, message: i.message }));
    return { exitCode: EXIT.USAGE, code: e.code, message: `invalid arguments: ${e.entity}`, details: { entity: e.entity }, problems, hint: undefined };
  }
  if (e instanceof NotFoundError) return { exitCode: EXIT.USAGE, code: e.code, message: e.message, details: e.details, problems: [], hint: undefined };
  if (e instanceof NtmAnttError) return { exitCode: EXIT.UNEXPECTED, code: e.code, message: e.message, details: e.details, problems: [], hint: undefined };
  const message = e instanceof Error ? e.message : String(e);
  return { exitCode: EXIT.UNEXPECTED, code: 'unexpected_error', message: `unexpected error: ${message}`, details: {}, problems: [], hint: 'run again with --debug to see the stack trace, and report it if it persists' };
}

function storeHint(code: string, path: string | undefined): string | undefined {
  const p = path ?? 'PATH';
  switch (code) {
    case 'store_not_found':
      return `create it with: ntm-antt --db ${JSON.stringify(p)} init (or pass --db / set NTM_ANTT_DB to an existing database)`;
    case 'cannot_open':
      return 'check that the directory exists and is writable, or pass another --db';
    case 'not_a_database':
    case 'store_corrupt':
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return 'this file is not an ntm-antt database: pass the right --db, or restore the file from a backup';
    case 'store_locked':
    case 'SQLITE_BUSY':
      return 'another process holds the database; retry when it has finished, or wait longer with --busy-timeout <ms>';
    case 'store_read_only':
    case 'SQLITE_READONLY':
      return `make ${p} and its directory writable by this user (SQLite also writes -wal and -shm files next to it), or work on a copy`;
    case 'schema_too_new':
      return 'this database was written by a newer ntm-antt: upgrade ntm-antt (npm install ntm-antt@latest) before using it';
    case 'store_full':
    case 'SQLITE_FULL':
      return 'the disk is full: free space, then run the command again (nothing was written)';
    case 'store_io_error':
    case 'SQLITE_IOERR':
      return 'the disk reported an error: check the device, copy the file elsewhere, or restore it from a backup';
    default:
      return undefined;
  }
}

/** Formats a problem as `line 4, occurred_on: Invalid ISO date [invalid_format]`. */
function problemLine(p: InputProblem): string {
  const where = [p.line === null ? 'file' : `line ${p.line}`, p.field ?? ''].filter((s) => s !== '').join(', ');
  return `${where}: ${p.message} [${p.code}]`;
}

/**
 * The human-readable block written to stderr.
 *
 * @example
 * ```ts
 * io.stderr.write(formatErrorBlock(classifyError(e), { command: 'import incidents' }));
 * ```
 */
export function formatErrorBlock(report: ErrorReport, options: { readonly command?: string; readonly error?: unknown; readonly debug?: boolean } = {}): string {
  const head = `ntm-antt${options.command === undefined ? '' : ` ${options.command}`}: error: ${report.message}`;
  const lines = [head];
  for (const p of report.problems) lines.push(`  ${problemLine(p)}`);
  if (report.exitCode === EXIT.STORE && typeof report.details['path'] === 'string') lines.push(`  database: ${report.details['path']}`);
  if (report.hint !== undefined) lines.push(`hint: ${report.hint}`);
  lines.push(`(exit code ${report.exitCode}, ${report.code})`);
  if (options.debug === true && options.error !== undefined) lines.push('', stackOf(options.error));
  return `${lines.join('\n')}\n`;
}

/**
 * The JSON line written to stderr with `--json-errors`.
 *
 * @example
 * ```ts
 * JSON.parse(formatErrorJson(report)).error.problems[0].line; // 3
 * ```
 */
export function formatErrorJson(report: ErrorReport, options: { readonly command?: string; readonly error?: unknown; readonly debug?: boolean } = {}): string {
  const body = {
    exitCode: report.exitCode,
    code: report.code,
    message: report.message,
    ...(options.command === undefined ? {} : { command: options.command }),
    details: report.details,
    problems: report.problems,
    ...(report.hint === undefined ? {} : { hint: report.hint }),
    ...(options.debug === true && options.error !== undefined ? { stack: stackOf(options.error) } : {}),
  };
  return `${JSON.stringify({ error: body }, jsonSafe)}\n`;
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}

function stackOf(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; cur !== undefined && depth < 5; depth++) {
    parts.push(depth === 0 ? String((cur as Error)?.stack ?? cur) : `caused by: ${String((cur as Error)?.stack ?? cur)}`);
    cur = cur instanceof Error ? cur.cause : undefined;
  }
  return parts.join('\n');
}
