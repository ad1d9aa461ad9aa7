import { describe, expect, it } from 'vitest';
import {
  KEY_COMPLEX_ERROR_CODES,
  KEY_COMPLEX_LIST_STREAM_ID,
  isListed,
  keyComplexListDecider,
  keyComplexListingOf,
  listedOn,
  listingIntervals,
  type KeyComplexCommand,
  type KeyComplexEventBody,
} from '../../../src/domain/recognition/index.js';
import { formatPath, isValidationError, type ValidationError } from '../../../src/kernel/index.js';
import { deciderSpec } from '../../../src/testing/index.js';
import { localities } from './fixtures.js';

const decider = keyComplexListDecider({ localities });
const spec = deciderSpec(decider);

const bca = (date: string) => ({ number: `${date.slice(0, 4)}/QĐ-BCA`, date, authority: 'Bộ Công an' });
const list = (localityCode: string, effectiveDate: string): KeyComplexCommand => ({ type: 'ListKeyComplex', localityCode, effectiveDate, decision: bca(effectiveDate) });
const delist = (localityCode: string, effectiveDate: string): KeyComplexCommand => ({ type: 'DelistKeyComplex', localityCode, effectiveDate, decision: bca(effectiveDate) });
const listed = (localityCode: string, effectiveDate: string): KeyComplexEventBody => ({ type: 'KeyComplexListed', data: { localityCode, effectiveDate, decision: bca(effectiveDate) } });
const delisted = (localityCode: string, effectiveDate: string): KeyComplexEventBody => ({ type: 'KeyComplexDelisted', data: { localityCode, effectiveDate, decision: bca(effectiveDate) } });

const covered = new Set<string>();
const rejects = (given: KeyComplexEventBody[], command: KeyComplexCommand, code: (typeof KEY_COMPLEX_ERROR_CODES)[number], details?: Record<string, unknown>): void => {
  covered.add(code);
  spec.given(given).when(command).thenThrows(code, details);
};

describe('key/complex list decider', () => {
  it('lists and delists communes, and relists them later', () => {
    spec.given([]).when(list('16000', '2022-01-01')).then([listed('16000', '2022-01-01')]);
    spec.given([listed('16000', '2022-01-01')]).when(list('16001', '2022-01-01')).then([listed('16001', '2022-01-01')]);
    spec.given([listed('16000', '2022-01-01')]).when(delist('16000', '2024-01-01')).then([delisted('16000', '2024-01-01')]);
    spec.given([listed('16000', '2022-01-01'), delisted('16000', '2024-01-01')]).when(list('16000', '2024-01-01')).then([listed('16000', '2024-01-01')]);
  });

  it('refuses a commune on the list: already_listed', () => {
    rejects([listed('16000', '2022-01-01')], list('16000', '2023-01-01'), 'already_listed', { since: '2022-01-01' });
  });

  it('refuses to delist a commune not on the list: not_listed', () => {
    rejects([], delist('16000', '2024-01-01'), 'not_listed');
    rejects([listed('16000', '2022-01-01'), delisted('16000', '2024-01-01')], delist('16000', '2024-06-01'), 'not_listed');
  });

  it('refuses a commune that did not exist on the effective date: locality_not_found_on_date', () => {
    rejects([], list('16003', '2020-01-01'), 'locality_not_found_on_date');
    rejects([], list('16010', '2019-12-31'), 'locality_not_found_on_date');
  });

  it('refuses a unit that is not commune-level: locality_not_commune_level', () => {
    rejects([], list('380', '2022-01-01'), 'locality_not_commune_level', { kind: 'thanh-pho' });
    rejects([], list('T16000-1', '2022-01-01'), 'locality_not_commune_level');
  });

  it('refuses changes out of date order: effective_date_out_of_order', () => {
    rejects([listed('16000', '2022-01-01')], delist('16000', '2022-01-01'), 'effective_date_out_of_order');
    rejects([listed('16000', '2022-01-01')], delist('16000', '2021-06-01'), 'effective_date_out_of_order');
    rejects([listed('16000', '2022-01-01'), delisted('16000', '2024-01-01')], list('16000', '2023-06-01'), 'effective_date_out_of_order');
  });

  it('lists every invalid field', () => {
    let error: ValidationError | undefined;
    try {
      decider.decide({ type: 'ListKeyComplex', localityCode: '16000', effectiveDate: '2022-13-01', decision: { number: '1', date: '2022-01-01' } } as unknown as KeyComplexCommand, {});
    } catch (e) {
      if (isValidationError(e)) error = e;
    }
    expect(error?.entity).toBe('key/complex listing of locality 16000');
    expect(error?.issues.map((i) => formatPath(i.path)).sort()).toEqual(['decision.authority', 'effectiveDate']);
  });

  it('every code has a test', () => {
    expect([...covered].sort()).toEqual([...KEY_COMPLEX_ERROR_CODES].sort());
  });
});

describe('keyComplexListingOf', () => {
  const listing = keyComplexListingOf([listed('16000', '2022-01-01'), listed('16001', '2023-01-01'), delisted('16000', '2024-01-01')]);

  it('answers whether a commune is listed on a day (delisting effective from its date)', () => {
    expect(isListed(listing, '16000', '2021-12-31')).toBe(false);
    expect(isListed(listing, '16000', '2022-01-01')).toBe(true);
    expect(isListed(listing, '16000', '2023-12-31')).toBe(true);
    expect(isListed(listing, '16000', '2024-01-01')).toBe(false);
    expect(isListed(listing, 'constructor', '2024-01-01')).toBe(false);
    expect(listedOn(listing, '2023-06-30')).toEqual(['16000', '16001']);
    expect(listedOn(listing, '2024-06-30')).toEqual(['16001']);
    expect(listingIntervals(listing, '16000')).toHaveLength(1);
    expect(listingIntervals(listing, 'toString')).toEqual([]);
  });

  it('names the stream', () => {
    expect(KEY_COMPLEX_LIST_STREAM_ID).toBe('key-complex-list');
  });
});
