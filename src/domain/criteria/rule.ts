/**
 * The rule tree of an indicator: JSON data, validated by zod, evaluated per
 * (unit, assessment period) by `evaluateRule`. Leaves ask for one fact each;
 * `all`, `any` and `not` combine them. Every node may carry a stable
 * condition `id`, a bilingual `title`, a `verified` mark (`false` for
 * conditions taken from text we could not verify) and the `source` it
 * comes from.
 *
 * @module
 */
import { z } from 'zod';
import { LabelPattern, MetricId, Severity } from '../incident/labels.js';
import { Percent, Text } from '../shared/values.js';

/**
 * A title in Vietnamese and English.
 *
 * @example
 * ```ts
 * LocalizedText.parse({ vi: 'Quốc phòng và An ninh', en: 'Defence and security' });
 * ```
 */
export const LocalizedText = z.strictObject({
  vi: Text.pipe(z.string().trim().min(1).max(500)),
  en: Text.pipe(z.string().trim().min(1).max(500)),
});
/** A title in Vietnamese and English. */
export type LocalizedText = z.infer<typeof LocalizedText>;

const slug = (what: string) =>
  z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9][a-z0-9._-]*$/, `${what} must be lower-case letters, digits and . _ - (starting with a letter or digit)`);

/**
 * A stable condition id, e.g. `tt124-art5-movement-model`. Reports and
 * provincial overrides refer to conditions by it.
 *
 * @example
 * ```ts
 * ConditionId.parse('tt124-art5-movement-model');
 * ```
 */
export const ConditionId = slug('a condition id');


/**
 * The id of an attested fact (a `FactAttested` subject), e.g. `effective-movement-model`.
 *
 * @example
 * ```ts
 * FactId.parse('police-officer-disciplined');
 * ```
 */
export const FactId = slug('a fact id');

/**
 * The id of a list of units, e.g. `key-complex-antt` (xã trọng điểm, phức tạp về ANTT).
 *
 * @example
 * ```ts
 * ListId.parse('key-complex-antt');
 * ```
 */
export const ListId = slug('a list id');

/**
 * A standard id `<setId>:<indicator>`, e.g. `antt-safe-commune:art5`.
 *
 * @example
 * ```ts
 * StandardRef.parse('commune-standard-2021:19.2');
 * ```
 */
export const StandardRef = z
  .string()
  .max(200)
  .regex(/^[a-z0-9][a-z0-9-]*:[A-Za-z0-9][A-Za-z0-9.-]*$/, 'a standard id must be <setId>:<indicator code>');

/** Fields every node may carry. */
const meta = {
  /** Stable condition id (unique within one rule tree). */
  id: ConditionId.optional(),
  title: LocalizedText.optional(),
  /** `false` for a condition taken from text that could not be verified ([U] in domain.md). Default `true`. */
  verified: z.boolean().default(true),
  /** The legal reference, and for unverified conditions why they are unverified. */
  source: Text.pipe(z.string().trim().min(1).max(2000)).optional(),
};

/**
 * Met when no incident with a matching label (and, when given, at least
 * `minSeverity`) occurred in the unit during the assessment period.
 *
 * @example
 * ```ts
 * NoIncidentsRule.parse({ op: 'noIncidents', labels: ['security.*', 'prolonged-dispute'] });
 * ```
 */
export const NoIncidentsRule = z.strictObject({
  op: z.literal('noIncidents'),
  labels: z.array(LabelPattern).min(1).max(50),
  minSeverity: Severity.optional(),
  ...meta,
});

/**
 * Met when the metric in this period is not more than in the previous period.
 *
 * @example
 * ```ts
 * NotMoreThanPreviousRule.parse({ op: 'notMoreThanPrevious', metric: 'crime-and-violations' });
 * ```
 */
export const NotMoreThanPreviousRule = z.strictObject({ op: z.literal('notMoreThanPrevious'), metric: MetricId, ...meta });

/**
 * Met when the metric fell by at least `minPercent` against the baseline
 * year: `100 × (base − cur) ≥ minPercent × base`, in exact integer arithmetic.
 *
 * @example
 * ```ts
 * ReductionVsBaselineRule.parse({ op: 'reductionVsBaseline', metric: 'social-order-crime', baselineYear: 2019, minPercent: 5 });
 * ```
 */
export const ReductionVsBaselineRule = z.strictObject({
  op: z.literal('reductionVsBaseline'),
  metric: MetricId,
  baselineYear: z.int().min(1900).max(9999),
  minPercent: Percent,
  ...meta,
});

/**
 * Met when at least `minPercent` of the unit's child units (residential areas
 * of a commune, communes of a district) are recognised for `standard`.
 *
 * @example
 * ```ts
 * ShareOfChildrenRecognisedRule.parse({ op: 'shareOfChildrenRecognised', standard: 'antt-safe-residential:art4', minPercent: 70 });
 * ```
 */
export const ShareOfChildrenRecognisedRule = z.strictObject({
  op: z.literal('shareOfChildrenRecognised'),
  standard: StandardRef,
  minPercent: Percent,
  ...meta,
});

/**
 * Met when the fact is attested true for the period (false → `not_met`, none → `no_data`).
 *
 * @example
 * ```ts
 * AttestedRule.parse({ op: 'attested', fact: 'effective-movement-model' });
 * ```
 */
export const AttestedRule = z.strictObject({ op: z.literal('attested'), fact: FactId, ...meta });

/**
 * Met when the unit holds a recognition of `standard` for the period (a prerequisite).
 *
 * @example
 * ```ts
 * RecognisedRule.parse({ op: 'recognised', standard: 'antt-safe-commune:art5' });
 * ```
 */
export const RecognisedRule = z.strictObject({ op: z.literal('recognised'), standard: StandardRef, ...meta });

/**
 * Met when the unit (`scope: 'self'`, the default) or none of its child units
 * (`scope: 'children'`) is on the list.
 *
 * @example
 * ```ts
 * NotListedRule.parse({ op: 'notListed', list: 'key-complex-antt', scope: 'children' });
 * ```
 */
export const NotListedRule = z.strictObject({
  op: z.literal('notListed'),
  list: ListId,
  scope: z.enum(['self', 'children']).default('self'),
  ...meta,
});

/** Leaf schemas, in the order of the discriminated union. */
const leafSchemas = [
  NoIncidentsRule,
  NotMoreThanPreviousRule,
  ReductionVsBaselineRule,
  ShareOfChildrenRecognisedRule,
  AttestedRule,
  RecognisedRule,
  NotListedRule,
] as const;

/** A leaf of the rule tree (output form: defaults applied). */
export type LeafRule = z.output<(typeof leafSchemas)[number]>;
/** A leaf of the rule tree as written (input form: `verified` and `scope` may be omitted). */
export type LeafRuleInput = z.input<(typeof leafSchemas)[number]>;

/** Metadata of a rule node (output form). */
export interface RuleMeta {
  id?: string | undefined;
  title?: LocalizedText | undefined;
  verified: boolean;
  source?: string | undefined;
}
/** Metadata of a rule node (input form). */
export type RuleMetaInput = Omit<RuleMeta, 'verified'> & { verified?: boolean | undefined };

/** `all { rules }`: every child must be met. */
export interface AllRule extends RuleMeta {
  op: 'all';
  rules: Rule[];
}
/** `any { rules }`: at least one child must be met. */
export interface AnyRule extends RuleMeta {
  op: 'any';
  rules: Rule[];
}
/** `not { rule }`: the child must not be met. */
export interface NotRule extends RuleMeta {
  op: 'not';
  rule: Rule;
}
/** A node of the rule tree, as validated (defaults applied). */
export type Rule = LeafRule | AllRule | AnyRule | NotRule;

/** `all` as written. */
export interface AllRuleInput extends RuleMetaInput {
  op: 'all';
  rules: RuleInput[];
}
/** `any` as written. */
export interface AnyRuleInput extends RuleMetaInput {
  op: 'any';
  rules: RuleInput[];
}
/** `not` as written. */
export interface NotRuleInput extends RuleMetaInput {
  op: 'not';
  rule: RuleInput;
}
/** A node of the rule tree as written in JSON (defaults may be omitted). */
export type RuleInput = LeafRuleInput | AllRuleInput | AnyRuleInput | NotRuleInput;

/** The operator names of combinators. */
export type CombinatorOp = 'all' | 'any' | 'not';
/** The operator names of leaves. */
export type LeafOp = LeafRule['op'];
/** Every operator name. */
export type RuleOp = Rule['op'];

/**
 * Every operator name: leaves first, then combinators.
 *
 * @example
 * ```ts
 * RULE_OPS.length; // 10
 * ```
 */
export const RULE_OPS = [
  'noIncidents',
  'notMoreThanPrevious',
  'reductionVsBaseline',
  'shareOfChildrenRecognised',
  'attested',
  'recognised',
  'notListed',
  'all',
  'any',
  'not',
] as const satisfies readonly RuleOp[];

/**
 * Deepest nesting of rule nodes accepted (well below the store's JSON depth limit).
 *
 * @example
 * ```ts
 * MAX_RULE_DEPTH; // 16: a root and 16 levels below it
 * ```
 */
export const MAX_RULE_DEPTH = 16;

/** The schema of a child list, typed by hand to close the recursion. */
type RulesSchema = z.ZodArray<z.ZodType<Rule, RuleInput>>;

const AllRuleSchema = z.strictObject({
  op: z.literal('all'),
  get rules(): RulesSchema {
    return z.array(RuleNode).min(1).max(100);
  },
  ...meta,
});
const AnyRuleSchema = z.strictObject({
  op: z.literal('any'),
  get rules(): RulesSchema {
    return z.array(RuleNode).min(1).max(100);
  },
  ...meta,
});
const NotRuleSchema = z.strictObject({
  op: z.literal('not'),
  get rule(): z.ZodType<Rule, RuleInput> {
    return RuleNode;
  },
  ...meta,
});

const RuleNode: z.ZodType<Rule, RuleInput> = z.discriminatedUnion('op', [...leafSchemas, AllRuleSchema, AnyRuleSchema, NotRuleSchema]);

/**
 * Visits every node of a rule tree depth-first (parent before children),
 * with its path from the root (e.g. `['rules', 2, 'rule']`) and depth (root 0).
 *
 * @example
 * ```ts
 * walkRule(rule, (node, path) => console.log(path.join('.'), node.op));
 * ```
 */
export function walkRule<R extends Rule | RuleInput>(
  rule: R,
  visit: (node: R, path: ReadonlyArray<string | number>, depth: number) => void,
  path: ReadonlyArray<string | number> = [],
  depth = 0,
): void {
  visit(rule, path, depth);
  if (rule.op === 'all' || rule.op === 'any') {
    (rule.rules as R[]).forEach((child, i) => walkRule(child, visit, [...path, 'rules', i], depth + 1));
  } else if (rule.op === 'not') {
    walkRule(rule.rule as R, visit, [...path, 'rule'], depth + 1);
  }
}

/**
 * A rule tree (the `rule` of an indicator): a node of any kind, nested at
 * most {@link MAX_RULE_DEPTH} deep, with condition ids unique in the tree.
 * Unknown keys are rejected and every issue carries its path.
 *
 * @example
 * ```ts
 * const rule = Rule.parse({
 *   op: 'all',
 *   rules: [
 *     { op: 'recognised', standard: 'antt-safe-commune:art5', id: 'cv3371-antt-safe' },
 *     { op: 'notListed', list: 'key-complex-antt', verified: false, source: '[U] …' },
 *   ],
 * });
 * rule.verified; // true (default)
 * ```
 */
export const Rule: z.ZodType<Rule, RuleInput> = RuleNode.superRefine((rule, ctx) => {
  const seen = new Map<string, ReadonlyArray<string | number>>();
  walkRule(rule, (node, path, depth) => {
    if (depth === MAX_RULE_DEPTH + 1) {
      ctx.addIssue({ code: 'custom', path: [...path], message: `rule nested deeper than ${MAX_RULE_DEPTH} levels` });
    }
    if (node.id === undefined) return;
    if (seen.has(node.id)) {
      ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `condition id ${JSON.stringify(node.id)} is used twice in one rule` });
    } else seen.set(node.id, path);
  });
});

/**
 * Parses a rule tree, returning the zod result (issues carry paths).
 *
 * @example
 * ```ts
 * const r = parseRule({ op: 'attested', fact: 'x', extra: 1 });
 * r.success; // false: unrecognized key "extra"
 * ```
 */
export function parseRule(input: unknown): z.ZodSafeParseResult<Rule> {
  return Rule.safeParse(input);
}

/**
 * Every condition id of a rule tree, in tree order.
 *
 * @example
 * ```ts
 * conditionIds({ op: 'not', id: 'a', verified: true, rule: { op: 'attested', fact: 'x', id: 'b', verified: true } }); // ['a', 'b']
 * ```
 */
export function conditionIds(rule: Rule | RuleInput): string[] {
  const ids: string[] = [];
  walkRule(rule, (node) => {
    if (node.id !== undefined) ids.push(node.id);
  });
  return ids;
}

/**
 * True when the node and every node below it is marked verified.
 *
 * @example
 * ```ts
 * isFullyVerified(Rule.parse({ op: 'all', rules: [{ op: 'attested', fact: 'x', verified: false }] })); // false
 * ```
 */
export function isFullyVerified(rule: Rule): boolean {
  let ok = true;
  walkRule(rule, (node) => {
    if (!node.verified) ok = false;
  });
  return ok;
}
