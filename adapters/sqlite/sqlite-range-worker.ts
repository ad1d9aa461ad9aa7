/**
 * The worker thread of {@link sqliteRangeFolder}: opens the database file,
 * loads the projection bundle, folds one part of the log, posts the result.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { foldRange, type ProjectionBundle, type RangeFoldResult } from '../../src/kernel/index.js';
import type { SqliteRangeWorkerData } from './sqlite-range-folder.js';
import { sqliteStore } from './sqlite-store.js';

async function main(data: SqliteRangeWorkerData): Promise<RangeFoldResult> {
  const mod = (await import(data.module)) as Record<string, unknown>;
  const bundle = mod[data.exportName] as ProjectionBundle | undefined;
  if (bundle === undefined || !Array.isArray(bundle.projections)) {
    return { ok: false, error: { code: 'invalid_bundle', message: `${data.module} has no export ${data.exportName} of the form { projections, events? }` } };
  }
  const store = sqliteStore(data.file, bundle.events === undefined ? {} : { events: bundle.events });
  try {
    return await foldRange(store, bundle.projections, data.request, { batchSize: data.batchSize });
  } finally {
    await store.close();
  }
}

main(workerData as SqliteRangeWorkerData).then(
  (r) => parentPort!.postMessage(r),
  (e: unknown) => parentPort!.postMessage({ ok: false, error: { code: 'worker_failed', message: e instanceof Error ? e.message : String(e) } } satisfies RangeFoldResult),
);
