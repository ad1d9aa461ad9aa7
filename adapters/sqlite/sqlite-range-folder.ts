/**
 * A {@link RangeFolder} for SQLite database files: each part of the log is
 * folded in its own worker thread, which opens the same file (WAL lets
 * readers run side by side) and loads the projections from a module. A
 * worker says when it is ready and is then given its range: by default a
 * share of what the calling thread has not folded yet (`foldClaimed`).
 *
 * @module
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ClaimedFoldRequest, RangeFolder, RangeFoldRequest, RangeFoldResult } from '../../src/kernel/index.js';

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
  /**
   * `true` (default): each worker claims its range when it has loaded, so the
   * calling thread folds meanwhile. `false`: the runner splits the log into
   * equal parts up front (the parts do not depend on timing, e.g. for tests).
   */
  readonly claim?: boolean;
}

/** What the worker is given. */
export interface SqliteRangeWorkerData {
  readonly file: string;
  readonly module: string;
  readonly exportName: string;
  readonly batchSize: number;
}

/**
 * Messages between the calling thread and a worker: the worker posts
 * `ready` once it has loaded the bundle and opened the file (or a `result`
 * that says why it could not), is told to `fold` a range or to `skip`, and
 * posts the `result`.
 */
export type SqliteRangeWorkerMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'fold'; readonly request: RangeFoldRequest }
  | { readonly kind: 'skip' }
  | { readonly kind: 'result'; readonly result: RangeFoldResult };

/** The result of a part that claimed nothing. */
const NOTHING: RangeFoldResult = Object.freeze({ ok: true, states: Object.freeze({}), applied: Object.freeze({}) });

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
    foldRange: (request) => runWorker(base, () => request, `positions ${request.fromPosition}–${request.toPosition}`),
    ...(options.claim === false
      ? {}
      : {
          foldClaimed: (request: ClaimedFoldRequest) =>
            runWorker(
              base,
              () => {
                const range = request.claim();
                return range === undefined ? undefined : { projections: request.projections, ...range };
              },
              'a claimed part',
              request.signal,
            ),
        }),
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
  const fail = `require('node:worker_threads').parentPort.postMessage({ kind: 'result', result: { ok: false, error: { code: 'worker_failed', message: 'could not load the worker from source: ' + String(e) } } })`;
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER.href)}); }).catch((e) => { ${fail}; });`;
}

/**
 * Starts a worker; when it is ready, `rangeWhenReady` gives its range (or
 * `undefined`: nothing to fold). Never rejects.
 */
function runWorker(data: SqliteRangeWorkerData, rangeWhenReady: () => RangeFoldRequest | undefined, what: string, unwanted?: AbortSignal): Promise<RangeFoldResult> {
  return new Promise((resolve) => {
    let settled = false;
    let part = what;
    let folding = false;
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
    worker.on('message', (m: SqliteRangeWorkerMessage) => {
      if (m.kind === 'result') {
        done(m.result);
      } else if (m.kind === 'ready') {
        const request = rangeWhenReady();
        if (request === undefined) {
          worker.postMessage({ kind: 'skip' } satisfies SqliteRangeWorkerMessage);
          done(NOTHING);
        } else {
          folding = true;
          part = `positions ${request.fromPosition}–${request.toPosition}`;
          worker.postMessage({ kind: 'fold', request } satisfies SqliteRangeWorkerMessage);
        }
      }
    });
    // no longer wanted before it was ready: stop loading and claim nothing
    const stop = () => {
      if (folding || settled) return;
      done(NOTHING);
      void worker.terminate();
    };
    if (unwanted?.aborted === true) stop();
    else unwanted?.addEventListener('abort', stop, { once: true });
    worker.once('error', (e) => done({ ok: false, error: { code: 'worker_failed', message: `worker for ${part} failed: ${e.message}` } }));
    worker.once('exit', (code) => done({ ok: false, error: { code: 'worker_failed', message: `worker for ${part} exited with code ${code} before answering` } }));
  });
}
