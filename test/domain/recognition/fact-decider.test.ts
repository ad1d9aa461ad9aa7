import { describe, expect, it } from 'vitest';
import { FACT_ERROR_CODES, attestedFacts, factDecider, factValue, factsStreamId, type FactCommand, type FactEventBody } from '../../../src/domain/recognition/index.js';
import { formatPath, isValidationError, type ValidationError } from '../../../src/kernel/index.js';
import { deciderSpec } from '../../../src/testing/index.js';
import { localities } from './fixtures.js';

const decider = factDecider({ localities });
const spec = deciderSpec(decider);

const attest = (over: Partial<FactCommand> = {}): FactCommand => ({
  type: 'AttestFact',
  localityCode: '16000',
  fact: 'q1-resolution',
  year: 2023,
  value: true,
  attestedBy: 'Đảng ủy xã Hoằng Đức',
  attestedOn: '2023-03-20',
  ...over,
});
const attested = (over: Partial<FactEventBody['data']> = {}): FactEventBody => ({
  type: 'FactAttested',
  data: { localityCode: '16000', fact: 'q1-resolution', year: 2023, value: true, attestedBy: 'Đảng ủy xã Hoằng Đức', attestedOn: '2023-03-20', ...over },
});

const covered = new Set<string>();
const rejects = (given: FactEventBody[], command: FactCommand, code: (typeof FACT_ERROR_CODES)[number], details?: Record<string, unknown>): void => {
  covered.add(code);
  spec.given(given).when(command).thenThrows(code, details);
};

describe('fact decider', () => {
  it('attests a fact', () => {
    spec.given([]).when(attest({ note: 'Nghị quyết số 05-NQ/ĐU' })).then([attested({ note: 'Nghị quyết số 05-NQ/ĐU' })]);
  });

  it('ignores an attestation identical to the current one, and records a correction', () => {
    spec.given([attested()]).when(attest()).thenNothing();
    spec.given([attested()]).when(attest({ value: false, attestedOn: '2023-04-01' })).then([attested({ value: false, attestedOn: '2023-04-01' })]);
  });

  it('accepts a fact about next year once its assessment window opens (1 November)', () => {
    spec.given([]).when(attest({ year: 2024, attestedOn: '2023-11-01' })).then([attested({ year: 2024, attestedOn: '2023-11-01' })]);
  });

  it('refuses a fact about a later year: fact_year_invalid', () => {
    rejects([], attest({ year: 2024, attestedOn: '2023-10-31' }), 'fact_year_invalid', { year: 2024 });
  });

  it('refuses a unit that did not exist on the attestation date: locality_not_found_on_date', () => {
    rejects([], attest({ localityCode: '16003', year: 2020, attestedOn: '2020-03-01' }), 'locality_not_found_on_date', { localityCode: '16003' });
  });

  it('refuses another unit than the stream’s: locality_mismatch', () => {
    rejects([attested()], attest({ localityCode: '16001' }), 'locality_mismatch');
  });

  it('lists every invalid field', () => {
    let error: ValidationError | undefined;
    try {
      decider.decide({ type: 'AttestFact', localityCode: '16000', fact: 'q1 resolution', year: 23, value: 'yes', attestedBy: '', attestedOn: '2023-02-29' } as unknown as FactCommand, decider.initialState);
    } catch (e) {
      if (isValidationError(e)) error = e;
    }
    expect(error?.entity).toBe('fact q1 resolution of locality 16000');
    expect(error?.issues.map((i) => formatPath(i.path)).sort()).toEqual(['attestedBy', 'attestedOn', 'fact', 'value', 'year']);
  });

  it('every code has a test', () => {
    expect([...covered].sort()).toEqual([...FACT_ERROR_CODES].sort());
  });
});

describe('attestedFacts and factValue', () => {
  const facts = attestedFacts([
    attested(),
    attested({ fact: 'police-officer-disciplined', value: false, attestedOn: '2023-11-30', attestedBy: 'Công an thành phố' }),
    attested({ value: false, attestedOn: '2023-06-01', note: 'resolution annulled' }),
    attested({ localityCode: '16001', value: true }),
  ]);

  it('keeps every attestation and answers with the last', () => {
    expect(facts).toHaveLength(3);
    expect(facts[0]!.attestations).toHaveLength(2);
    expect(factValue(facts, '16000', 'q1-resolution', 2023)).toBe(false);
    expect(factValue(facts, '16001', 'q1-resolution', 2023)).toBe(true);
    expect(factValue(facts, '16000', 'police-officer-disciplined', 2023)).toBe(false);
  });

  it('answers no data as undefined, and as known on a day', () => {
    expect(factValue(facts, '16000', 'movement-model-effective', 2023)).toBeUndefined();
    expect(factValue(facts, '16000', 'q1-resolution', 2023, { asOf: '2023-05-31' })).toBe(true);
    expect(factValue(facts, '16000', 'q1-resolution', 2023, { asOf: '2023-01-01' })).toBeUndefined();
  });

  it('names the stream', () => {
    expect(factsStreamId('16000')).toBe('facts-16000');
  });
});
