// fast-check arbitraries for rule trees and facts, shared by the criteria property tests.
import fc from 'fast-check';
import { SEVERITIES, metricCounts, type Severity } from '../../../src/domain/incident/labels.js';
import type {
  BaselineFact,
  ChildrenRecognisedFact,
  CountFact,
  FlagFact,
  IncidentQuery,
  RuleFacts,
  RuleInput,
} from '../../../src/domain/criteria/index.js';

/** A small pool, so that incidents and leaves often match. */
export const LABEL_POOL = ['crime.social-order', 'crime.drug', 'security.sabotage', 'mass-complaint', 'prolonged-dispute', 'social-evil.gambling'] as const;
const PATTERN_POOL = [...LABEL_POOL, 'crime.*', 'security.*', 'social-evil.*'] as const;

const verifiedMeta = fc.record({ verified: fc.boolean() }, { requiredKeys: [] });

export const noIncidentsLeaf: fc.Arbitrary<RuleInput> = fc
  .tuple(fc.uniqueArray(fc.constantFrom(...PATTERN_POOL), { minLength: 1, maxLength: 3 }), fc.option(fc.constantFrom(...SEVERITIES), { nil: undefined }), verifiedMeta)
  .map(([labels, minSeverity, meta]) => (minSeverity === undefined ? { op: 'noIncidents', labels, ...meta } : { op: 'noIncidents', labels, minSeverity, ...meta }));

const metric = fc.constantFrom('social-order-crime', 'crime-and-violations', 'traffic-accidents');
const standard = fc.constantFrom('antt-safe-commune:art5', 'antt-safe-residential:art4', 'commune-standard-2021:19.2');
const percent = fc.integer({ min: 0, max: 10_000 }).map((bp) => bp / 100);

/** Every leaf except `noIncidents`. */
export const otherLeaf: fc.Arbitrary<RuleInput> = fc.oneof(
  fc.tuple(metric, verifiedMeta).map(([m, meta]) => ({ op: 'notMoreThanPrevious' as const, metric: m, ...meta })),
  fc.tuple(metric, fc.constantFrom(2019, 2020), percent, verifiedMeta).map(([m, y, p, meta]) => ({ op: 'reductionVsBaseline' as const, metric: m, baselineYear: y, minPercent: p, ...meta })),
  fc.tuple(standard, percent, verifiedMeta).map(([s, p, meta]) => ({ op: 'shareOfChildrenRecognised' as const, standard: s, minPercent: p, ...meta })),
  fc.tuple(fc.constantFrom('a', 'b', 'c'), verifiedMeta).map(([f, meta]) => ({ op: 'attested' as const, fact: f, ...meta })),
  fc.tuple(standard, verifiedMeta).map(([s, meta]) => ({ op: 'recognised' as const, standard: s, ...meta })),
  fc.tuple(fc.constantFrom('key-complex-antt', 'other-list'), fc.constantFrom('self' as const, 'children' as const), verifiedMeta).map(([l, scope, meta]) => ({
    op: 'notListed' as const,
    list: l,
    scope,
    ...meta,
  })),
);

/** Any leaf. */
export const anyLeaf: fc.Arbitrary<RuleInput> = fc.oneof(noIncidentsLeaf, otherLeaf);

const combinators = (child: fc.Arbitrary<RuleInput>, negated: fc.Arbitrary<RuleInput>) => [
  fc.tuple(fc.array(child, { minLength: 1, maxLength: 4 }), verifiedMeta).map(([rules, meta]): RuleInput => ({ op: 'all', rules, ...meta })),
  fc.tuple(fc.array(child, { minLength: 1, maxLength: 4 }), verifiedMeta).map(([rules, meta]): RuleInput => ({ op: 'any', rules, ...meta })),
  fc.tuple(negated, verifiedMeta).map(([rule, meta]): RuleInput => ({ op: 'not', rule, ...meta })),
];

/** Random rule trees of every op. */
export const ruleTree: fc.Arbitrary<RuleInput> = fc.letrec<{ node: RuleInput }>((tie) => ({
  node: fc.oneof({ maxDepth: 5, depthIdentifier: 'rule' }, anyLeaf, ...combinators(tie('node'), tie('node'))),
})).node;

/**
 * Rule trees in which every `noIncidents` leaf sits under an even number of
 * `not`s (positive polarity): `pos` trees may hold `noIncidents`, `neg`
 * trees (under one more `not`) may not, except again inside a `not`.
 */
export const positiveIncidentTree: fc.Arbitrary<RuleInput> = fc.letrec<{ pos: RuleInput; neg: RuleInput }>((tie) => ({
  pos: fc.oneof({ maxDepth: 5, depthIdentifier: 'polar' }, anyLeaf, ...combinators(tie('pos'), tie('neg'))),
  neg: fc.oneof({ maxDepth: 5, depthIdentifier: 'polar' }, otherLeaf, ...combinators(tie('neg'), tie('pos'))),
})).pos;

export const countFact: fc.Arbitrary<CountFact> = fc.oneof(
  { weight: 4, arbitrary: fc.nat(30).map((value): CountFact => ({ kind: 'count', value })) },
  { weight: 1, arbitrary: fc.constant<CountFact>({ kind: 'no_data', reason: 'no data' }) },
  { weight: 1, arbitrary: fc.constant<CountFact>({ kind: 'not_comparable', reason: 'split without allocation' }) },
);
export const baselineFact: fc.Arbitrary<BaselineFact> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.nat(40), fc.integer({ min: 1, max: 4 })).map(([numerator, denominator]): BaselineFact => ({ kind: 'count', numerator, denominator })) },
  { weight: 1, arbitrary: fc.constant<BaselineFact>({ kind: 'missing', reason: 'no 2019 figure' }) },
  { weight: 1, arbitrary: fc.constant<BaselineFact>({ kind: 'not_comparable', reason: 'split' }) },
);
export const flagFact: fc.Arbitrary<FlagFact> = fc.oneof(
  { weight: 4, arbitrary: fc.boolean().map((value): FlagFact => ({ kind: 'flag', value })) },
  { weight: 1, arbitrary: fc.constant<FlagFact>({ kind: 'no_data', reason: 'not attested' }) },
);
export const childrenFact: fc.Arbitrary<ChildrenRecognisedFact> = fc.oneof(
  { weight: 4, arbitrary: fc.nat(12).chain((total) => fc.nat(total).map((recognised): ChildrenRecognisedFact => ({ kind: 'ok', recognised, total }))) },
  { weight: 1, arbitrary: fc.constant<ChildrenRecognisedFact>({ kind: 'no_data', reason: 'no hierarchy' }) },
);

/** Facts other than incidents: pure random functions of their arguments. */
export const otherFacts: fc.Arbitrary<Omit<RuleFacts, 'incidents'>> = fc.record({
  metric: fc.func(countFact),
  baseline: fc.func(baselineFact),
  attested: fc.func(flagFact),
  recognised: fc.func(flagFact),
  listed: fc.func(flagFact),
  childrenRecognised: fc.func(childrenFact),
});

/** Random facts of every kind. */
export const ruleFacts: fc.Arbitrary<RuleFacts> = fc.tuple(otherFacts, fc.func(countFact)).map(([facts, incidents]) => ({ ...facts, incidents }));

/** An incident as the `incidents` stub sees it. */
export interface TestIncident {
  readonly labels: readonly string[];
  readonly severity?: Severity;
}
export const incident: fc.Arbitrary<TestIncident> = fc
  .tuple(fc.uniqueArray(fc.constantFrom(...LABEL_POOL), { minLength: 1, maxLength: 2 }), fc.option(fc.constantFrom(...SEVERITIES), { nil: undefined }))
  .map(([labels, severity]) => (severity === undefined ? { labels } : { labels, severity }));

/**
 * An `incidents` fact that counts matching incidents, except for queries
 * that ask about a pattern in `unknown` (answered `no_data` however many
 * incidents there are).
 */
export function incidentsFrom(incidents: readonly TestIncident[], unknown: ReadonlySet<string>): (q: IncidentQuery) => CountFact {
  return (q) => {
    if (q.labels.some((l) => unknown.has(l))) return { kind: 'no_data', reason: 'no incident data for this label' };
    const metric = q.minSeverity === undefined ? { labels: [...q.labels] } : { labels: [...q.labels], minSeverity: q.minSeverity };
    return { kind: 'count', value: incidents.filter((i) => metricCounts(metric, i.labels, i.severity)).length };
  };
}

export const unknownPatterns: fc.Arbitrary<ReadonlySet<string>> = fc.subarray([...PATTERN_POOL], { maxLength: 2 }).map((xs) => new Set(xs));
