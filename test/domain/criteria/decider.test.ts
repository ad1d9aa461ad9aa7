import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../adapters/memory/index.js';
import {
  CRITERIA_ERROR_CODES,
  CriteriaCatalogue,
  Rule,
  builtInCriteriaEvents,
  builtInCriteriaStreams,
  criteriaDecider,
  criteriaEventDefinitions,
  criteriaStreamId,
  type CriteriaCommand,
  type CriteriaEventBody,
  type RuleInput,
} from '../../../src/domain/criteria/index.js';
import { eventRegistry, handle, isValidationError } from '../../../src/kernel/index.js';
import { deciderSpec } from '../../../src/testing/index.js';

const spec = deciderSpec(criteriaDecider);
const covered = new Set<string>();
const rejects = (given: readonly CriteriaEventBody[], when: CriteriaCommand, code: string, details?: Record<string, unknown>): void => {
  spec.given(given).when(when).thenThrows(code, details);
  covered.add(code);
};

const publishData = {
  setId: 'commune-standard-2021',
  title: { vi: 'Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025', en: 'National NTM commune criteria 2021-2025' },
  legalBasis: '318/QĐ-TTg',
  scope: 'commune',
  level: 'standard',
  appliesTo: ['xa'],
  assessment: 'calendar-year',
  validFrom: '2022-03-08',
  validTo: '2025-12-31',
  verified: true,
} as const;
const published: CriteriaEventBody = { type: 'CriteriaSetPublished', data: { ...publishData, appliesTo: ['xa'] } };

const ruleInput: RuleInput = {
  op: 'all',
  id: 'qd318-19.2',
  rules: [
    { op: 'recognised', standard: 'antt-safe-commune:art5', id: 'antt-safe' },
    { op: 'notListed', list: 'key-complex-antt', id: 'not-key-complex', verified: false, source: '[U] assumed' },
  ],
};
const defineData = {
  setId: 'commune-standard-2021',
  code: '19.2',
  criterion: { number: '19', title: { vi: 'Quốc phòng và An ninh', en: 'Defence and security' } },
  title: { vi: 'Đảm bảo an toàn về an ninh, trật tự xã hội', en: 'Security and social order ensured' },
  rule: ruleInput,
  verified: false,
} as const;
const defined: CriteriaEventBody = { type: 'IndicatorDefined', data: { ...defineData, rule: Rule.parse(ruleInput) } };

const amendData = {
  setId: 'commune-standard-2021',
  code: '19.2',
  rule: { op: 'recognised', standard: 'antt-safe-commune:art5' },
  effectiveFrom: '2023-01-01',
  reason: 'the key/complex condition is settled by the province',
  legalBasis: 'KH 123/KH-UBND',
  provinceCode: '38',
} as const;
const retired: CriteriaEventBody = { type: 'CriteriaSetRetired', data: { setId: 'commune-standard-2021', effectiveDate: '2025-07-01', legalBasis: 'xxx/QĐ-TTg' } };

describe('criteria decider: given / when / then', () => {
  it('publishes a set, defines an indicator, amends it for a province, retires the set', () => {
    spec.given([]).when({ type: 'PublishCriteriaSet', ...publishData, appliesTo: ['xa'] }).then([published]);
    spec.given([published]).when({ type: 'DefineIndicator', ...defineData }).then([defined]);
    spec
      .given([published, defined])
      .when({ type: 'AmendIndicator', ...amendData })
      .then([{ type: 'IndicatorAmended', data: { ...amendData, rule: { op: 'recognised', standard: 'antt-safe-commune:art5', verified: true } } }]);
    spec.given([published, defined]).when({ type: 'RetireCriteriaSet', ...retired.data }).then([retired]);
  });

  it('is idempotent: a command whose effect is already recorded, with the same content, produces nothing', () => {
    spec.given([published]).when({ type: 'PublishCriteriaSet', ...publishData, appliesTo: ['xa'] }).thenNothing();
    spec.given([published, defined]).when({ type: 'DefineIndicator', ...defineData }).thenNothing();
    const amended: CriteriaEventBody = { type: 'IndicatorAmended', data: { ...amendData, rule: Rule.parse(amendData.rule) } };
    spec.given([published, defined, amended]).when({ type: 'AmendIndicator', ...amendData }).thenNothing();
    spec.given([published, retired]).when({ type: 'RetireCriteriaSet', ...retired.data }).thenNothing();
  });

  it('criteria_set_exists: a different publication on an existing set', () => {
    rejects([published], { type: 'PublishCriteriaSet', ...publishData, appliesTo: ['xa'], validTo: '2026-12-31' }, 'criteria_set_exists', { setId: 'commune-standard-2021' });
  });

  it('criteria_set_not_found: any other command before the set is published', () => {
    rejects([], { type: 'DefineIndicator', ...defineData }, 'criteria_set_not_found', { setId: 'commune-standard-2021' });
    rejects([], { type: 'AmendIndicator', ...amendData }, 'criteria_set_not_found');
    rejects([], { type: 'RetireCriteriaSet', ...retired.data }, 'criteria_set_not_found');
  });

  it('criteria_set_mismatch: a command naming another set than the stream holds', () => {
    rejects([published], { type: 'DefineIndicator', ...defineData, setId: 'commune-advanced-2021' }, 'criteria_set_mismatch', {
      setId: 'commune-advanced-2021',
      streamSetId: 'commune-standard-2021',
    });
  });

  it('criteria_set_retired: no new indicator, no second retirement, no amendment from the retirement date on', () => {
    rejects([published, retired], { type: 'DefineIndicator', ...defineData }, 'criteria_set_retired', { retiredFrom: '2025-07-01' });
    rejects([published, retired], { type: 'RetireCriteriaSet', ...retired.data, effectiveDate: '2025-08-01' }, 'criteria_set_retired');
    rejects([published, defined, retired], { type: 'AmendIndicator', ...amendData, effectiveFrom: '2025-07-01' }, 'criteria_set_retired');
    // An amendment for a day the set still applied is accepted.
    spec
      .given([published, defined, retired])
      .when({ type: 'AmendIndicator', ...amendData, effectiveFrom: '2025-06-30' })
      .then([{ type: 'IndicatorAmended', data: { ...amendData, effectiveFrom: '2025-06-30', rule: Rule.parse(amendData.rule) } }]);
  });

  it('indicator_exists: a code defined again with other content', () => {
    rejects([published, defined], { type: 'DefineIndicator', ...defineData, verified: true }, 'indicator_exists', { code: '19.2' });
  });

  it('indicator_not_found: amending an indicator never defined', () => {
    rejects([published, defined], { type: 'AmendIndicator', ...amendData, code: '19.1' }, 'indicator_not_found', { code: '19.1' });
  });

  it('amendment_before_valid_from and amendment_after_valid_to', () => {
    rejects([published, defined], { type: 'AmendIndicator', ...amendData, effectiveFrom: '2022-03-07' }, 'amendment_before_valid_from', { validFrom: '2022-03-08' });
    rejects([published, defined], { type: 'AmendIndicator', ...amendData, effectiveFrom: '2026-01-01' }, 'amendment_after_valid_to', { validTo: '2025-12-31' });
    spec
      .given([published, defined])
      .when({ type: 'AmendIndicator', ...amendData, effectiveFrom: '2022-03-08' })
      .then([{ type: 'IndicatorAmended', data: { ...amendData, effectiveFrom: '2022-03-08', rule: Rule.parse(amendData.rule) } }]);
  });

  it('retirement_before_valid_from', () => {
    rejects([published], { type: 'RetireCriteriaSet', ...retired.data, effectiveDate: '2022-01-01' }, 'retirement_before_valid_from');
  });

  it('rule_not_applicable_to_scope: a residential area has no child units', () => {
    const residential: CriteriaEventBody = {
      type: 'CriteriaSetPublished',
      data: { ...publishData, setId: 'antt-safe-residential', scope: 'residential', level: 'safe', appliesTo: ['thon'], assessment: 'assessment-year-residential' },
    };
    const share = { op: 'shareOfChildrenRecognised', standard: 'antt-safe-residential:art4', minPercent: 70 } as const;
    rejects([residential], { type: 'DefineIndicator', ...defineData, setId: 'antt-safe-residential', code: 'art4', rule: { op: 'all', rules: [share] } }, 'rule_not_applicable_to_scope', {
      path: ['rules', 0],
    });
    const art4: CriteriaEventBody = { type: 'IndicatorDefined', data: { ...defineData, setId: 'antt-safe-residential', code: 'art4', rule: Rule.parse({ op: 'attested', fact: 'x' }) } };
    rejects(
      [residential, art4],
      { type: 'AmendIndicator', ...amendData, setId: 'antt-safe-residential', code: 'art4', rule: { op: 'notListed', list: 'key-complex-antt', scope: 'children' } },
      'rule_not_applicable_to_scope',
    );
  });

  it('validation_failed: every issue, with paths, and the set named', () => {
    const run = (command: unknown, given: readonly CriteriaEventBody[] = []) => {
      try {
        let state = criteriaDecider.initialState;
        for (const e of given) state = criteriaDecider.evolve(state, e);
        criteriaDecider.decide(command as CriteriaCommand, state);
      } catch (e) {
        if (isValidationError(e)) return e;
        throw e;
      }
      throw new Error('expected a ValidationError');
    };
    const bad = run({ type: 'PublishCriteriaSet', ...publishData, appliesTo: ['xa', 'huyen', 'xa'], validTo: '2021-01-01', extra: true });
    expect(bad.code).toBe('validation_failed');
    expect(bad.entity).toBe('criteria set commune-standard-2021 (PublishCriteriaSet)');
    expect(bad.issues.map((i) => [i.code, i.path])).toEqual([
      ['unrecognized_keys', []],
      ['custom', ['validTo']],
      ['custom', ['appliesTo', 1]],
      ['custom', ['appliesTo', 2]],
    ]);
    expect(bad.message).toContain('validTo 2021-01-01 is before validFrom 2022-03-08');
    expect(bad.message).toContain('kind huyen is not a commune-level kind');
    expect(bad.message).toContain('kind xa is listed twice');
    const badRule = run({ type: 'DefineIndicator', ...defineData, rule: { op: 'all', rules: [{ op: 'attested' }, { op: 'noIncidents', labels: ['Crime'] }] } }, [published]);
    expect(badRule.entity).toBe('criteria set commune-standard-2021 indicator 19.2 (DefineIndicator)');
    expect(badRule.issues.map((i) => i.path)).toEqual([
      ['rule', 'rules', 0, 'fact'],
      ['rule', 'rules', 1, 'labels', 0],
    ]);
    expect(run({ type: 'FrobnicateCriteria', setId: 'x' }).issues[0]).toMatchObject({ path: ['type'], code: 'unknown_command' });
  });

  it('handle() writes each set to its own stream; the catalogue rebuilt from the store equals the built-in one', async () => {
    const store = memoryStore({ events: eventRegistry([...criteriaEventDefinitions]) });
    const commands = (events: readonly CriteriaEventBody[]): CriteriaCommand[] =>
      events.map((e) => {
        switch (e.type) {
          case 'CriteriaSetPublished':
            return { type: 'PublishCriteriaSet', ...e.data };
          case 'IndicatorDefined':
            return { type: 'DefineIndicator', ...e.data };
          case 'IndicatorAmended':
            return { type: 'AmendIndicator', ...e.data };
          case 'CriteriaSetRetired':
            return { type: 'RetireCriteriaSet', ...e.data };
        }
      });
    for (let round = 0; round < 2; round++) {
      for (const { streamId, setId, events } of builtInCriteriaStreams()) {
        expect(streamId).toBe(criteriaStreamId(setId));
        for (const c of commands(events)) await handle(store, streamId, criteriaDecider, c);
      }
    }
    // The second round changed nothing (idempotent seeding).
    const stored = [];
    for await (const e of store.readAll()) stored.push(e);
    expect(stored.map((e) => ({ type: e.type, data: e.data }))).toEqual(builtInCriteriaEvents());
    expect(new Set(stored.map((e) => e.streamId)).size).toBe(7);
    expect(CriteriaCatalogue.from(stored).describe()).toEqual(CriteriaCatalogue.from(builtInCriteriaEvents()).describe());
    await store.close();
  });
});

describe('criteria decider: coverage', () => {
  // Runs after the cases above (tests in a file run in order).
  it('every code in CRITERIA_ERROR_CODES is exercised by a given/when/then case', () => {
    expect([...covered].sort()).toEqual([...CRITERIA_ERROR_CODES].sort());
  });
});
