import { describe, expect, it } from 'vitest';
import { LOCALITY_ERROR_CODES, localityDecider, type LocalityEventBody } from '../../../src/domain/locality/index.js';
import { ValidationError, formatPath } from '../../../src/kernel/index.js';
import { deciderSpec } from '../../../src/testing/index.js';

const spec = deciderSpec(localityDecider);
const b = { legalBasis: 'test', effectiveDate: '2019-01-01' };
const on = (effectiveDate: string) => ({ legalBasis: 'test', effectiveDate });
const EV = { level: 'documented' as const, source: 'https://example.vn/nq', quote: 'sáp nhập xã B vào xã C' };

// A province, two districts, communes of each kind, a residential area.
const world: LocalityEventBody[] = [
  { type: 'LocalityEstablished', data: { code: '38', name: 'Tỉnh Thanh Hóa', kind: 'province', ...b } },
  { type: 'LocalityEstablished', data: { code: '380', name: 'Thành phố Thanh Hóa', kind: 'thanh-pho', parentCode: '38', ...b } },
  { type: 'LocalityEstablished', data: { code: '399', name: 'Huyện Hoằng Hóa', kind: 'huyen', parentCode: '38', ...b } },
  { type: 'LocalityEstablished', data: { code: 'A', name: 'Xã A', kind: 'xa', parentCode: '399', ...b } },
  { type: 'LocalityEstablished', data: { code: 'B', name: 'Xã B', kind: 'xa', parentCode: '399', ...b } },
  { type: 'LocalityEstablished', data: { code: 'C', name: 'Xã C', kind: 'xa', parentCode: '399', ...b } },
  { type: 'LocalityEstablished', data: { code: 'W', name: 'Phường W', kind: 'phuong', parentCode: '380', ...b } },
  { type: 'LocalityEstablished', data: { code: 'T1', name: 'Thôn 1', kind: 'thon', parentCode: 'A', ...b } },
];
const closedB: LocalityEventBody = { type: 'LocalitiesMerged', data: { target: 'A', sources: ['B'], ...on('2019-12-01') } };

describe('register decider: accepted commands', () => {
  it('establishes, renames, reclassifies and transfers', () => {
    spec.given(world).when({ type: 'EstablishLocality', code: 'D', name: 'Xã D', kind: 'xa', parentCode: '399', ...on('2020-01-01') }).then([
      { type: 'LocalityEstablished', data: { code: 'D', name: 'Xã D', kind: 'xa', parentCode: '399', ...on('2020-01-01') } },
    ]);
    spec.given(world).when({ type: 'ReclassifyLocality', code: 'A', kind: 'phuong', name: 'Phường A', ...on('2021-02-01') }).then([
      { type: 'LocalityReclassified', data: { code: 'A', kind: 'phuong', name: 'Phường A', ...on('2021-02-01') } },
    ]);
    spec.given(world).when({ type: 'TransferLocality', code: 'A', parentCode: '380', ...on('2025-01-01') }).then([{ type: 'LocalityTransferred', data: { code: 'A', parentCode: '380', ...on('2025-01-01') } }]);
  });

  it('merges into an existing unit, or into a new one described in the command', () => {
    spec.given(world).when({ type: 'MergeLocalities', target: 'A', sources: ['B'], ...on('2019-12-01') }).then([closedB]);
    spec
      .given(world)
      .when({ type: 'MergeLocalities', target: 'N', sources: ['A', 'B'], name: 'Xã N', kind: 'xa', parentCode: '399', ...on('2019-12-01') })
      .then([{ type: 'LocalitiesMerged', data: { target: 'N', sources: ['A', 'B'], name: 'Xã N', kind: 'xa', parentCode: '399', ...on('2019-12-01') } }]);
  });

  it('dissolves with its siblings as possible receivers unless told', () => {
    spec.given(world).when({ type: 'DissolveLocality', code: 'B', ...on('2019-12-01') }).then([{ type: 'LocalityDissolved', data: { code: 'B', possibleReceivers: ['A', 'C'], ...on('2019-12-01') } }]);
  });

  it('abolishes the district level of a province (all its districts by default)', () => {
    spec.given(world).when({ type: 'AbolishDistrictLevel', provinceCode: '38', ...on('2025-07-01') }).then([
      { type: 'DistrictLevelAbolished', data: { provinceCode: '38', districts: ['380', '399'], ...on('2025-07-01') } },
    ]);
  });

  it('identifies the receiver of an earlier dissolution, at the dissolution date', () => {
    const dissolved: LocalityEventBody = { type: 'LocalityDissolved', data: { code: 'B', possibleReceivers: ['A', 'C'], ...on('2019-12-01') } };
    spec.given([...world, dissolved]).when({ type: 'IdentifyReceiver', code: 'B', receiver: 'C', evidence: EV, ...on('2019-12-01') }).then([
      { type: 'LocalityReceiverIdentified', data: { code: 'B', receiver: 'C', evidence: EV, ...on('2019-12-01') } },
    ]);
  });
});

const dissolvedB: LocalityEventBody = { type: 'LocalityDissolved', data: { code: 'B', possibleReceivers: ['A', 'C'], ...on('2019-12-01') } };
const half = (a: string, b: string) => [
  { code: a, allocation: { numerator: 1, denominator: 2 } },
  { code: b, allocation: { numerator: 1, denominator: 2 } },
];
const splitA: LocalityEventBody = { type: 'LocalitySplit', data: { source: 'A', targets: [{ code: 'A' }, { code: 'B' }], ...on('2020-01-01') } };

describe('register decider: lineage facts found later', () => {
  it('identifies a division of a dissolved unit among several receivers, with or without shares', () => {
    spec.given([...world, dissolvedB]).when({ type: 'IdentifyDivision', code: 'B', receivers: [{ code: 'A', what: 'thôn 1' }, { code: 'C' }], evidence: EV, ...on('2019-12-01') }).then([
      { type: 'LocalityDivisionIdentified', data: { code: 'B', receivers: [{ code: 'A', what: 'thôn 1' }, { code: 'C' }], evidence: EV, ...on('2019-12-01') } },
    ]);
    spec.given([...world, dissolvedB]).when({ type: 'IdentifyDivision', code: 'B', receivers: [{ code: 'A', allocation: { numerator: 1, denominator: 3 } }, { code: 'C' }], evidence: EV, ...on('2019-12-01') }).thenThrows('split_allocation_invalid');
    spec.given([...world, dissolvedB]).when({ type: 'IdentifyDivision', code: 'B', receivers: half('A', 'A'), evidence: EV, ...on('2019-12-01') }).thenThrows('duplicate_code');
  });

  it('refuses a second identification of the same dissolution, whether a receiver or a division', () => {
    const divided: LocalityEventBody = { type: 'LocalityDivisionIdentified', data: { code: 'B', receivers: [{ code: 'A' }, { code: 'C' }], evidence: EV, ...on('2019-12-01') } };
    spec.given([...world, dissolvedB, divided]).when({ type: 'IdentifyReceiver', code: 'B', receiver: 'C', evidence: EV, ...on('2019-12-01') }).thenThrows('receiver_already_identified');
    spec.given([...world, dissolvedB, divided]).when({ type: 'IdentifyDivision', code: 'B', receivers: [{ code: 'A' }, { code: 'C' }], evidence: EV, ...on('2019-12-01') }).thenThrows('receiver_already_identified');
  });

  it('records a part transfer dated before changes already recorded (a fact found later), but not between levels or into itself', () => {
    const later: LocalityEventBody = { type: 'LocalityRenamed', data: { code: 'A', name: 'Xã A2', ...on('2021-01-01') } };
    spec.given([...world, later]).when({ type: 'TransferPart', code: 'A', to: 'C', what: 'thôn 1', evidence: EV, ...on('2019-12-01') }).then([
      { type: 'LocalityPartTransferred', data: { code: 'A', to: 'C', what: 'thôn 1', evidence: EV, ...on('2019-12-01') } },
    ]);
    spec.given(world).when({ type: 'TransferPart', code: 'A', to: '380', evidence: EV, ...on('2019-12-01') }).thenThrows('level_mismatch');
    spec.given(world).when({ type: 'TransferPart', code: 'A', to: 'A', evidence: EV, ...on('2019-12-01') }).thenThrows('merge_target_in_sources');
    spec.given(world).when({ type: 'TransferPart', code: 'A', to: 'C', allocation: { numerator: 3, denominator: 3 }, evidence: EV, ...on('2019-12-01') }).thenThrows('split_allocation_invalid');
    // between districts: footprints are made of communes, so the fact would be recorded and never used
    spec.given(world).when({ type: 'TransferPart', code: '399', to: '380', evidence: EV, ...on('2019-12-01') }).thenThrows('level_mismatch');
    // the shares of a part transfer: more than nothing and less than the whole
    const transfer: LocalityEventBody = { type: 'LocalityPartTransferred', data: { code: 'A', to: 'C', evidence: EV, ...on('2019-12-01') } };
    spec.given([...world, transfer]).when({ type: 'AllocateShares', source: 'A', shares: [{ code: 'A', allocation: { numerator: 1, denominator: 1 } }, { code: 'C', allocation: { numerator: 0, denominator: 1 } }], evidence: EV, ...on('2019-12-01') }).thenThrows('split_allocation_invalid');
    // two transfers of A on one day: the shares name which one they size
    const second: LocalityEventBody = { type: 'LocalityPartTransferred', data: { code: 'A', to: 'B', evidence: EV, ...on('2019-12-01') } };
    spec.given([...world, transfer, second]).when({ type: 'AllocateShares', source: 'A', shares: half('B', 'A'), evidence: EV, ...on('2019-12-01') }).then([
      { type: 'LocalityShareAllocated', data: { source: 'A', shares: half('B', 'A'), evidence: EV, ...on('2019-12-01') } },
    ]);
  });

  it('allocates the shares of a recorded split, exactly one share per part, adding up to one', () => {
    spec.given([...world, splitA]).when({ type: 'AllocateShares', source: 'A', shares: half('B', 'A'), evidence: EV, ...on('2020-01-01') }).then([
      { type: 'LocalityShareAllocated', data: { source: 'A', shares: half('B', 'A'), evidence: EV, ...on('2020-01-01') } },
    ]);
    spec
      .given([...world, splitA])
      .when({ type: 'AllocateShares', source: 'A', shares: [{ code: 'A', allocation: { numerator: 1, denominator: 2 } }, { code: 'B', allocation: { numerator: 1, denominator: 3 } }], evidence: EV, ...on('2020-01-01') })
      .thenThrows('split_allocation_invalid');
  });
});

describe('register decider: every domain error code', () => {
  const cases: Array<[string, () => void]> = [
    ['locality_exists', () => spec.given(world).when({ type: 'EstablishLocality', code: 'A', name: 'Xã A2', kind: 'xa', parentCode: '399', ...b }).thenThrows('locality_exists', { code: 'A' })],
    ['locality_not_found_on_date', () => spec.given([...world, closedB]).when({ type: 'RenameLocality', code: 'B', name: 'Xã B2', ...on('2020-01-01') }).thenThrows('locality_not_found_on_date', { code: 'B' })],
    ['parent_not_found_on_date', () => spec.given(world).when({ type: 'EstablishLocality', code: 'D', name: 'Xã D', kind: 'xa', parentCode: '999', ...b }).thenThrows('parent_not_found_on_date')],
    ['parent_level_mismatch', () => spec.given(world).when({ type: 'EstablishLocality', code: 'D', name: 'Xã D', kind: 'xa', parentCode: 'A', ...b }).thenThrows('parent_level_mismatch')],
    ['kind_level_mismatch', () => spec.given(world).when({ type: 'ReclassifyLocality', code: 'A', kind: 'huyen', ...on('2020-01-01') }).thenThrows('kind_level_mismatch', { from: 'xa', to: 'huyen' })],
    ['change_before_last_change', () => spec.given([...world, closedB]).when({ type: 'RenameLocality', code: 'A', name: 'Xã A2', ...on('2019-06-01') }).thenThrows('change_before_last_change')],
    ['no_change', () => spec.given(world).when({ type: 'RenameLocality', code: 'A', name: 'Xã A', ...on('2020-01-01') }).thenThrows('no_change')],
    ['merge_into_closed_unit', () => spec.given([...world, closedB]).when({ type: 'MergeLocalities', target: 'B', sources: ['C'], ...on('2020-01-01') }).thenThrows('merge_into_closed_unit', { target: 'B' })],
    ['merge_target_in_sources', () => spec.given(world).when({ type: 'MergeLocalities', target: 'A', sources: ['A', 'B'], ...on('2020-01-01') }).thenThrows('merge_target_in_sources')],
    ['duplicate_code', () => spec.given(world).when({ type: 'MergeLocalities', target: 'A', sources: ['B', 'B'], ...on('2020-01-01') }).thenThrows('duplicate_code')],
    ['level_mismatch', () => spec.given(world).when({ type: 'MergeLocalities', target: 'A', sources: ['T1'], ...on('2020-01-01') }).thenThrows('level_mismatch')],
    ['new_unit_undescribed', () => spec.given(world).when({ type: 'MergeLocalities', target: 'N', sources: ['A'], ...on('2020-01-01') }).thenThrows('new_unit_undescribed')],
    [
      'split_allocation_invalid',
      () =>
        spec
          .given(world)
          .when({
            type: 'SplitLocality',
            source: 'A',
            targets: [
              { code: 'A', allocation: { numerator: 1, denominator: 2 } },
              { code: 'B', allocation: { numerator: 1, denominator: 3 } },
            ],
            ...on('2020-01-01'),
          })
          .thenThrows('split_allocation_invalid'),
    ],
    ['no_possible_receiver', () => spec.given(world).when({ type: 'DissolveLocality', code: 'W', ...on('2020-01-01') }).thenThrows('no_possible_receiver')],
    ['receiver_not_found_on_date', () => spec.given([...world, closedB]).when({ type: 'DissolveLocality', code: 'C', possibleReceivers: ['B'], ...on('2020-01-01') }).thenThrows('receiver_not_found_on_date')],
    ['dissolution_not_found', () => spec.given(world).when({ type: 'IdentifyReceiver', code: 'B', receiver: 'A', evidence: EV, ...on('2019-12-01') }).thenThrows('dissolution_not_found')],
    [
      'receiver_already_identified',
      () =>
        spec
          .given([
            ...world,
            { type: 'LocalityDissolved', data: { code: 'B', possibleReceivers: ['A', 'C'], ...on('2019-12-01') } },
            { type: 'LocalityReceiverIdentified', data: { code: 'B', receiver: 'A', ...on('2019-12-01') } },
          ])
          .when({ type: 'IdentifyReceiver', code: 'B', receiver: 'C', evidence: EV, ...on('2019-12-01') })
          .thenThrows('receiver_already_identified', { receiver: 'A' }),
    ],
    ['not_a_province', () => spec.given(world).when({ type: 'AbolishDistrictLevel', provinceCode: '399', ...on('2025-07-01') }).thenThrows('not_a_province')],
    [
      'no_district_to_abolish',
      () =>
        spec
          .given([...world, { type: 'DistrictLevelAbolished', data: { provinceCode: '38', districts: ['380', '399'], ...on('2025-07-01') } }])
          .when({ type: 'AbolishDistrictLevel', provinceCode: '38', ...on('2025-08-01') })
          .thenThrows('no_district_to_abolish'),
    ],
    [
      'part_transfer_exists',
      () =>
        spec
          .given([...world, { type: 'LocalityPartTransferred', data: { code: 'A', to: 'C', evidence: EV, ...on('2019-12-01') } }])
          .when({ type: 'TransferPart', code: 'A', to: 'C', evidence: EV, ...on('2019-12-01') })
          .thenThrows('part_transfer_exists', { code: 'A', to: 'C' }),
    ],
    ['division_not_found', () => spec.given(world).when({ type: 'AllocateShares', source: 'A', shares: half('B', 'C'), evidence: EV, ...on('2020-01-01') }).thenThrows('division_not_found', { source: 'A' })],
    [
      'shares_already_allocated',
      () =>
        spec
          .given([...world, { type: 'LocalitySplit', data: { source: 'A', targets: half('A', 'B'), ...on('2020-01-01') } }])
          .when({ type: 'AllocateShares', source: 'A', shares: half('A', 'B'), evidence: EV, ...on('2020-01-01') })
          .thenThrows('shares_already_allocated'),
    ],
    [
      'shares_do_not_match',
      () =>
        spec
          .given([...world, splitA])
          .when({ type: 'AllocateShares', source: 'A', shares: half('A', 'C'), evidence: EV, ...on('2020-01-01') })
          .thenThrows('shares_do_not_match', { expected: ['A', 'B'], given: ['A', 'C'] }),
    ],
    ['evidence_unknown', () => spec.given([...world, dissolvedB]).when({ type: 'IdentifyReceiver', code: 'B', receiver: 'C', evidence: { level: 'unknown' }, ...on('2019-12-01') }).thenThrows('evidence_unknown')],
  ];

  it('the list of cases covers every exported code', () => {
    expect(cases.map(([c]) => c).sort()).toEqual([...LOCALITY_ERROR_CODES].sort());
  });
  for (const [code, run] of cases) it(code, run);
});

describe('register decider: validation', () => {
  it('lists every invalid field of a command, with the entity named', () => {
    let error: unknown;
    try {
      localityDecider.decide({ type: 'EstablishLocality', code: 'bad code!', name: '', kind: 'village' as never, effectiveDate: '2019-02-30', legalBasis: '' }, localityDecider.initialState);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.issues.map((i) => formatPath(i.path)).sort()).toEqual(['code', 'effectiveDate', 'kind', 'legalBasis', 'name']);
    expect(v.message).toContain('EstablishLocality bad code!');
  });

  it('rejects unknown fields instead of ignoring them', () => {
    expect(() => localityDecider.decide({ type: 'RenameLocality', code: 'A', name: 'X', effectiveDate: '2020-01-01', legalBasis: 't', extra: 1 } as never, localityDecider.initialState)).toThrow(ValidationError);
  });
});
