// A small administrative register for incident tests: a province, a city,
// a xã with a thôn, a phường with a tổ dân phố, two xã merged into a new one
// on 2020-01-01, and a xã that became a phường on 2021-02-01.
import { IncidentFacts, type IncidentEventBody } from '../../../src/domain/incident/events.js';
import { currentIncident } from '../../../src/domain/incident/incident-state.js';
import type { LocalityEventBody } from '../../../src/domain/locality/events.js';
import { LocalityHistory } from '../../../src/domain/locality/locality-history.js';
import type { LocalityKind } from '../../../src/domain/shared/values.js';

const est = (code: string, name: string, kind: LocalityKind, parentCode?: string, effectiveDate = '2000-01-01'): LocalityEventBody => ({
  type: 'LocalityEstablished',
  data: { code, name, kind, ...(parentCode !== undefined ? { parentCode } : {}), effectiveDate, legalBasis: 'GSO list' },
});

export const registerEvents: LocalityEventBody[] = [
  est('38', 'Tỉnh Thanh Hóa', 'province'),
  est('380', 'Thành phố Thanh Hóa', 'thanh-pho', '38'),
  est('16000', 'Xã Hoằng Đức', 'xa', '380'),
  est('16001', 'Phường Đông Vệ', 'phuong', '380'),
  est('T16000-1', 'Thôn 1', 'thon', '16000'),
  est('T16001-1', 'Tổ dân phố 1', 'thon', '16001'),
  est('16003', 'Xã Đông Hưng', 'xa', '380'),
  est('16004', 'Xã Đông Lĩnh', 'xa', '380'),
  {
    type: 'LocalitiesMerged',
    data: { target: '16010', sources: ['16003', '16004'], name: 'Xã Đông Tân', kind: 'xa', parentCode: '380', effectiveDate: '2020-01-01', legalBasis: '786/NQ-UBTVQH14' },
  },
  est('16005', 'Xã Quảng Hưng', 'xa', '380'),
  { type: 'LocalityReclassified', data: { code: '16005', kind: 'phuong', name: 'Phường Quảng Hưng', effectiveDate: '2021-02-01', legalBasis: '1108/NQ-UBTVQH14' } },
];

export const localities = LocalityHistory.from(registerEvents);

/**
 * The countable facts of an incident after these events (folded with
 * `currentIncident`): what a correction appended next carries as `previous`,
 * and a grassroots resolution as `facts`. Throws when the incident is not
 * recorded; the result is checked against the `IncidentFacts` schema.
 */
export function factsAfter(events: readonly IncidentEventBody[]): IncidentFacts {
  const s = currentIncident(events);
  if (s === undefined) throw new Error('factsAfter: the incident is not recorded in these events');
  return IncidentFacts.parse({
    localityCode: s.localityCode,
    ...(s.residentialAreaCode !== undefined ? { residentialAreaCode: s.residentialAreaCode } : {}),
    occurredOn: s.occurredOn,
    reportedOn: s.reportedOn,
    labels: [...s.labels],
    ...(s.severity !== undefined ? { severity: s.severity } : {}),
    ...(s.casualties !== undefined ? { casualties: { ...s.casualties } } : {}),
    ...(s.disputeResolvedOn !== undefined ? { disputeResolvedOn: s.disputeResolvedOn } : {}),
  });
}
