import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStore } from '../../adapters/sqlite/index.js';
import type { StoredEvent } from '../../src/kernel/index.js';
import { counterEvents } from '../fixtures/counter-decider.js';

const run = promisify(execFile);
const WRITERS = 4;
const APPENDS = 500;
const STREAMS = 10;
const dir = mkdtempSync(join(tmpdir(), 'ntm-mp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite shared by several processes', () => {
  it(`${WRITERS} processes × ${APPENDS} appends over ${STREAMS} shared streams through handle(): nothing lost, nothing doubled`, async () => {
    const file = join(dir, 'shared.db');
    // create the schema first so every child opens an initialised file
    await sqliteStore(file).close();
    const children = Array.from({ length: WRITERS }, (_, w) =>
      run(process.execPath, ['--import', 'tsx', 'test/fixtures/handle-writer.ts', file, String(w), String(APPENDS), String(STREAMS)], { maxBuffer: 16 << 20 }),
    );
    const outputs = (await Promise.all(children)).map((c) => JSON.parse(c.stdout.trim()) as { writer: string; ids: string[]; retries: number });

    const store = sqliteStore(file, { events: counterEvents });
    const events: StoredEvent[] = [];
    for await (const e of store.readAll()) events.push(e);
    await store.close();

    expect(events).toHaveLength(WRITERS * APPENDS);
    expect(events.map((e) => e.position)).toEqual(Array.from({ length: WRITERS * APPENDS }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.id)).size).toBe(WRITERS * APPENDS);
    const byStream = new Map<string, number[]>();
    for (const e of events) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e.version]);
    expect(byStream.size).toBe(STREAMS);
    for (const versions of byStream.values()) expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
    const stored = new Set(events.map((e) => e.id));
    for (const o of outputs) for (const id of o.ids) expect(stored.has(id)).toBe(true);
    const retries = outputs.reduce((n, o) => n + o.retries, 0);
    console.log(`multi-process: ${WRITERS * APPENDS} appends, ${retries} conflict retries`);
  }, 180_000);
});
