import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Rule,
  allOf,
  anyOf,
  evaluateRule,
  explanationNodes,
  noFacts,
  negate,
  ruleOutcome,
  walkRule,
  type CombinatorExplanation,
  type Outcome,
  type ReductionVsBaselineExplanation,
  type RuleFacts,
  type RuleInput,
  type ShareOfChildrenRecognisedExplanation,
} from '../../../src/domain/criteria/index.js';
import { add, compare, mul, rational } from '../../../src/domain/shared/rational.js';
import { formatPath } from '../../../src/kernel/index.js';
import { incident, incidentsFrom, positiveIncidentTree, ruleFacts, ruleTree, unknownPatterns, otherFacts } from './arbitraries.js';

const reduction = (minPercent = 5) => Rule.parse({ op: 'reductionVsBaseline', metric: 'social-order-crime', baselineYear: 2019, minPercent });
const withBaseline = (numerator: number, denominator: number, current: number): RuleFacts => ({
  ...noFacts,
  baseline: () => ({ kind: 'count', numerator, denominator }),
  metric: () => ({ kind: 'count', value: current }),
});
const rank: Record<Outcome, number> = { met: 2, not_met: 0, no_data: 1, baseline_missing: 1, baseline_zero: 1, not_comparable: 1 };

describe('reductionVsBaseline (exact arithmetic)', () => {
  it('a 5 % cut passes at exactly 5 % and fails one case short', () => {
    const met = evaluateRule(reduction(), withBaseline(20, 1, 19));
    expect(met.outcome).toBe('met');
    expect(met.explanation).toMatchObject({
      op: 'reductionVsBaseline',
      baseline: { numerator: 20, denominator: 1 },
      current: 19,
      reductionPercent: 5,
      thresholdBasisPoints: 500,
      maxCurrent: 19,
    });
    expect(evaluateRule(reduction(), withBaseline(20, 1, 20)).outcome).toBe('not_met');
    expect(evaluateRule(reduction(), withBaseline(100, 1, 95)).outcome).toBe('met');
    expect(evaluateRule(reduction(), withBaseline(100, 1, 96)).outcome).toBe('not_met');
    // 2.5 % of 40 is exactly one case.
    expect(evaluateRule(reduction(2.5), withBaseline(40, 1, 39)).outcome).toBe('met');
    expect(evaluateRule(reduction(2.5), withBaseline(40, 1, 40)).outcome).toBe('not_met');
  });

  it('works on a fractional (rebased) baseline', () => {
    expect(evaluateRule(reduction(), withBaseline(60, 3, 19)).outcome).toBe('met'); // 20 → 19: exactly 5 %
    expect(evaluateRule(reduction(), withBaseline(59, 3, 19)).outcome).toBe('not_met'); // 19.67 → 19: 3.4 %
    const r = evaluateRule(reduction(), withBaseline(61, 3, 19)); // 20.33 → 19: 6.56 %
    expect(r.outcome).toBe('met');
    expect(r.explanation).toMatchObject({ baseline: { numerator: 61, denominator: 3 }, reductionPercent: 6.56, maxCurrent: 19 });
  });

  it('zero baseline → baseline_zero; missing → baseline_missing; not comparable → not_comparable; no current → no_data', () => {
    expect(evaluateRule(reduction(), withBaseline(0, 1, 0)).outcome).toBe('baseline_zero');
    expect(evaluateRule(reduction(), withBaseline(0, 1, 3)).outcome).toBe('baseline_zero');
    const missing = evaluateRule(reduction(), { ...noFacts, baseline: () => ({ kind: 'missing', reason: 'no 2019 figure' }), metric: () => ({ kind: 'count', value: 3 }) });
    expect(missing.outcome).toBe('baseline_missing');
    expect(missing.explanation).toMatchObject({ baseline: null, current: 3, reason: 'baseline 2019: no 2019 figure' });
    expect(missing.explanation.message.en).toContain('no 2019 figure');
    expect(evaluateRule(reduction(), { ...noFacts, baseline: () => ({ kind: 'not_comparable', reason: 'split without allocation' }), metric: () => ({ kind: 'count', value: 3 }) }).outcome).toBe(
      'not_comparable',
    );
    expect(evaluateRule(reduction(), { ...noFacts, baseline: () => ({ kind: 'count', numerator: 20, denominator: 1 }) }).outcome).toBe('no_data');
    // Several reasons: the most serious wins.
    expect(evaluateRule(reduction(), withBaseline(0, 1, 0)).outcome).toBe('baseline_zero');
    expect(evaluateRule(reduction(), { ...noFacts, baseline: () => ({ kind: 'count', numerator: 0, denominator: 1 }) }).outcome).toBe('baseline_zero');
    expect(evaluateRule(reduction(), { ...noFacts, metric: () => ({ kind: 'not_comparable', reason: 'x' }) }).outcome).toBe('not_comparable');
  });

  it('property: with 5 %, cur = floor(19·base/20) is met and one more is not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), (base) => {
        const cur = Math.floor((19 * base) / 20);
        expect(evaluateRule(reduction(), withBaseline(base, 1, cur)).outcome).toBe('met');
        expect(evaluateRule(reduction(), withBaseline(base, 1, cur + 1)).outcome).toBe('not_met');
      }),
    );
  });

  it('property: agrees with exact rational arithmetic for any baseline fraction, threshold and current value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 10_000 }), fc.nat(), (p, q, bp, seed) => {
        const rule = reduction(bp / 100);
        const expectedMax = Math.floor((p * (10_000 - bp)) / (10_000 * q));
        const cur = seed % (Math.ceil(p / q) + 2);
        // Oracle: 100 × (p/q − cur) ≥ (bp/100) × (p/q), in exact fractions.
        const lhs = mul(rational(100), add(rational(p, q), rational(-cur)));
        const rhs = mul(rational(bp, 100), rational(p, q));
        const r = evaluateRule(rule, withBaseline(p, q, cur));
        expect(r.outcome).toBe(compare(lhs, rhs) >= 0 ? 'met' : 'not_met');
        expect((r.explanation as ReductionVsBaselineExplanation).maxCurrent).toBe(expectedMax);
        expect(evaluateRule(rule, withBaseline(p, q, expectedMax)).outcome).toBe('met');
        expect(evaluateRule(rule, withBaseline(p, q, expectedMax + 1)).outcome).toBe('not_met');
      }),
    );
  });
});

describe('shareOfChildrenRecognised', () => {
  const share = (minPercent: number) => Rule.parse({ op: 'shareOfChildrenRecognised', standard: 'antt-safe-residential:art4', minPercent });
  const children = (recognised: number, total: number): RuleFacts => ({ ...noFacts, childrenRecognised: () => ({ kind: 'ok', recognised, total }) });

  it('uses integer cross-multiplication at the boundary', () => {
    expect(evaluateRule(share(70), children(7, 10)).outcome).toBe('met');
    expect(evaluateRule(share(70), children(6, 10)).outcome).toBe('not_met');
    expect(evaluateRule(share(99.5), children(199, 200)).outcome).toBe('met');
    expect(evaluateRule(share(99.5), children(198, 200)).outcome).toBe('not_met');
    expect(evaluateRule(share(70), children(5, 7)).explanation).toMatchObject({ percent: 71.43, minRecognised: 5, outcome: 'met' });
  });

  it('no child units → no_data; explanation carries members and exclusions', () => {
    expect(evaluateRule(share(70), children(0, 0)).outcome).toBe('no_data');
    const r = evaluateRule(share(70), {
      ...noFacts,
      childrenRecognised: () => ({ kind: 'ok', recognised: 1, total: 2, members: ['t1'], notRecognised: ['t2'], exclusions: [{ code: 't3', reason: 'established after the period' }] }),
    });
    expect(r.explanation).toMatchObject({ outcome: 'not_met', members: ['t1'], notRecognised: ['t2'], exclusions: [{ code: 't3' }], minRecognised: 2 });
  });

  it('property: met iff 10000·recognised ≥ bp·total', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }).chain((t) => fc.tuple(fc.constant(t), fc.nat(t))), fc.integer({ min: 0, max: 10_000 }), ([total, recognised], bp) => {
        const r = evaluateRule(share(bp / 100), children(recognised, total));
        expect(r.outcome).toBe(10_000 * recognised >= bp * total ? 'met' : 'not_met');
        const min = (r.explanation as ShareOfChildrenRecognisedExplanation).minRecognised!;
        expect(evaluateRule(share(bp / 100), children(min, total)).outcome).toBe('met');
        if (min > 0) expect(evaluateRule(share(bp / 100), children(min - 1, total)).outcome).toBe('not_met');
      }),
    );
  });
});

describe('other leaves', () => {
  it('noIncidents asks for exactly its labels and severity', () => {
    const asked: unknown[] = [];
    const rule = Rule.parse({ op: 'noIncidents', labels: ['crime.*'], minSeverity: 'serious' });
    const r = evaluateRule(rule, {
      ...noFacts,
      incidents: (q) => {
        asked.push(q);
        return { kind: 'count', value: 2, detail: { incidents: ['i1', 'i2'] } };
      },
    });
    expect(asked).toEqual([{ labels: ['crime.*'], minSeverity: 'serious' }]);
    expect(r.outcome).toBe('not_met');
    expect(r.explanation).toMatchObject({ count: 2, minSeverity: 'serious', detail: { incidents: ['i1', 'i2'] } });
    expect(r.explanation.message.en).toBe('2 incidents labelled crime.* (serious or worse) in the period; none allowed');
    expect(evaluateRule(rule, { ...noFacts, incidents: () => ({ kind: 'count', value: 0 }) }).outcome).toBe('met');
    expect(evaluateRule(rule, noFacts).outcome).toBe('no_data');
    expect(evaluateRule(rule, { ...noFacts, incidents: () => ({ kind: 'not_comparable', reason: 'x' }) }).outcome).toBe('not_comparable');
  });

  it('notMoreThanPrevious compares the two periods', () => {
    const rule = Rule.parse({ op: 'notMoreThanPrevious', metric: 'crime-and-violations' });
    const m = (cur: number | null, prev: number | null): RuleFacts => ({
      ...noFacts,
      metric: (_id, which) => {
        const v = which === 'current' ? cur : prev;
        return v === null ? { kind: 'no_data', reason: `no ${which} figure` } : { kind: 'count', value: v };
      },
    });
    expect(evaluateRule(rule, m(3, 4)).outcome).toBe('met');
    expect(evaluateRule(rule, m(4, 4)).outcome).toBe('met');
    const worse = evaluateRule(rule, m(5, 4));
    expect(worse.outcome).toBe('not_met');
    expect(worse.explanation).toMatchObject({ current: 5, previous: 4, changePercent: 25 });
    expect(evaluateRule(rule, m(5, null)).explanation).toMatchObject({ outcome: 'no_data', reason: 'previous: no previous figure' });
  });

  it('attested, recognised and notListed read flags (none → no_data)', () => {
    const attested = Rule.parse({ op: 'attested', fact: 'effective-movement-model' });
    expect(evaluateRule(attested, { ...noFacts, attested: () => ({ kind: 'flag', value: true }) }).outcome).toBe('met');
    expect(evaluateRule(attested, { ...noFacts, attested: () => ({ kind: 'flag', value: false }) }).outcome).toBe('not_met');
    expect(evaluateRule(attested, noFacts).outcome).toBe('no_data');
    const recognised = Rule.parse({ op: 'recognised', standard: 'antt-safe-commune:art5' });
    expect(evaluateRule(recognised, { ...noFacts, recognised: (s) => ({ kind: 'flag', value: s === 'antt-safe-commune:art5' }) }).outcome).toBe('met');
    const notListed = Rule.parse({ op: 'notListed', list: 'key-complex-antt', scope: 'children' });
    const listed = evaluateRule(notListed, { ...noFacts, listed: (_l, scope) => ({ kind: 'flag', value: scope === 'children', members: ['15001', '15004'] }) });
    expect(listed.outcome).toBe('not_met');
    expect(listed.explanation).toMatchObject({ subject: 'key-complex-antt', scope: 'children', value: true, members: ['15001', '15004'] });
    expect(evaluateRule(notListed, { ...noFacts, listed: () => ({ kind: 'flag', value: false }) }).outcome).toBe('met');
  });

  it('rejects malformed facts instead of guessing', () => {
    expect(() => evaluateRule(reduction(), withBaseline(20, 1, -1))).toThrow(RangeError);
    expect(() => evaluateRule(reduction(), withBaseline(20, 0, 1))).toThrow(RangeError);
    expect(() => evaluateRule(reduction(), withBaseline(20.5, 1, 1))).toThrow(RangeError);
    const share = Rule.parse({ op: 'shareOfChildrenRecognised', standard: 'a:b', minPercent: 50 });
    expect(() => evaluateRule(share, { ...noFacts, childrenRecognised: () => ({ kind: 'ok', recognised: 3, total: 2 }) })).toThrow(/3 recognised of 2/);
  });
});

describe('combinators and explanations', () => {
  const tree = Rule.parse({
    op: 'all',
    id: 'root',
    rules: [
      { op: 'attested', fact: 'a', id: 'a' },
      { op: 'any', id: 'either', rules: [{ op: 'attested', fact: 'b', id: 'b' }, { op: 'attested', fact: 'c', id: 'c', verified: false, source: '[U] c' }] },
      { op: 'not', id: 'not-d', rule: { op: 'attested', fact: 'd', id: 'd' } },
    ],
  });
  const flags =
    (values: Record<string, boolean | null>): RuleFacts['attested'] =>
    (f) => {
      const v = values[f];
      return v === null || v === undefined ? { kind: 'no_data', reason: `nothing attested for ${f}` } : { kind: 'flag', value: v };
    };

  it('mirrors the rule, with outcomes, marks and messages on every node', () => {
    const r = evaluateRule(tree, { ...noFacts, attested: flags({ a: true, b: false, c: true, d: false }) });
    expect(r.outcome).toBe('met');
    const nodes = explanationNodes(r.explanation);
    expect(nodes.map((n) => [n.path, n.id, n.op, n.outcome, n.verified, n.reliesOnUnverified])).toEqual([
      ['(root)', 'root', 'all', 'met', true, true],
      ['rules[0]', 'a', 'attested', 'met', true, false],
      ['rules[1]', 'either', 'any', 'met', true, true],
      ['rules[1].rules[0]', 'b', 'attested', 'not_met', true, false],
      ['rules[1].rules[1]', 'c', 'attested', 'met', false, true],
      ['rules[2]', 'not-d', 'not', 'met', true, false],
      ['rules[2].rule', 'd', 'attested', 'not_met', true, false],
    ]);
    expect(r.explanation.message).toEqual({ en: 'all 3 conditions met', vi: 'đạt cả 3 điều kiện' });
  });

  it('names the failing and the undetermined conditions', () => {
    const failing = evaluateRule(tree, { ...noFacts, attested: flags({ a: false, b: true, c: null, d: true }) });
    expect(failing.outcome).toBe('not_met');
    expect(failing.explanation.message.en).toBe('2 of 3 conditions not met: a, not-d');
    const unknown = evaluateRule(tree, { ...noFacts, attested: flags({ a: true, b: false, c: null, d: false }) });
    expect(unknown.outcome).toBe('no_data');
    expect(unknown.explanation.message.en).toBe('no data: from either');
  });

  it('property: the outcome of every node equals its combinator over its children, and the tree mirrors the rule', () => {
    fc.assert(
      fc.property(ruleTree, ruleFacts, (input, facts) => {
        const rule = Rule.parse(input);
        const { outcome, explanation } = evaluateRule(rule, facts);
        expect(outcome).toBe(explanation.outcome);
        const rulePaths: string[] = [];
        walkRule(rule, (n, path) => rulePaths.push(`${formatPath(path)} ${n.op}`));
        const nodes = explanationNodes(explanation);
        expect(nodes.map((n) => `${n.path} ${n.op}`)).toEqual(rulePaths);
        for (const n of nodes) {
          if (n.op === 'all' || n.op === 'any' || n.op === 'not') {
            const children = (n as CombinatorExplanation).children.map((c) => c.outcome);
            const expected = n.op === 'all' ? allOf(children) : n.op === 'any' ? anyOf(children) : negate(children[0]!);
            expect(n.outcome).toBe(expected);
            expect(n.reliesOnUnverified).toBe(!n.verified || (n as CombinatorExplanation).children.some((c) => c.reliesOnUnverified));
          } else {
            expect(n.reliesOnUnverified).toBe(!n.verified);
          }
        }
      }),
    );
  });

  /** Facts that record every question asked, in order. */
  const recording = (facts: RuleFacts, log: string[]): RuleFacts => ({
    incidents: (q) => (log.push(`incidents ${JSON.stringify(q)}`), facts.incidents(q)),
    metric: (m, w) => (log.push(`metric ${m} ${w}`), facts.metric(m, w)),
    baseline: (m, y) => (log.push(`baseline ${m} ${y}`), facts.baseline(m, y)),
    attested: (f) => (log.push(`attested ${f}`), facts.attested(f)),
    recognised: (st) => (log.push(`recognised ${st}`), facts.recognised(st)),
    listed: (l, sc) => (log.push(`listed ${l} ${sc}`), facts.listed(l, sc)),
    childrenRecognised: (st) => (log.push(`children ${st}`), facts.childrenRecognised(st)),
  });
  const outcomeOrError = (f: () => Outcome): string => {
    try {
      return f();
    } catch (e) {
      return `${(e as Error).name}: ${(e as Error).message}`;
    }
  };

  it('property: ruleOutcome equals the outcome of evaluateRule and asks the same facts in the same order', () => {
    fc.assert(
      fc.property(ruleTree, ruleFacts, (input, facts) => {
        const rule = Rule.parse(input);
        const full: string[] = [];
        const lean: string[] = [];
        expect(ruleOutcome(rule, recording(facts, lean))).toBe(evaluateRule(rule, recording(facts, full)).outcome);
        expect(lean).toEqual(full);
      }),
    );
  });

  it('property: on malformed facts (negative, fractional, more recognised than children) ruleOutcome throws what evaluateRule throws', () => {
    const badCount = fc.constantFrom(-1, 0.5, Number.NaN, 2 ** 60);
    const bad: fc.Arbitrary<RuleFacts> = fc.tuple(ruleFacts, badCount, fc.integer({ min: 0, max: 5 })).map(([facts, v, which]) => ({
      ...facts,
      ...(which === 0 ? { incidents: () => ({ kind: 'count' as const, value: v }) } : {}),
      ...(which === 1 ? { metric: () => ({ kind: 'count' as const, value: v }) } : {}),
      ...(which === 2 ? { baseline: () => ({ kind: 'count' as const, numerator: v, denominator: 1 }) } : {}),
      ...(which === 3 ? { baseline: () => ({ kind: 'count' as const, numerator: 3, denominator: 0 }) } : {}),
      ...(which === 4 ? { childrenRecognised: () => ({ kind: 'ok' as const, recognised: 5, total: 4 }) } : {}),
      ...(which === 5 ? { childrenRecognised: () => ({ kind: 'ok' as const, recognised: 1, total: v }) } : {}),
    }));
    let threw = 0;
    fc.assert(
      fc.property(ruleTree, bad, (input, facts) => {
        const rule = Rule.parse(input);
        const full = outcomeOrError(() => evaluateRule(rule, facts).outcome);
        if (full.startsWith('RangeError')) threw++;
        expect(outcomeOrError(() => ruleOutcome(rule, facts))).toBe(full);
      }),
      { numRuns: 300 },
    );
    // the malformed facts were reached, not only skipped by the trees drawn
    expect(threw).toBeGreaterThan(0);
  });

  it('property: evaluation is deterministic and the explanation is plain JSON', () => {
    fc.assert(
      fc.property(ruleTree, ruleFacts, (input, facts) => {
        const rule = Rule.parse(input);
        const a = evaluateRule(rule, facts);
        expect(evaluateRule(rule, facts)).toEqual(a);
        expect(JSON.parse(JSON.stringify(a))).toEqual(a);
      }),
    );
  });

  it('property: adding an incident never turns not_met into met (noIncidents leaves in positive position)', () => {
    fc.assert(
      fc.property(positiveIncidentTree, otherFacts, fc.array(incident, { maxLength: 4 }), incident, unknownPatterns, (input, other, before, extra, unknown) => {
        const rule = Rule.parse(input);
        const was = evaluateRule(rule, { ...other, incidents: incidentsFrom(before, unknown) }).outcome;
        const now = evaluateRule(rule, { ...other, incidents: incidentsFrom([...before, extra], unknown) }).outcome;
        expect(rank[now]).toBeLessThanOrEqual(rank[was]);
        if (was === 'not_met') expect(now).toBe('not_met');
        if (was !== 'met') expect(now).not.toBe('met');
      }),
      { numRuns: 1000 },
    );
  });

  it('an incident a noIncidents leaf counts turns it from met to not_met', () => {
    const rule = Rule.parse({ op: 'all', rules: [{ op: 'noIncidents', labels: ['security.*'] }, { op: 'attested', fact: 'x' }] });
    const facts = (n: number): RuleFacts => ({ ...noFacts, attested: () => ({ kind: 'flag', value: true }), incidents: incidentsFrom(Array.from({ length: n }, () => ({ labels: ['security.sabotage'] })), new Set()) });
    expect(evaluateRule(rule, facts(0)).outcome).toBe('met');
    expect(evaluateRule(rule, facts(1)).outcome).toBe('not_met');
  });

  it('the negation of a rule with a noIncidents leaf can go the other way, which is why the property needs polarity', () => {
    const rule: RuleInput = { op: 'not', rule: { op: 'noIncidents', labels: ['security.*'] } };
    const f = (n: number): RuleFacts => ({ ...noFacts, incidents: () => ({ kind: 'count', value: n }) });
    expect(evaluateRule(Rule.parse(rule), f(0)).outcome).toBe('not_met');
    expect(evaluateRule(Rule.parse(rule), f(1)).outcome).toBe('met');
  });
});
