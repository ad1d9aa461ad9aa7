import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sqliteStore } from '../../adapters/sqlite/index.js';
import { defineEvent, eventRegistry, upcast, type StoredEvent } from '../../src/kernel/index.js';

// v1: one category, a timestamp, optional deaths.
const V1 = z.object({
  category: z.enum(['theft', 'assault', 'gambling']),
  occurredAt: z.iso.datetime(),
  deaths: z.number().int().min(0).optional(),
});
// v2: labels, a date, casualties.
const V2 = z.object({
  labels: z.array(z.string()).min(1),
  occurredOn: z.iso.date(),
  casualties: z.object({ deaths: z.number().int().min(0), injuries: z.number().int().min(0) }),
});
// v3: v2 plus a severity (unknown for old records).
const V3 = V2.extend({ severity: z.enum(['unknown', 'less-serious', 'serious']) });

const up1 = (v: z.infer<typeof V1>): z.infer<typeof V2> => ({
  labels: [v.category === 'gambling' ? 'social-evil.gambling' : 'crime.social-order'],
  occurredOn: v.occurredAt.slice(0, 10),
  casualties: { deaths: v.deaths ?? 0, injuries: 0 },
});
const up2 = (v: z.infer<typeof V2>): z.infer<typeof V3> => ({ ...v, severity: 'unknown' });

const RecordedV1 = defineEvent('Recorded', V1);
const RecordedV3 = defineEvent('Recorded', V3, {
  version: 3,
  upcasters: [
    { from: 1, schema: V1, up: up1 },
    { from: 2, schema: V2, up: up2 },
  ],
});

const v1Payload = fc.record(
  {
    category: fc.constantFrom('theft', 'assault', 'gambling'),
    occurredAt: fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
    deaths: fc.nat({ max: 20 }),
  },
  { requiredKeys: ['category', 'occurredAt'] },
);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('upcasting', () => {
  it('property: any payload valid under v1 upcasts, step by step, to a payload valid under the current version', () => {
    fc.assert(
      fc.property(v1Payload, (payload) => {
        expect(V1.safeParse(payload).success).toBe(true);
        const v2 = upcast(RecordedV3, payload, 1) as z.infer<typeof V3>;
        expect(V3.safeParse(v2).success).toBe(true);
        expect(v2.occurredOn).toBe(payload.occurredAt.slice(0, 10));
        expect(v2.casualties.deaths).toBe(payload.deaths ?? 0);
        // the chain equals its steps composed
        expect(upcast(RecordedV3, up1(payload), 2)).toEqual(v2);
      }),
      { numRuns: 500 },
    );
  });

  it('a v1 event written earlier (by an older program) reads back as the current version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ntm-upcast-'));
    dirs.push(dir);
    const file = join(dir, 'store.db');
    const old = sqliteStore(file, { events: eventRegistry([RecordedV1]) });
    await old.append('incident-1', [RecordedV1.create({ category: 'gambling', occurredAt: '2019-05-04T10:00:00Z', deaths: 1 })]);
    await old.close();

    const current = sqliteStore(file, { events: eventRegistry([RecordedV3]) });
    const read: StoredEvent[] = [];
    for await (const e of current.readStream('incident-1')) read.push(e);
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({
      schemaVersion: 3,
      data: { labels: ['social-evil.gambling'], occurredOn: '2019-05-04', casualties: { deaths: 1, injuries: 0 }, severity: 'unknown' },
    });
    // a new write is at version 3, and reads do not rewrite stored rows
    await current.append('incident-1', [RecordedV3.create({ labels: ['crime.social-order'], occurredOn: '2020-01-01', casualties: { deaths: 0, injuries: 2 }, severity: 'serious' })]);
    const raw: StoredEvent[] = [];
    for await (const e of current.readAll({ raw: true })) raw.push(e);
    expect(raw.map((e) => e.schemaVersion)).toEqual([1, 3]);
    await current.close();
  });

  it('an event stored at a newer schema version than the program knows is a typed error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ntm-upcast-'));
    dirs.push(dir);
    const file = join(dir, 'store.db');
    const newer = sqliteStore(file, { events: eventRegistry([RecordedV3]) });
    await newer.append('i', [RecordedV3.create({ labels: ['x'], occurredOn: '2020-01-01', casualties: { deaths: 0, injuries: 0 }, severity: 'unknown' })]);
    await newer.close();
    const older = sqliteStore(file, { events: eventRegistry([RecordedV1]) });
    await expect(async () => {
      for await (const _ of older.readAll()) void _;
    }).rejects.toMatchObject({ code: 'schema_version_ahead' });
    await older.close();
  });

  it('an unknown type on read is a typed error, and raw reads pass it through', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ntm-upcast-'));
    dirs.push(dir);
    const file = join(dir, 'store.db');
    const untyped = sqliteStore(file);
    await untyped.append('x', [{ type: 'Mystery', data: { a: 1 } }]);
    await untyped.close();
    const typed = sqliteStore(file, { events: eventRegistry([RecordedV3]) });
    await expect(async () => {
      for await (const _ of typed.readAll()) void _;
    }).rejects.toMatchObject({ code: 'unknown_event_type', eventType: 'Mystery', position: 1 });
    const raw: StoredEvent[] = [];
    for await (const e of typed.readAll({ raw: true })) raw.push(e);
    expect(raw.map((e) => e.type)).toEqual(['Mystery']);
    await typed.close();
  });

  it('definitions reject upcaster chains with gaps or out-of-range steps', () => {
    expect(() => defineEvent('X', V2, { version: 2, upcasters: [{ from: 2, up: (v) => v }] })).toThrow(RangeError);
    const gappy = defineEvent('Y', V3, { version: 3, upcasters: [{ from: 2, up: up2 }] });
    expect(() => upcast(gappy, {}, 1)).toThrow(/no upcaster from schema version 1/);
  });
});
