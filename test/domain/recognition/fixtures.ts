// A stub standards catalogue for recognition tests (the real one is built
// from the criteria catalogue), and the shared test register.
import type { StandardCatalogue, StandardInfo } from '../../../src/domain/criteria/standard.js';
import type { LocalityKind } from '../../../src/domain/shared/values.js';

export { localities } from '../incident/fixtures.js';

const info = (id: string, scope: StandardInfo['scope'], appliesTo: LocalityKind[], validFrom: string, validTo: string | null): StandardInfo => {
  const [setId, indicator] = id.split(':') as [string, string];
  return { id, setId, indicator, scope, appliesTo, title: { vi: id, en: id }, validFrom, validTo };
};

export const standardList: StandardInfo[] = [
  info('commune-standard-2021:19.2', 'commune', ['xa'], '2021-01-01', '2025-12-31'),
  info('commune-advanced-2021:19.2', 'commune', ['xa'], '2021-01-01', '2025-12-31'),
  info('antt-safe-commune:art5', 'commune', ['xa', 'phuong', 'thi-tran'], '2022-02-10', null),
  info('district-standard-2021:9.4', 'district', ['huyen', 'thi-xa', 'thanh-pho'], '2021-01-01', '2025-12-31'),
  info('antt-safe-residential:art4', 'residential', ['thon'], '2022-02-10', null),
];

export const standards: StandardCatalogue = {
  standard: (id) => standardList.find((s) => s.id === id),
  standards: () => standardList,
};
