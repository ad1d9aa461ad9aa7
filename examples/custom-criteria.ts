/**
 * A province overriding an unverified condition. Built-in indicator rules mark
 * the conditions whose legal text was not verified ([U]); a province replaces
 * them by an `AmendIndicator` command carrying its province code. Only that
 * province sees the override, from its effective date.
 *
 *   npx tsx examples/custom-criteria.ts
 */
import { memoryStore } from 'ntm-antt/memory';
import { Ledger, ledgerEvents } from 'ntm-antt';

const ledger = await Ledger.open(memoryStore({ events: ledgerEvents }));
await ledger.loadThanhHoaRegister();
await ledger.publishBuiltInCriteria();

const before = (await ledger.readModels()).catalogue.ruleFor('district-advanced-2021:9.1', { date: '2024-12-31', provinceCode: '38' })!;
console.log(`9.1 for Thanh Hóa before: ${before.origin.kind}, verified=${before.rule.verified}`);

// Thanh Hóa's guidance: a district attains 9.1 when at least 80 % of its communes are recognised ANTT-safe (TT 124).
await ledger.execute({
  type: 'AmendIndicator',
  setId: 'district-advanced-2021',
  code: '9.1',
  provinceCode: '38',
  effectiveFrom: '2024-01-01',
  reason: 'Provincial guidance on the unverified ANTT conditions of 9.1',
  legalBasis: 'Hướng dẫn của Công an tỉnh Thanh Hóa (ví dụ)',
  rule: {
    op: 'all',
    id: 'th-9.1',
    rules: [
      { op: 'recognised', standard: 'district-standard-2021:9.4', id: 'th-9.1-prerequisite' },
      { op: 'shareOfChildrenRecognised', standard: 'antt-safe-commune:art5', minPercent: 80, id: 'th-9.1-communes-safe' },
    ],
  },
});

const rm = await ledger.readModels();
const after = rm.catalogue.ruleFor('district-advanced-2021:9.1', { date: '2024-12-31', provinceCode: '38' })!;
const elsewhere = rm.catalogue.ruleFor('district-advanced-2021:9.1', { date: '2024-12-31', provinceCode: '01' })!;
console.log(`9.1 for Thanh Hóa after: ${after.origin.kind} (${after.legalBasis}), conditions: ${JSON.stringify(after.rule).match(/"id":"[^"]+"/g)?.join(', ')}`);
console.log(`9.1 for another province: ${elsewhere.origin.kind}`);
const a = await ledger.attainment({ locality: '399', standard: 'district-advanced-2021:9.1', year: 2024 });
console.log(`Hoằng Hóa 2024 under the override: ${a.outcome}`);
await ledger.close();
