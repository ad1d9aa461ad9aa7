/**
 * "As filed" against "as corrected": the same question asked with two
 * knowledge cut-offs. An incident recorded in December 2023 and reclassified
 * in March 2024 counts in the 2023 report as filed on 15 January 2024, and not
 * in the 2023 figures as known today.
 *
 *   npx tsx examples/as-of.ts
 */
import { memoryStore } from 'ntm-antt/memory';
import { Ledger, ledgerEvents, manualClock } from 'ntm-antt';

const clock = manualClock('2023-01-01T00:00:00Z');
const ledger = await Ledger.open(memoryStore({ events: ledgerEvents, clock }));
const on = { effectiveDate: '2019-01-01', legalBasis: 'example' };
await ledger.executeAll([
  { type: 'EstablishLocality', code: 'P', name: 'Tỉnh Mẫu', kind: 'province', ...on },
  { type: 'EstablishLocality', code: 'A', name: 'Xã An', kind: 'xa', parentCode: 'P', ...on },
]);

clock.set('2023-12-05T09:00:00Z');
await ledger.execute({ type: 'RecordIncident', incidentId: 'x1', localityCode: 'A', occurredOn: '2023-12-02', reportedOn: '2023-12-04', labels: ['crime.social-order'] });
await ledger.execute({ type: 'RecordIncident', incidentId: 'x2', localityCode: 'A', occurredOn: '2023-12-03', reportedOn: '2023-12-04', labels: ['crime.social-order'] });

clock.set('2024-03-10T09:00:00Z');
await ledger.execute({ type: 'ReclassifyIncident', incidentId: 'x2', labels: ['crime.economic'], reason: 'reclassified after investigation' });

const filed = await ledger.count({ locality: 'A', metric: 'social-order-crime', year: 2023, asOf: '2024-01-15T23:59:59Z' });
const today = await ledger.count({ locality: 'A', metric: 'social-order-crime', year: 2023 });
const show = (c: typeof today) => (c?.kind === 'count' ? c.value.numerator : 'n/a');
console.log(`social-order crime in Xã An, 2023 — as filed on 2024-01-15: ${show(filed)}; as corrected today: ${show(today)}`);
await ledger.close();
