/**
 * Loads the real Thanh Hóa register (2019 units, every change, the 1 July
 * 2025 reform) into an in-memory store and prints how many units of each
 * kind existed on a date.
 *
 *   npx tsx examples/units-at.ts 2019-11-01
 *   → {"date":"2019-11-01","districts":{"huyen":24,"thi-xa":1,"thanh-pho":2},"communes":{"xa":573,"phuong":34,"thi-tran":28}}
 */
import { memoryStore } from 'ntm-antt/memory';
import { LocalityHistory, localityEventRegistry, registerStreamId, type LocalityEventBody } from 'ntm-antt';
import { IsoDate } from 'ntm-antt';
import { thanhHoaRegisterEvents } from 'ntm-antt';

const arg = process.argv[2] ?? new Date().toISOString().slice(0, 10);
const parsed = IsoDate.safeParse(arg);
if (!parsed.success) {
  console.error(`usage: units-at.ts YYYY-MM-DD (got ${JSON.stringify(arg)}: not a calendar date)`);
  process.exit(2);
}
const date = parsed.data;

const store = memoryStore({ events: localityEventRegistry });
const { events } = thanhHoaRegisterEvents();
await store.append(registerStreamId('38'), events, { expectedVersion: 'no_stream' });

const read: LocalityEventBody[] = [];
for await (const e of store.readStream(registerStreamId('38'))) read.push(e as unknown as LocalityEventBody);
const hierarchy = LocalityHistory.from(read).hierarchyAt(date);

const count = (kinds: readonly string[]) => Object.fromEntries(kinds.map((k) => [k, [...hierarchy.units.values()].filter((u) => u.kind === k).length]));
console.log(JSON.stringify({ date, districts: count(['huyen', 'thi-xa', 'thanh-pho']), communes: count(['xa', 'phuong', 'thi-tran']) }));
await store.close();
