import { describe, expect, it } from 'vitest';
import { MAX_RULE_DEPTH, Rule, conditionIds, isFullyVerified, parseRule, walkRule, type RuleInput } from '../../../src/domain/criteria/index.js';

const issuesOf = (input: unknown) => {
  const r = parseRule(input);
  expect(r.success).toBe(false);
  return r.error!.issues.map((i) => ({ path: i.path, code: i.code }));
};

describe('rule schema', () => {
  it('parses every op and applies defaults (verified: true, notListed scope: self)', () => {
    const rule = Rule.parse({
      op: 'all',
      id: 'root',
      rules: [
        { op: 'noIncidents', labels: ['security.*', 'prolonged-dispute'], minSeverity: 'serious' },
        { op: 'notMoreThanPrevious', metric: 'crime-and-violations' },
        { op: 'reductionVsBaseline', metric: 'social-order-crime', baselineYear: 2019, minPercent: 5 },
        { op: 'shareOfChildrenRecognised', standard: 'antt-safe-residential:art4', minPercent: 70, verified: false, source: '[U] cut off' },
        { op: 'any', rules: [{ op: 'attested', fact: 'effective-movement-model' }, { op: 'recognised', standard: 'antt-safe-commune:art5' }] },
        { op: 'not', rule: { op: 'notListed', list: 'key-complex-antt' } },
      ],
    });
    expect(rule.verified).toBe(true);
    const ops: string[] = [];
    walkRule(rule, (n) => ops.push(n.op));
    expect(ops).toEqual(['all', 'noIncidents', 'notMoreThanPrevious', 'reductionVsBaseline', 'shareOfChildrenRecognised', 'any', 'attested', 'recognised', 'not', 'notListed']);
    const notListed = rule.op === 'all' && rule.rules[5]?.op === 'not' ? rule.rules[5].rule : undefined;
    expect(notListed).toEqual({ op: 'notListed', list: 'key-complex-antt', scope: 'self', verified: true });
    expect(isFullyVerified(rule)).toBe(false);
    expect(conditionIds(rule)).toEqual(['root']);
  });

  it('rejects unknown keys at any depth, with the path', () => {
    expect(issuesOf({ op: 'all', rules: [{ op: 'not', rule: { op: 'attested', fact: 'x', extra: 1 } }] })).toEqual([
      { path: ['rules', 0, 'rule'], code: 'unrecognized_keys' },
    ]);
  });

  it('reports every issue with its path, not just the first', () => {
    const issues = issuesOf({
      op: 'all',
      rules: [
        { op: 'reductionVsBaseline', metric: 'Social Order', baselineYear: 19, minPercent: 5.001 },
        { op: 'noIncidents', labels: [] },
        { op: 'nope' },
        { op: 'any', rules: [] },
        { op: 'notListed', list: 'key-complex-antt', scope: 'parent' },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual([
      ['rules', 0, 'metric'],
      ['rules', 0, 'baselineYear'],
      ['rules', 0, 'minPercent'],
      ['rules', 1, 'labels'],
      ['rules', 2, 'op'],
      ['rules', 3, 'rules'],
      ['rules', 4, 'scope'],
    ]);
  });

  it('rejects a bad label pattern, severity, percent and standard reference', () => {
    expect(issuesOf({ op: 'noIncidents', labels: ['Security'], minSeverity: 'grave' }).map((i) => i.path)).toEqual([['labels', 0], ['minSeverity']]);
    expect(issuesOf({ op: 'shareOfChildrenRecognised', standard: 'antt-safe', minPercent: 101 }).map((i) => i.path)).toEqual([['standard'], ['minPercent']]);
  });

  it('rejects a condition id used twice in one tree', () => {
    const r = parseRule({ op: 'all', rules: [{ op: 'attested', fact: 'a', id: 'c1' }, { op: 'not', rule: { op: 'attested', fact: 'b', id: 'c1' } }] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['rules', 1, 'rule', 'id'], message: expect.stringContaining('c1') });
  });

  it(`rejects nesting deeper than ${MAX_RULE_DEPTH} levels`, () => {
    let deep: RuleInput = { op: 'attested', fact: 'x' };
    for (let i = 0; i < MAX_RULE_DEPTH; i++) deep = { op: 'not', rule: deep };
    expect(parseRule(deep).success).toBe(true);
    expect(parseRule({ op: 'not', rule: deep }).success).toBe(false);
  });

  it('round-trips through JSON unchanged', () => {
    const rule = Rule.parse({ op: 'any', title: { vi: 'Một trong hai', en: 'Either' }, rules: [{ op: 'attested', fact: 'x', verified: false, source: '[U] x' }] });
    expect(Rule.parse(JSON.parse(JSON.stringify(rule)))).toEqual(rule);
  });
});
