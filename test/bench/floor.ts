/**
 * The floor of a national rebuild on this machine, now: raw better-sqlite3
 * `SELECT` of the lean columns + `JSON.parse` of every payload, with no fold,
 * on one thread, and on two threads each reading half the log.
 * Prints one JSON line: { oneThreadSeconds, twoThreadsSeconds }.
 *   node --import tsx test/bench/floor.ts <database file>
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const file = process.argv[2]!;
const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');

// plain JavaScript, so that a worker runs it without a TypeScript loader
const SCAN = `
  const Database = require(${JSON.stringify(sqlite)});
  function scan(file, from, to) {
    const db = new Database(file, { readonly: true });
    const page = db.prepare('SELECT position, stream_id, version, type, schema_version, data FROM events WHERE position >= ? AND position <= ? ORDER BY position LIMIT 5000').raw();
    let after = from, n = 0;
    for (;;) {
      const rows = page.all(after, to);
      for (const r of rows) if (JSON.parse(r[5]) !== null) n++;
      if (rows.length < 5000) break;
      after = rows[rows.length - 1][0] + 1;
    }
    db.close();
    return n;
  }
`;
const scan = new Function('require', `${SCAN}; return scan;`)(createRequire(import.meta.url)) as (file: string, from: number, to: number) => number;

const head = scan(file, 1, Number.MAX_SAFE_INTEGER); // also warms the page cache
let t = performance.now();
scan(file, 1, head);
const one = (performance.now() - t) / 1000;

const mid = Math.floor(head / 2);
t = performance.now();
const worker = new Worker(`${SCAN}; require('node:worker_threads').parentPort.postMessage(scan(${JSON.stringify(file)}, ${mid + 1}, ${head}));`, { eval: true });
const other = new Promise<number>((resolve, reject) => worker.once('message', resolve).once('error', reject));
const first = scan(file, 1, mid);
const second = await other;
const two = (performance.now() - t) / 1000;
if (first + second !== head) throw new Error(`floor: read ${first + second} of ${head}`);
await worker.terminate();
process.stdout.write(JSON.stringify({ oneThreadSeconds: Math.round(one * 100) / 100, twoThreadsSeconds: Math.round(two * 100) / 100 }) + '\n');
