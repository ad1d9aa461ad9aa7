import { describe, expect, it } from 'vitest';
import {
  RECOGNITION_ERROR_CODES,
  StandardRecognised,
  effectiveYears,
  holdsRecognition,
  recognitionDecider,
  recognitionHolding,
  recognitionStreamId,
  recognitionsOf,
  type RecognitionCommand,
  type RecognitionEventBody,
} from '../../../src/domain/recognition/index.js';
import { formatPath, isValidationError, type ValidationError } from '../../../src/kernel/index.js';
import { deciderSpec } from '../../../src/testing/index.js';
import { localities, standards } from './fixtures.js';

const decider = recognitionDecider({ localities, standards });
const spec = deciderSpec(decider);

const SAFE = 'antt-safe-commune:art5';
const NTM = 'commune-standard-2021:19.2';
const decision = (date: string, number = '1234/QĐ-UBND') => ({ number, date, authority: 'UBND thành phố Thanh Hóa' });

type Recognise = Extract<RecognitionCommand, { type: 'RecogniseStandard' }>;
const recognise = (over: Partial<Recognise> = {}): RecognitionCommand => ({
  type: 'RecogniseStandard',
  recognitionId: 'r1',
  localityCode: '16000',
  standard: SAFE,
  period: { fromYear: 2023, toYear: 2023 },
  decision: decision('2023-12-20'),
  ...over,
});
const recognised = (over: Partial<Extract<RecognitionEventBody, { type: 'StandardRecognised' }>['data']> = {}): RecognitionEventBody => ({
  type: 'StandardRecognised',
  data: { recognitionId: 'r1', localityCode: '16000', standard: SAFE, period: { fromYear: 2023, toYear: 2023 }, decision: decision('2023-12-20'), ...over },
});
const revoked = (over: Partial<Extract<RecognitionEventBody, { type: 'RecognitionRevoked' }>['data']> = {}): RecognitionEventBody => ({
  type: 'RecognitionRevoked',
  data: { recognitionId: 'r1', localityCode: '16000', standard: SAFE, decision: decision('2024-03-01', '88/QĐ-UBND'), reason: 'untruthful dossier', ...over },
});
const revoke = (over: Partial<Extract<RecognitionCommand, { type: 'RevokeRecognition' }>> = {}): RecognitionCommand => ({
  type: 'RevokeRecognition',
  recognitionId: 'r1',
  localityCode: '16000',
  decision: decision('2024-03-01', '88/QĐ-UBND'),
  reason: 'untruthful dossier',
  ...over,
});

const covered = new Set<string>();
const rejects = (given: RecognitionEventBody[], command: RecognitionCommand, code: (typeof RECOGNITION_ERROR_CODES)[number], details?: Record<string, unknown>): void => {
  covered.add(code);
  spec.given(given).when(command).thenThrows(code, details);
};

function validationErrorOf(command: unknown): ValidationError {
  try {
    decider.decide(command as RecognitionCommand, decider.initialState);
  } catch (e) {
    if (isValidationError(e)) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('recognition decider: RecogniseStandard', () => {
  it('recognises a xã as ANTT-safe for one assessment year', () => {
    spec.given([]).when(recognise()).then([recognised()]);
  });

  it('accepts an open-ended recognition (no toYear)', () => {
    spec.given([]).when(recognise({ standard: NTM, period: { fromYear: 2022 }, decision: decision('2022-12-15') })).then([recognised({ standard: NTM, period: { fromYear: 2022 }, decision: decision('2022-12-15') })]);
  });

  it('accepts antt-safe-commune:art5 for a phường, and refuses a commune NTM standard for it: standard_not_applicable', () => {
    spec.given([]).when(recognise({ localityCode: '16001' })).then([recognised({ localityCode: '16001' })]);
    rejects([], recognise({ localityCode: '16001', standard: NTM }), 'standard_not_applicable', { kind: 'phuong', appliesTo: ['xa'] });
  });

  it('uses the unit kind on the decision date (a xã that became a phường on 2021-02-01)', () => {
    spec
      .given([])
      .when(recognise({ localityCode: '16005', standard: NTM, period: { fromYear: 2021 }, decision: decision('2021-01-15') }))
      .then([recognised({ localityCode: '16005', standard: NTM, period: { fromYear: 2021 }, decision: decision('2021-01-15') })]);
    rejects([], recognise({ localityCode: '16005', standard: NTM, period: { fromYear: 2021 }, decision: decision('2021-02-01') }), 'standard_not_applicable');
  });

  it('refuses an id already used: recognition_exists', () => {
    rejects([recognised()], recognise({ period: { fromYear: 2024, toYear: 2024 }, decision: decision('2024-12-20') }), 'recognition_exists');
  });

  it('refuses a command for another unit than the stream: locality_mismatch', () => {
    rejects([recognised()], recognise({ recognitionId: 'r2', localityCode: '16001' }), 'locality_mismatch', { streamLocality: '16000' });
  });

  it('refuses an unknown standard: unknown_standard', () => {
    rejects([], recognise({ standard: 'commune-standard-2030:19.2' }), 'unknown_standard', { standard: 'commune-standard-2030:19.2' });
  });

  it('refuses a unit that did not exist on the decision date: locality_not_found_on_date', () => {
    rejects([], recognise({ localityCode: '16010', standard: NTM, period: { fromYear: 2019 }, decision: decision('2019-12-15') }), 'locality_not_found_on_date');
    rejects([], recognise({ localityCode: '16003', standard: NTM, period: { fromYear: 2021 }, decision: decision('2021-12-15') }), 'locality_not_found_on_date');
  });

  it('refuses a year outside the standard’s validity: standard_not_in_force', () => {
    rejects([], recognise({ standard: NTM, period: { fromYear: 2026 }, decision: decision('2026-12-20') }), 'standard_not_in_force', { validTo: '2025-12-31' });
    rejects([], recognise({ period: { fromYear: 2021 }, decision: decision('2022-03-01') }), 'standard_not_in_force');
  });

  it('refuses a decision dated before the year’s assessment could start: decision_before_period', () => {
    rejects([], recognise({ period: { fromYear: 2024 }, decision: decision('2023-10-31') }), 'decision_before_period');
    spec.given([]).when(recognise({ period: { fromYear: 2024 }, decision: decision('2023-11-01') })).then([recognised({ period: { fromYear: 2024 }, decision: decision('2023-11-01') })]);
  });

  it('refuses a second recognition of the same standard for the same years: recognition_overlaps', () => {
    const open = recognised({ period: { fromYear: 2022 }, decision: decision('2022-12-20') });
    rejects([open], recognise({ recognitionId: 'r2' }), 'recognition_overlaps', { overlapping: 'r1' });
    rejects([recognised()], recognise({ recognitionId: 'r2', period: { fromYear: 2022 }, decision: decision('2023-12-30') }), 'recognition_overlaps');
  });

  it('accepts adjacent years, other standards, and years freed by a revocation', () => {
    spec
      .given([recognised()])
      .when(recognise({ recognitionId: 'r2', period: { fromYear: 2024, toYear: 2024 }, decision: decision('2024-12-20') }))
      .then([recognised({ recognitionId: 'r2', period: { fromYear: 2024, toYear: 2024 }, decision: decision('2024-12-20') })]);
    spec
      .given([recognised()])
      .when(recognise({ recognitionId: 'r2', standard: NTM }))
      .then([recognised({ recognitionId: 'r2', standard: NTM })]);
    spec
      .given([recognised({ period: { fromYear: 2022 }, decision: decision('2022-12-20') }), revoked({ fromYear: 2023 })])
      .when(recognise({ recognitionId: 'r2' }))
      .then([recognised({ recognitionId: 'r2' })]);
  });
});

describe('recognition decider: RevokeRecognition', () => {
  it('revokes a recognition, copying its standard', () => {
    spec.given([recognised()]).when(revoke()).then([revoked()]);
    spec
      .given([recognised({ period: { fromYear: 2022 }, decision: decision('2022-12-20') })])
      .when(revoke({ fromYear: 2024 }))
      .then([revoked({ fromYear: 2024 })]);
  });

  it('refuses an unknown recognition: recognition_not_found', () => {
    rejects([], revoke(), 'recognition_not_found');
    rejects([recognised()], revoke({ recognitionId: 'r9' }), 'recognition_not_found');
  });

  it('refuses a second revocation: recognition_already_revoked', () => {
    rejects([recognised(), revoked()], revoke({ decision: decision('2024-05-01', '99/QĐ-UBND') }), 'recognition_already_revoked');
  });

  it('refuses a revocation year outside the recognised years: revocation_year_outside_period', () => {
    rejects([recognised()], revoke({ fromYear: 2024 }), 'revocation_year_outside_period', { fromYear: 2024 });
    rejects([recognised()], revoke({ fromYear: 2022 }), 'revocation_year_outside_period');
  });

  it('refuses a revocation dated before the recognition: decision_before_recognition', () => {
    rejects([recognised()], revoke({ decision: decision('2023-12-19', '88/QĐ-UBND') }), 'decision_before_recognition');
  });

  it('refuses a revocation in another unit’s stream: locality_mismatch', () => {
    rejects([recognised()], revoke({ localityCode: '16001' }), 'locality_mismatch');
  });
});

describe('recognition decider: validation', () => {
  it('lists every invalid field and names the recognition', () => {
    const e = validationErrorOf({
      type: 'RecogniseStandard',
      recognitionId: 'r1',
      localityCode: '16000',
      standard: 'bad standard',
      period: { fromYear: 2023, toYear: 2022 },
      decision: { number: '', date: '2023-02-30', authority: 'UBND' },
    });
    expect(e.entity).toBe('recognition r1 of locality 16000');
    expect(e.issues.map((i) => formatPath(i.path)).sort()).toEqual(['decision.date', 'decision.number', 'period.toYear', 'standard']);
  });

  it('requires a reason to revoke', () => {
    const e = validationErrorOf({ type: 'RevokeRecognition', recognitionId: 'r1', localityCode: '16000', decision: decision('2024-03-01'), reason: '' });
    expect(e.issues.map((i) => formatPath(i.path))).toEqual(['reason']);
  });
});

describe('recognitionsOf and holdsRecognition', () => {
  const events: RecognitionEventBody[] = [
    recognised({ recognitionId: 'a', period: { fromYear: 2022, toYear: 2022 }, decision: decision('2022-12-20') }),
    recognised({ recognitionId: 'b', standard: NTM, period: { fromYear: 2021 }, decision: decision('2021-12-20') }),
    recognised({ recognitionId: 'c', period: { fromYear: 2023, toYear: 2023 }, decision: decision('2023-12-20') }),
    revoked({ recognitionId: 'b', standard: NTM, fromYear: 2024, decision: decision('2024-06-01') }),
    revoked({ recognitionId: 'c', decision: decision('2024-03-01') }),
  ];
  const list = recognitionsOf(events);

  it('folds recognitions with their revocations', () => {
    expect(list.map((r) => [r.recognitionId, r.revocation?.fromYear ?? (r.revocation ? 'void' : null)])).toEqual([
      ['a', null],
      ['b', 2024],
      ['c', 'void'],
    ]);
    expect(StandardRecognised.schema.safeParse(events[0]!.data).success).toBe(true);
  });

  it('answers per assessment year', () => {
    expect(holdsRecognition(list, SAFE, 2022)).toBe(true);
    expect(holdsRecognition(list, SAFE, 2023)).toBe(false); // void from the start
    expect(holdsRecognition(list, SAFE, 2021)).toBe(false);
    expect(holdsRecognition(list, NTM, 2021)).toBe(true);
    expect(holdsRecognition(list, NTM, 2023)).toBe(true);
    expect(holdsRecognition(list, NTM, 2024)).toBe(false);
    expect(recognitionHolding(list, NTM, 2022)?.recognitionId).toBe('b');
  });

  it('answers as known on a day (decisions dated after it do not count)', () => {
    expect(holdsRecognition(list, SAFE, 2023, { asOf: '2024-01-01' })).toBe(true); // revoked on 2024-03-01
    expect(holdsRecognition(list, SAFE, 2023, { asOf: '2023-12-19' })).toBe(false); // not yet recognised
    expect(holdsRecognition(list, NTM, 2024, { asOf: '2024-05-31' })).toBe(true);
  });

  it('computes effective years', () => {
    expect(effectiveYears(list[1]!)).toEqual({ fromYear: 2021, toYear: 2023 });
    expect(effectiveYears(list[2]!)).toBeUndefined();
    expect(effectiveYears(list[0]!)).toEqual({ fromYear: 2022, toYear: 2022 });
  });

  it('names the stream', () => {
    expect(recognitionStreamId('16000')).toBe('recognition-16000');
  });
});

describe('recognition error codes', () => {
  it('every code has a test', () => {
    expect([...covered].sort()).toEqual([...RECOGNITION_ERROR_CODES].sort());
  });
});
