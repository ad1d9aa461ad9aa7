/**
 * The worker thread of {@link sqliteRangeFolder}: loads the projection
 * bundle, opens the database file, says it is ready, folds the range it is
 * given and posts the result (see {@link SqliteRangeWorkerMessage}).
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { foldRange, type ProjectionBundle, type RangeFoldResult } from '../../src/kernel/index.js';
import type { SqliteRangeWorkerData, SqliteRangeWorkerMessage } from './sqlite-range-folder.js';
import { sqliteStore } from './sqlite-store.js';

const port = parentPort!;

function post(message: SqliteRangeWorkerMessage): void {
  port.postMessage(message);
}

function failed(e: unknown): RangeFoldResult {
  return { ok: false, error: { code: 'worker_failed', message: e instanceof Error ? e.message : String(e) } };
}

async function main(data: SqliteRangeWorkerData): Promise<void> {
  const mod = (await import(data.module)) as Record<string, unknown>;
  const bundle = mod[data.exportName] as ProjectionBundle | undefined;
  if (bundle === undefined || !Array.isArray(bundle.projections)) {
    post({ kind: 'result', result: { ok: false, error: { code: 'invalid_bundle', message: `${data.module} has no export ${data.exportName} of the form { projections, events? }` } } });
    return;
  }
  const store = sqliteStore(data.file, bundle.events === undefined ? {} : { events: bundle.events });
  try {
    const told = new Promise<SqliteRangeWorkerMessage>((resolve) => port.once('message', resolve));
    post({ kind: 'ready' });
    const m = await told;
    if (m.kind === 'fold') post({ kind: 'result', result: await foldRange(store, bundle.projections, m.request, { batchSize: data.batchSize }) });
  } finally {
    await store.close();
  }
}

main(workerData as SqliteRangeWorkerData).catch((e: unknown) => post({ kind: 'result', result: failed(e) }));
