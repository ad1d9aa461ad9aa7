/**
 * A {@link RangeFolder} for SQLite database files: each part of the log is
 * folded in its own worker thread, which opens the same file (WAL lets
 * readers run side by side) and loads the projections from a module.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RangeFolder, RangeFoldRequest, RangeFoldResult } from '../../src/kernel/index.js';

/** Options of {@link sqliteRangeFolder}. */
export interface SqliteRangeFolderOptions {
  /** The database file (a path; an in-memory database cannot be shared with workers). */
  readonly file: string;
  /** Module (file URL or absolute path) exporting a `ProjectionBundle` with the projections to fold. */
  readonly module: string | URL;
  /** Name of the bundle's export. Default `default`. */
  readonly exportName?: string;
  /** Worker threads (parts folded at once besides the calling thread). Default: cores − 1, at least 1. */
  readonly workers?: number;
  /** Fewest positions for splitting to be worth a worker's start-up. Default 100,000. */
  readonly minSpan?: number;
  /** Rows per read in the workers. Default 5,000. */
  readonly batchSize?: number;
}

/** What the worker is given. */
export interface SqliteRangeWorkerData {
  readonly file: string;
  readonly module: string;
  readonly exportName: string;
  readonly request: RangeFoldRequest;
  readonly batchSize: number;
}

/**
 * Folds parts of a SQLite-stored log in worker threads.
 *
 * @example
 * ```ts
 * import { sqliteRangeFolder, sqliteStore } from 'ntm-antt/sqlite';
 * import { READ_MODEL_BUNDLE, READ_MODEL_PROJECTIONS, runProjections } from 'ntm-antt';
 * const store = sqliteStore('ledger.db', { events: ledgerEvents });
 * await runProjections(store, READ_MODEL_PROJECTIONS, { rebuild: true, parallel: sqliteRangeFolder({ file: 'ledger.db', module: READ_MODEL_BUNDLE }) });
 * ```
 */
export function sqliteRangeFolder(options: SqliteRangeFolderOptions): RangeFolder {
  if (typeof options.file !== 'string' || options.file === '' || options.file === ':memory:') {
    throw new RangeError('sqliteRangeFolder: file must be the path of a database file (an in-memory database cannot be shared with worker threads)');
  }
  const module = options.module instanceof URL ? options.module.href : isAbsolute(options.module) ? pathToFileURL(options.module).href : options.module;
  if (!module.startsWith('file:')) throw new RangeError(`sqliteRangeFolder: module must be a file URL or an absolute path, got ${module}`);
  const workers = options.workers ?? Math.max(1, availableParallelism() - 1);
  if (!Number.isSafeInteger(workers) || workers < 1) throw new RangeError(`sqliteRangeFolder: workers must be an integer >= 1, got ${String(workers)}`);
  const base = { file: options.file, module, exportName: options.exportName ?? 'default', batchSize: options.batchSize ?? 5_000 };
  return {
    concurrency: workers,
    ...(options.minSpan === undefined ? {} : { minSpan: options.minSpan }),
    foldRange: (request) => runWorker({ ...base, request }),
  };
}

/** The worker script next to this file: `.ts` when running from source (under tsx), `.js` when built. */
const WORKER = new URL(`./sqlite-range-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/**
 * Running from source (tests, `tsx`): a worker does not inherit the
 * TypeScript loader, so a small bootstrap registers tsx and then imports the
 * worker script.
 */
function fromSource(): string {
  // the ESM entry of tsx's API, resolved from here (a bare specifier would resolve from the working directory)
  const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const fail = `require('node:worker_threads').parentPort.postMessage({ ok: false, error: { code: 'worker_failed', message: 'could not load the worker from source: ' + String(e) } })`;
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER.href)}); }).catch((e) => { ${fail}; });`;
}

function runWorker(data: SqliteRangeWorkerData): Promise<RangeFoldResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: RangeFoldResult) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    let worker: Worker;
    try {
      worker = WORKER.pathname.endsWith('.ts') ? new Worker(fromSource(), { eval: true, workerData: data }) : new Worker(WORKER, { workerData: data });
    } catch (e) {
      done({ ok: false, error: { code: 'worker_failed', message: `could not start a worker: ${(e as Error).message}` } });
      return;
    }
    worker.once('message', (r: RangeFoldResult) => done(r));
    worker.once('error', (e) => done({ ok: false, error: { code: 'worker_failed', message: `worker for positions ${data.request.fromPosition}–${data.request.toPosition} failed: ${e.message}` } }));
    worker.once('exit', (code) => done({ ok: false, error: { code: 'worker_failed', message: `worker for positions ${data.request.fromPosition}–${data.request.toPosition} exited with code ${code} before answering` } }));
  });
}
