/**
 * Quickstart with the in-memory store: register a tiny province, record a few
 * incidents, and ask how social-order crime moved against 2019.
 *
 *   npx tsx examples/quickstart.ts
 */
import { memoryStore } from 'ntm-antt/memory';
import { Ledger, ledgerEvents, type LedgerCommand } from 'ntm-antt';

const ledger = await Ledger.open(memoryStore({ events: ledgerEvents }), { actor: 'quickstart' });

const on = { effectiveDate: '2019-01-01', legalBasis: 'example' };
await ledger.executeAll([
  { type: 'EstablishLocality', code: 'P', name: 'Tỉnh Mẫu', kind: 'province', ...on },
  { type: 'EstablishLocality', code: 'H', name: 'Huyện Mẫu', kind: 'huyen', parentCode: 'P', ...on },
  { type: 'EstablishLocality', code: 'A', name: 'Xã An', kind: 'xa', parentCode: 'H', ...on },
  { type: 'EstablishLocality', code: 'B', name: 'Xã Bình', kind: 'xa', parentCode: 'H', ...on },
]);
// In 2020 Xã An absorbs Xã Bình: the 2019 baseline of Xã An becomes An + Bình.
await ledger.execute({ type: 'MergeLocalities', target: 'A', sources: ['B'], effectiveDate: '2020-01-01', legalBasis: 'example' });

const incident = (id: string, localityCode: string, occurredOn: string): LedgerCommand => ({ type: 'RecordIncident', incidentId: id, localityCode, occurredOn, reportedOn: occurredOn, labels: ['crime.social-order'] });
await ledger.executeAll([
  ...['2019-02-01', '2019-05-01', '2019-08-01', '2019-11-01'].map((d, i) => incident(`a-${i}`, 'A', d)),
  ...['2019-03-01', '2019-09-01'].map((d, i) => incident(`b-${i}`, 'B', d)),
  ...['2024-04-01', '2024-07-01', '2024-10-01', '2024-12-01', '2024-12-20'].map((d, i) => incident(`n-${i}`, 'A', d)),
]);

const t = await ledger.trend({ locality: 'A', year: 2024 });
console.log(`${t.name}: ${t.vsBaseline.message} → ${t.vsBaseline.outcome}`);
console.log(`baseline rebased from: ${t.predecessors.map((p) => `${p.sourceName} (${p.amount.numerator})`).join(' + ')}`);
await ledger.close();
