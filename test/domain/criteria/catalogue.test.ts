import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_FACTS,
  BUILT_IN_LISTS,
  BUILT_IN_SET_IDS,
  CriteriaCatalogue,
  Rule,
  builtInCatalogue,
  builtInCriteriaEvents,
  criteriaDecider,
  evaluateRule,
  noFacts,
  walkRule,
  type CriteriaEventBody,
  type RuleFacts,
  type RuleInput,
} from '../../../src/domain/criteria/index.js';
import { isNtmAnttError, isValidationError } from '../../../src/kernel/index.js';
import { deciderSpec } from '../../../src/testing/index.js';

/** The listing a report or the docs print: every set and indicator with legal basis, every condition with its mark. */
function listing(catalogue: CriteriaCatalogue): string[] {
  const lines: string[] = [];
  for (const s of catalogue.describe()) {
    lines.push(`${s.setId} | ${s.legalBasis} | ${s.scope}/${s.level} | ${s.appliesTo.join(',')} | ${s.assessment} | ${s.validFrom}..${s.validTo ?? ''} | ${s.verified ? 'V' : 'U'}`);
    for (const i of s.indicators) {
      lines.push(`  ${i.standardId} | criterion ${i.criterion.number} | ${i.title.en} | ${i.verified ? 'V' : 'U'}`);
      for (const c of i.conditions) lines.push(`    ${'  '.repeat(c.depth)}[${c.verified ? 'V' : 'U'}] ${c.id ?? '-'}: ${c.summary}`);
    }
  }
  return lines;
}

describe('built-in criteria catalogue', () => {
  const catalogue = builtInCatalogue();

  it('lists every set and indicator with its legal basis and the verified mark of every condition', () => {
    expect(listing(catalogue)).toEqual([
      'antt-safe-residential | Thông tư 124/2021/TT-BCA (28/12/2021), Điều 4 | residential/safe | thon | assessment-year-residential | 2022-02-10.. | V',
      '  antt-safe-residential:art4 | criterion Điều 4 | Residential area meets the ANTT-safe standard | V',
      '    [V] tt124-art4: all of 10',
      '      [V] tt124-art4-1-q1-registration: attested: q1-registration-residential',
      '      [V] tt124-art4-2-law-implemented: attested: law-and-rules-implemented',
      '      [V] tt124-art4-3-security-events: no incidents labelled security.*, prolonged-dispute',
      '      [U] tt124-art4-3-mass-complaints: no incidents labelled mass-complaint',
      '      [U] tt124-art4-4-crime-not-rising: crime-and-violations not more than in the previous period',
      '      [U] tt124-art4-4-no-serious-crime: no incidents labelled crime.* (serious or worse)',
      '      [U] tt124-art4-4-no-serious-accident: not',
      '        [U] -: attested: serious-accident-subjective-cause',
      '      [U] tt124-art4-4-social-evils-controlled: attested: social-evils-controlled',
      '      [U] tt124-art4-5-self-management: attested: self-management-groups-active',
      '      [U] tt124-art4-5-reintegration: attested: reintegration-support',
      'antt-safe-commune | Thông tư 124/2021/TT-BCA (28/12/2021), Điều 5 | commune/safe | xa,phuong,thi-tran | assessment-year-commune | 2022-02-10.. | V',
      '  antt-safe-commune:art5 | criterion Điều 5 | Commune meets the ANTT-safe standard | V',
      '    [V] tt124-art5: all of 12',
      '      [V] tt124-art5-q1-resolution: attested: q1-resolution-plan-registration',
      '      [V] tt124-art5-movement-model: attested: effective-movement-model',
      '      [V] tt124-art5-art4-2-law-implemented: attested: law-and-rules-implemented',
      '      [V] tt124-art5-art4-3-security-events: no incidents labelled security.*, prolonged-dispute',
      '      [U] tt124-art5-art4-3-mass-complaints: no incidents labelled mass-complaint',
      '      [U] tt124-art5-art4-4-crime-not-rising: crime-and-violations not more than in the previous period',
      '      [U] tt124-art5-art4-4-no-serious-crime: no incidents labelled crime.* (serious or worse)',
      '      [U] tt124-art5-art4-4-no-serious-accident: not',
      '        [U] -: attested: serious-accident-subjective-cause',
      '      [U] tt124-art5-art4-4-social-evils-controlled: attested: social-evils-controlled',
      '      [V] tt124-art5-police-proactive: attested: commune-police-proactive',
      '      [V] tt124-art5-no-officer-disciplined: not',
      '        [V] -: attested: police-officer-disciplined',
      '      [U] tt124-art5-residential-share: at least 70 % of child units recognised for antt-safe-residential:art4',
      'commune-standard-2021 | Quyết định 318/QĐ-TTg (08/03/2022) | commune/standard | xa | calendar-year | 2022-03-08..2025-12-31 | V',
      '  commune-standard-2021:19.2 | criterion 19 | Security and social order ensured | U',
      '    [V] qd318-19.2: all of 2',
      '      [V] qd318-19.2-antt-safe: recognised for antt-safe-commune:art5',
      '      [U] qd318-19.2-not-key-complex: not on list key-complex-antt',
      'commune-advanced-2021 | Quyết định 318/QĐ-TTg (08/03/2022) | commune/advanced | xa | calendar-year | 2022-03-08..2025-12-31 | V',
      '  commune-advanced-2021:19.2 | criterion 19 | Security and social order ensured (advanced) | U',
      '    [U] qd318-adv-19.2: all of 3',
      '      [U] qd318-adv-19.2-basic-met: recognised for commune-standard-2021:19.2',
      '      [U] qd318-adv-19.2-antt-model: attested: effective-antt-model',
      '      [U] qd318-adv-19.2-commune-police: attested: commune-police-role-promoted',
      'commune-model-2021 | Quyết định 319/QĐ-TTg (08/03/2022) | commune/model | xa | calendar-year | 2022-03-08..2025-12-31 | V',
      '  commune-model-2021:antt | criterion ANTT | Model NTM commune in the security-and-order field | U',
      '    [U] qd319-antt: all of 2',
      '      [U] qd319-antt-advanced-met: recognised for commune-advanced-2021:19.2',
      '      [U] qd319-antt-outstanding: attested: antt-outstanding-field',
      'district-standard-2021 | Quyết định 320/QĐ-TTg (08/03/2022) | district/standard | huyen,thi-xa,thanh-pho | calendar-year | 2022-03-08..2025-12-31 | V',
      '  district-standard-2021:9.4 | criterion 9 | Security and order ensured | U',
      '    [U] qd320-9.4: all of 1',
      '      [U] qd320-9.4-no-key-complex-commune: no child unit on list key-complex-antt',
      'district-advanced-2021 | Quyết định 320/QĐ-TTg (08/03/2022) | district/advanced | huyen,thi-xa,thanh-pho | calendar-year | 2022-03-08..2025-12-31 | V',
      '  district-advanced-2021:9.1 | criterion 9 | Security and order ensured (advanced) | U',
      '    [U] qd320-adv-9.1: all of 3',
      '      [U] qd320-adv-9.1-basic-met: recognised for district-standard-2021:9.4',
      '      [U] qd320-adv-9.1-no-key-complex-commune: no child unit on list key-complex-antt',
      '      [U] qd320-adv-9.1-stricter-conditions: attested: district-advanced-antt-conditions',
    ]);
  });

  it('has exactly the 2021-2025 sets, with the standards the rest of the domain refers to', () => {
    expect(catalogue.sets().map((s) => s.set.setId)).toEqual([...BUILT_IN_SET_IDS]);
    expect(catalogue.standards().map((s) => [s.id, s.scope, s.appliesTo.join(',')])).toEqual([
      ['antt-safe-residential:art4', 'residential', 'thon'],
      ['antt-safe-commune:art5', 'commune', 'xa,phuong,thi-tran'],
      ['commune-standard-2021:19.2', 'commune', 'xa'],
      ['commune-advanced-2021:19.2', 'commune', 'xa'],
      ['commune-model-2021:antt', 'commune', 'xa'],
      ['district-standard-2021:9.4', 'district', 'huyen,thi-xa,thanh-pho'],
      ['district-advanced-2021:9.1', 'district', 'huyen,thi-xa,thanh-pho'],
    ]);
    for (const s of catalogue.standards()) expect(catalogue.standard(s.id)).toEqual(s);
    expect(catalogue.standard('antt-safe-commune:art5')).toMatchObject({ setId: 'antt-safe-commune', indicator: 'art5', validFrom: '2022-02-10', validTo: null });
    expect(catalogue.set('antt-safe-commune')?.set.assessment).toBe('assessment-year-commune');
    expect(catalogue.set('antt-safe-residential')?.set.assessment).toBe('assessment-year-residential');
    expect(catalogue.standard('nope:1')).toBeUndefined();
    expect(catalogue.standard('commune-standard-2021')).toBeUndefined();
  });

  it('every set carries its legal basis; every unverified condition says why; every verified leaf cites a verified source', () => {
    const instruments: Record<string, string> = {
      'antt-safe-residential': '124/2021/TT-BCA',
      'antt-safe-commune': '124/2021/TT-BCA',
      'commune-standard-2021': '318/QĐ-TTg',
      'commune-advanced-2021': '318/QĐ-TTg',
      'commune-model-2021': '319/QĐ-TTg',
      'district-standard-2021': '320/QĐ-TTg',
      'district-advanced-2021': '320/QĐ-TTg',
    };
    for (const s of catalogue.describe()) {
      expect(s.legalBasis).toContain(instruments[s.setId]);
      for (const i of s.indicators) {
        for (const c of i.conditions) {
          expect(c.source, `${i.standardId} ${c.path}`).not.toBeNull();
          if (!c.verified) expect(c.source, `${i.standardId} ${c.path}`).toContain('[U]');
          const leaf = c.op !== 'all' && c.op !== 'any' && c.op !== 'not';
          if (leaf && c.verified) {
            expect(c.source).toContain('[V');
            expect(c.source!.startsWith('[U]')).toBe(false);
          }
        }
        // The condition ids are what a province's override and a report refer to.
        expect(i.conditions[0]?.id).not.toBeNull();
      }
    }
  });

  it('only refers to standards, facts and lists that exist', () => {
    const facts = new Map(BUILT_IN_FACTS.map((f) => [f.id, f]));
    const lists = new Set(BUILT_IN_LISTS.map((l) => l.id));
    for (const s of catalogue.sets()) {
      for (const i of s.indicators) {
        walkRule(i.definition.rule, (node) => {
          if (node.op === 'recognised' || node.op === 'shareOfChildrenRecognised') expect(catalogue.standard(node.standard), node.standard).toBeDefined();
          if (node.op === 'attested') {
            expect(facts.has(node.fact), node.fact).toBe(true);
            expect(facts.get(node.fact)?.verified).toBe(node.verified);
          }
          if (node.op === 'notListed') expect(lists.has(node.list)).toBe(true);
        });
      }
    }
    expect(new Set(BUILT_IN_FACTS.map((f) => f.id)).size).toBe(BUILT_IN_FACTS.length);
  });

  it('is accepted by the decider as it is, set by set', () => {
    const spec = deciderSpec(criteriaDecider);
    const events = builtInCriteriaEvents();
    for (const setId of BUILT_IN_SET_IDS) {
      const own = events.filter((e) => e.data.setId === setId);
      for (let k = 0; k < own.length; k++) {
        const e = own[k]!;
        const command =
          e.type === 'CriteriaSetPublished' ? { type: 'PublishCriteriaSet' as const, ...e.data } : e.type === 'IndicatorDefined' ? { type: 'DefineIndicator' as const, ...e.data } : undefined;
        expect(command).toBeDefined();
        spec.given(own.slice(0, k)).when(command!).then([e]);
      }
    }
  });

  it('is built once and frozen; builtInCriteriaEvents() returns fresh copies', () => {
    expect(builtInCatalogue()).toBe(catalogue);
    expect(Object.isFrozen(catalogue.state.sets[0]?.set.title)).toBe(true);
    const a = builtInCriteriaEvents();
    const b = builtInCriteriaEvents();
    expect(a).toEqual(b);
    expect(a[0]).not.toBe(b[0]);
  });
});

describe('ruleFor: national amendments and provincial overrides', () => {
  const STANDARD = 'antt-safe-commune:art5';
  const base = builtInCriteriaEvents();
  const art5 = builtInCatalogue().ruleFor(STANDARD, { date: '2024-11-30' })!.rule;
  /** Art. 5 with its unverified residential-share condition replaced. */
  const withShare = (minPercent: number, verified: boolean, source: string): RuleInput => {
    if (art5.op !== 'all') throw new Error('Art. 5 is an all-rule');
    return {
      ...art5,
      rules: art5.rules.map((r) => (r.id === 'tt124-art5-residential-share' ? { ...r, minPercent, verified, source } : r)),
    };
  };
  const amend = (data: { effectiveFrom: string; provinceCode?: string; rule: RuleInput; legalBasis: string }): CriteriaEventBody => ({
    type: 'IndicatorAmended',
    data: { setId: 'antt-safe-commune', code: 'art5', reason: 'settles the residential share', ...data, rule: Rule.parse(data.rule) },
  });
  const thanhHoa = amend({ effectiveFrom: '2023-01-01', provinceCode: '38', rule: withShare(60, true, 'Thanh Hóa police guidance HD 01/CAT (provincial override)'), legalBasis: 'HD 01/CAT-PV01' });

  /** Everything met except the residential share: 13 of 20 residential areas (65 %) recognised. */
  const facts: RuleFacts = {
    ...noFacts,
    incidents: () => ({ kind: 'count', value: 0 }),
    metric: (_m, which) => ({ kind: 'count', value: which === 'current' ? 4 : 6 }),
    attested: (f) => ({ kind: 'flag', value: f !== 'police-officer-disciplined' && f !== 'serious-accident-subjective-cause' }),
    childrenRecognised: () => ({ kind: 'ok', recognised: 13, total: 20 }),
  };

  it('a province overrides an unverified condition, and only that province sees it', () => {
    const catalogue = CriteriaCatalogue.from([...base, thanhHoa]);
    const forThanhHoa = catalogue.ruleFor(STANDARD, { date: '2024-11-30', provinceCode: '38' })!;
    const forHanoi = catalogue.ruleFor(STANDARD, { date: '2024-11-30', provinceCode: '01' })!;
    const national = catalogue.ruleFor(STANDARD, { date: '2024-11-30' })!;
    const beforeOverride = catalogue.ruleFor(STANDARD, { date: '2022-12-31', provinceCode: '38' })!;

    expect(forThanhHoa.origin.kind).toBe('provincial-override');
    expect(forThanhHoa.legalBasis).toBe('HD 01/CAT-PV01');
    expect(forThanhHoa.provinceCode).toBe('38');
    expect(forHanoi.origin.kind).toBe('defined');
    expect(forHanoi.rule).toEqual(art5);
    expect(national.rule).toEqual(art5);
    expect(beforeOverride.origin.kind).toBe('defined');

    const share = (rule: Rule) => {
      let found: unknown;
      walkRule(rule, (n) => {
        if (n.id === 'tt124-art5-residential-share') found = n;
      });
      return found;
    };
    expect(share(forThanhHoa.rule)).toMatchObject({ minPercent: 60, verified: true });
    expect(share(forHanoi.rule)).toMatchObject({ minPercent: 70, verified: false });

    // Same facts, different answers: 65 % meets Thanh Hóa's 60 % but not the national 70 %.
    const th = evaluateRule(forThanhHoa.rule, facts);
    const hn = evaluateRule(forHanoi.rule, facts);
    expect(th.outcome).toBe('met');
    expect(hn.outcome).toBe('not_met');
    expect(hn.explanation.message.en).toBe('1 of 12 conditions not met: tt124-art5-residential-share');
    // Thanh Hóa's answer still rests on other unverified conditions, and says so.
    expect(th.explanation.reliesOnUnverified).toBe(true);
  });

  it('a national amendment applies from its date to every province without an override; the override keeps precedence', () => {
    const national = amend({ effectiveFrom: '2024-01-01', rule: withShare(80, true, 'national amendment'), legalBasis: 'TT xx/2023/TT-BCA' });
    const catalogue = CriteriaCatalogue.from([...base, thanhHoa, national]);
    expect(catalogue.ruleFor(STANDARD, { date: '2023-12-31', provinceCode: '01' })!.origin.kind).toBe('defined');
    const hanoi = catalogue.ruleFor(STANDARD, { date: '2024-01-01', provinceCode: '01' })!;
    expect(hanoi.origin.kind).toBe('national-amendment');
    expect(hanoi.legalBasis).toBe('TT xx/2023/TT-BCA');
    expect(catalogue.ruleFor(STANDARD, { date: '2024-06-30', provinceCode: '38' })!.origin.kind).toBe('provincial-override');
  });

  it('a later amendment with the same date corrects an earlier one; a retroactive one applies from its own date', () => {
    const first = amend({ effectiveFrom: '2024-01-01', rule: withShare(80, true, 'first'), legalBasis: 'A' });
    const correction = amend({ effectiveFrom: '2024-01-01', rule: withShare(75, true, 'correction'), legalBasis: 'B' });
    const retro = amend({ effectiveFrom: '2023-06-01', rule: withShare(65, true, 'retroactive'), legalBasis: 'C' });
    const catalogue = CriteriaCatalogue.from([...base, first, correction, retro]);
    expect(catalogue.ruleFor(STANDARD, { date: '2024-02-01' })!.legalBasis).toBe('B');
    expect(catalogue.ruleFor(STANDARD, { date: '2023-12-31' })!.legalBasis).toBe('C');
    expect(catalogue.ruleFor(STANDARD, { date: '2023-05-31' })!.origin.kind).toBe('defined');
    expect(catalogue.describe()[1]?.indicators[0]?.amendments.map((a) => [a.effectiveFrom, a.legalBasis, a.provinceCode])).toEqual([
      ['2024-01-01', 'A', null],
      ['2024-01-01', 'B', null],
      ['2023-06-01', 'C', null],
    ]);
  });

  it('says whether the set is in force on the date, retirement included', () => {
    const retired: CriteriaEventBody = { type: 'CriteriaSetRetired', data: { setId: 'commune-standard-2021', effectiveDate: '2025-07-01', legalBasis: 'x/QĐ-TTg' } };
    const catalogue = builtInCatalogue().with([retired]);
    const at = (date: string) => catalogue.ruleFor('commune-standard-2021:19.2', { date })!.inForce;
    expect([at('2022-03-07'), at('2022-03-08'), at('2025-06-30'), at('2025-07-01')]).toEqual([false, true, true, false]);
    expect(catalogue.standard('commune-standard-2021:19.2')?.validTo).toBe('2025-06-30');
    expect(catalogue.describe()[2]).toMatchObject({ validTo: '2025-12-31', lastDayInForce: '2025-06-30', retired: { effectiveDate: '2025-07-01' } });
    // The built-in catalogue itself is unchanged.
    expect(builtInCatalogue().standard('commune-standard-2021:19.2')?.validTo).toBe('2025-12-31');
    expect(catalogue.ruleFor('district-standard-2021:9.4', { date: '2026-01-01' })!.inForce).toBe(false);
  });
});

describe('CriteriaCatalogue.from', () => {
  it('ignores events of other areas and survives a JSON round trip of its state', () => {
    const catalogue = CriteriaCatalogue.from([{ type: 'LocalityRenamed', data: { code: '1' } }, ...builtInCriteriaEvents()]);
    expect(catalogue.describe()).toEqual(builtInCatalogue().describe());
    expect(CriteriaCatalogue.fromState(JSON.parse(JSON.stringify(catalogue.state))).describe()).toEqual(catalogue.describe());
    expect(CriteriaCatalogue.empty().standards()).toEqual([]);
  });

  it('validates criteria events and names every bad field with its index', () => {
    try {
      CriteriaCatalogue.from([
        ...builtInCriteriaEvents().slice(0, 2),
        { type: 'IndicatorAmended', data: { setId: 'antt-safe-residential', code: 'art4', rule: { op: 'attested' }, effectiveFrom: '2023-02-30', reason: 'x', legalBasis: 'y' } },
      ]);
      expect.unreachable();
    } catch (e) {
      expect(isValidationError(e)).toBe(true);
      if (!isValidationError(e)) return;
      expect(e.issues.map((i) => i.path)).toEqual([
        [2, 'data', 'rule', 'fact'],
        [2, 'data', 'effectiveFrom'],
      ]);
    }
  });

  it('rejects events out of order as a corrupt stream', () => {
    const [published, defined] = builtInCriteriaEvents();
    const fail = (events: CriteriaEventBody[]) => {
      try {
        CriteriaCatalogue.from(events);
      } catch (e) {
        return isNtmAnttError(e) ? e.code : String(e);
      }
      return 'no error';
    };
    expect(fail([defined!])).toBe('criteria_stream_corrupt');
    expect(fail([published!, published!])).toBe('criteria_stream_corrupt');
    expect(fail([published!, defined!, defined!])).toBe('criteria_stream_corrupt');
  });
});
