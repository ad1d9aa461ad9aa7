/**
 * The rule evaluator: a pure function of a rule tree and the facts of one
 * (unit, assessment period). It asks {@link RuleFacts} for exactly the facts
 * each leaf needs, decides every threshold in exact integer arithmetic, and
 * returns the outcome with an explanation tree that mirrors the rule: every
 * node with its outcome, every leaf with the numbers behind it.
 *
 * @module
 */
import { formatPath } from '../../kernel/index.js';
import type { Severity } from '../incident/labels.js';
import { toBasisPoints } from '../shared/values.js';
import { allOf, anyOf, negate, type Outcome, mostSerious } from './outcome.js';
import type { LocalizedText, Rule, RuleOp } from './rule.js';

/** Display-only, JSON-safe information about where a fact came from (members, sources, the hierarchy version used). */
export type FactDetail = Readonly<Record<string, unknown>>;

/** A count of something in one period, or why there is none. */
export type CountFact =
  | { readonly kind: 'count'; readonly value: number; readonly detail?: FactDetail }
  | { readonly kind: 'no_data'; readonly reason: string }
  | { readonly kind: 'not_comparable'; readonly reason: string; readonly detail?: FactDetail };

/**
 * A baseline-year figure: an exact fraction `numerator / denominator` (a
 * figure rebased through lineage can be fractional), or why there is none.
 */
export type BaselineFact =
  | { readonly kind: 'count'; readonly numerator: number; readonly denominator: number; readonly detail?: FactDetail }
  | { readonly kind: 'missing'; readonly reason: string }
  | { readonly kind: 'not_comparable'; readonly reason: string; readonly detail?: FactDetail };

/** A yes/no fact (attested, recognised, listed), or why it is not known. `members` lists units behind it (e.g. listed children). */
export type FlagFact =
  | { readonly kind: 'flag'; readonly value: boolean; readonly members?: readonly string[]; readonly detail?: FactDetail }
  | { readonly kind: 'no_data'; readonly reason: string };

/** A unit left out of a denominator, and why. */
export interface Exclusion {
  readonly code: string;
  readonly reason: string;
}

/** How many of a unit's child units are recognised for a standard. */
export type ChildrenRecognisedFact =
  | {
      readonly kind: 'ok';
      readonly recognised: number;
      readonly total: number;
      /** The recognised children. */
      readonly members?: readonly string[];
      /** The children counted in `total` but not recognised. */
      readonly notRecognised?: readonly string[];
      /** Children left out of `total`, with reasons. */
      readonly exclusions?: readonly Exclusion[];
      readonly detail?: FactDetail;
    }
  | { readonly kind: 'no_data'; readonly reason: string };

/** Which incidents a `noIncidents` leaf asks about. */
export interface IncidentQuery {
  /** An incident counts when at least one of its labels matches one of these patterns. */
  readonly labels: readonly string[];
  /** Only incidents at least this severe count (incidents without severity then do not). */
  readonly minSeverity?: Severity;
}

/**
 * The facts of one unit and assessment period, as the evaluator asks for
 * them. Projections implement it; tests stub it. Every method is called at
 * most once per leaf that needs it, and must be pure.
 */
export interface RuleFacts {
  /** Incidents in the unit during the assessment period that match the query. */
  incidents(query: IncidentQuery): CountFact;
  /** The metric's value in the assessment period (`current`) or the one before (`previous`). */
  metric(metric: string, which: 'current' | 'previous'): CountFact;
  /** The metric's value in the baseline year, on the unit's current footprint. */
  baseline(metric: string, baselineYear: number): BaselineFact;
  /**
   * The attested value of a fact for the period; `no_data` when nothing was
   * attested. A provider that knows a record is complete (e.g. "no officer
   * disciplined") may answer `false` instead.
   */
  attested(fact: string): FlagFact;
  /** Whether the unit holds a recognition of `standard` for the period. */
  recognised(standard: string): FlagFact;
  /** Whether the unit (`self`) or any of its child units (`children`) is on `list`; `members` names the listed units. */
  listed(list: string, scope: 'self' | 'children'): FlagFact;
  /** How many of the unit's child units are recognised for `standard`. */
  childrenRecognised(standard: string): ChildrenRecognisedFact;
}

/** A short message in English and Vietnamese. */
export interface Message {
  readonly en: string;
  readonly vi: string;
}

/** What every explanation node carries. */
export interface ExplanationBase {
  readonly op: RuleOp;
  /** The condition id, or `null` when the node has none. */
  readonly id: string | null;
  readonly title: LocalizedText | null;
  /** The node's own mark. */
  readonly verified: boolean;
  /** True when this node or any node below it is unverified: the outcome rests on unverified text. */
  readonly reliesOnUnverified: boolean;
  readonly source: string | null;
  /** Where the node is in the rule, e.g. `rules[2].rule` (`(root)` for the root). */
  readonly path: string;
  readonly outcome: Outcome;
  readonly message: Message;
}

/** Explanation of a `noIncidents` leaf. */
export interface NoIncidentsExplanation extends ExplanationBase {
  readonly op: 'noIncidents';
  readonly labels: readonly string[];
  readonly minSeverity: Severity | null;
  /** Matching incidents, or `null` when not known. */
  readonly count: number | null;
  readonly reason: string | null;
  readonly detail: FactDetail | null;
}

/** Explanation of a `notMoreThanPrevious` leaf. */
export interface NotMoreThanPreviousExplanation extends ExplanationBase {
  readonly op: 'notMoreThanPrevious';
  readonly metric: string;
  readonly current: number | null;
  readonly previous: number | null;
  /** Display-only change in percent vs the previous period (rounded to 2 decimals), `null` when undefined. */
  readonly changePercent: number | null;
  readonly reason: string | null;
  readonly detail: { readonly current: FactDetail | null; readonly previous: FactDetail | null };
}

/** Explanation of a `reductionVsBaseline` leaf. */
export interface ReductionVsBaselineExplanation extends ExplanationBase {
  readonly op: 'reductionVsBaseline';
  readonly metric: string;
  readonly baselineYear: number;
  readonly minPercent: number;
  /** `minPercent` in basis points, as used in the test. */
  readonly thresholdBasisPoints: number;
  /** The baseline as an exact fraction, `null` when missing or not comparable. */
  readonly baseline: { readonly numerator: number; readonly denominator: number } | null;
  readonly current: number | null;
  /** Display-only reduction in percent (rounded to 2 decimals; negative for a rise). */
  readonly reductionPercent: number | null;
  /** The largest current value that would meet the threshold (`null` when undefined). */
  readonly maxCurrent: number | null;
  readonly reason: string | null;
  readonly detail: { readonly baseline: FactDetail | null; readonly current: FactDetail | null };
}

/** Explanation of a `shareOfChildrenRecognised` leaf. */
export interface ShareOfChildrenRecognisedExplanation extends ExplanationBase {
  readonly op: 'shareOfChildrenRecognised';
  readonly standard: string;
  readonly minPercent: number;
  readonly thresholdBasisPoints: number;
  readonly recognised: number | null;
  readonly total: number | null;
  /** Display-only share in percent (rounded to 2 decimals). */
  readonly percent: number | null;
  /** The fewest recognised children that would meet the threshold. */
  readonly minRecognised: number | null;
  readonly members: readonly string[];
  readonly notRecognised: readonly string[];
  readonly exclusions: readonly Exclusion[];
  readonly reason: string | null;
  readonly detail: FactDetail | null;
}

/** Explanation of an `attested`, `recognised` or `notListed` leaf. */
export interface FlagExplanation extends ExplanationBase {
  readonly op: 'attested' | 'recognised' | 'notListed';
  /** The fact, standard or list asked about. */
  readonly subject: string;
  /** For `notListed`: whose listing was checked. */
  readonly scope: 'self' | 'children' | null;
  /** The fact's value (for `notListed`: whether listed), `null` when not known. */
  readonly value: boolean | null;
  readonly members: readonly string[];
  readonly reason: string | null;
  readonly detail: FactDetail | null;
}

/** Explanation of a combinator. */
export interface CombinatorExplanation extends ExplanationBase {
  readonly op: 'all' | 'any' | 'not';
  readonly children: readonly Explanation[];
}

/** A node of an explanation tree. */
export type Explanation =
  | NoIncidentsExplanation
  | NotMoreThanPreviousExplanation
  | ReductionVsBaselineExplanation
  | ShareOfChildrenRecognisedExplanation
  | FlagExplanation
  | CombinatorExplanation;

/** The result of {@link evaluateRule}. */
export interface Evaluation {
  readonly outcome: Outcome;
  readonly explanation: Explanation;
}

const SEVERITY_TEXT: Record<Severity, Message> = {
  'less-serious': { en: 'less serious', vi: 'ít nghiêm trọng' },
  serious: { en: 'serious', vi: 'nghiêm trọng' },
  'very-serious': { en: 'very serious', vi: 'rất nghiêm trọng' },
  'especially-serious': { en: 'especially serious', vi: 'đặc biệt nghiêm trọng' },
};

const OUTCOME_TEXT: Record<Outcome, Message> = {
  met: { en: 'met', vi: 'đạt' },
  not_met: { en: 'not met', vi: 'không đạt' },
  no_data: { en: 'no data', vi: 'chưa có số liệu' },
  baseline_missing: { en: 'baseline missing', vi: 'thiếu số liệu năm gốc' },
  baseline_zero: { en: 'baseline is zero', vi: 'số liệu năm gốc bằng 0' },
  not_comparable: { en: 'not comparable', vi: 'không so sánh được' },
};

/** Rounds for display only (2 decimals). */
const display = (x: number): number => Math.round(x * 100) / 100;

function checkCount(value: number, what: string, where: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`rule node ${where}: ${what} must be a non-negative safe integer, got ${String(value)}`);
  }
  return BigInt(value);
}

function base(rule: Rule, path: string, outcome: Outcome, message: Message, reliesOnUnverified: boolean): ExplanationBase {
  return {
    op: rule.op,
    id: rule.id ?? null,
    title: rule.title ?? null,
    verified: rule.verified !== false,
    reliesOnUnverified,
    source: rule.source ?? null,
    path,
    outcome,
    message,
  };
}

function indeterminateMessage(outcome: Outcome, reason: string | null): Message {
  const t = OUTCOME_TEXT[outcome];
  return reason === null ? t : { en: `${t.en}: ${reason}`, vi: `${t.vi}: ${reason}` };
}

const joinReasons = (reasons: readonly (string | null)[]): string | null => {
  const r = reasons.filter((x): x is string => x !== null);
  return r.length === 0 ? null : r.join('; ');
};

/** The path of a child node, as `formatPath` writes it (`rules[0].rule`), from its parent's. */
function childPath(parent: string, key: 'rules' | 'rule', index?: number): string {
  const named = parent === ROOT ? key : `${parent}.${key}`;
  return index === undefined ? named : `${named}[${index}]`;
}

const ROOT = formatPath([]);

/** The facts of a `reductionVsBaseline` leaf, checked, and the indeterminate parts they give (both evaluators read them so). */
function reductionFacts(rule: Extract<Rule, { op: 'reductionVsBaseline' }>, facts: RuleFacts, count: (value: number, what: string) => bigint, where: string) {
  const bp = toBasisPoints(rule.minPercent);
  const b = facts.baseline(rule.metric, rule.baselineYear);
  const cur = facts.metric(rule.metric, 'current');
  let p: bigint | null = null;
  let q: bigint | null = null;
  const parts: Outcome[] = [];
  if (b.kind === 'count') {
    p = count(b.numerator, 'the baseline numerator');
    q = count(b.denominator, 'the baseline denominator');
    if (q === 0n) throw new RangeError(`rule node ${where}: the baseline denominator must be positive`);
    if (p === 0n) parts.push('baseline_zero');
  } else parts.push(b.kind === 'missing' ? 'baseline_missing' : 'not_comparable');
  const c = cur.kind === 'count' ? count(cur.value, 'the current value') : null;
  if (cur.kind !== 'count') parts.push(cur.kind);
  return { bp, b, cur, p, q, c, parts };
}

function evaluateNode(rule: Rule, facts: RuleFacts, path: string): Explanation {
  const where = `${path} (${rule.op})`;
  const ownUnverified = rule.verified === false;
  switch (rule.op) {
    case 'noIncidents': {
      const query: IncidentQuery = rule.minSeverity === undefined ? { labels: rule.labels } : { labels: rule.labels, minSeverity: rule.minSeverity };
      const fact = facts.incidents(query);
      const labelsText = rule.labels.join(', ');
      const sev = rule.minSeverity === undefined ? null : SEVERITY_TEXT[rule.minSeverity];
      const what: Message = {
        en: `incidents labelled ${labelsText}${sev === null ? '' : ` (${sev.en} or worse)`}`,
        vi: `vụ việc thuộc nhãn ${labelsText}${sev === null ? '' : ` (từ ${sev.vi} trở lên)`}`,
      };
      let outcome: Outcome;
      let count: number | null = null;
      let reason: string | null = null;
      let detail: FactDetail | null = null;
      let message: Message;
      if (fact.kind === 'count') {
        count = Number(checkCount(fact.value, 'the incident count', where));
        detail = fact.detail ?? null;
        outcome = count === 0 ? 'met' : 'not_met';
        message =
          count === 0
            ? { en: `no ${what.en} in the period`, vi: `không có ${what.vi} trong kỳ` }
            : { en: `${count} ${what.en} in the period; none allowed`, vi: `có ${count} ${what.vi} trong kỳ; yêu cầu không có` };
      } else {
        outcome = fact.kind;
        reason = fact.reason;
        if (fact.kind === 'not_comparable') detail = fact.detail ?? null;
        message = indeterminateMessage(outcome, reason);
      }
      return { ...base(rule, path, outcome, message, ownUnverified), op: 'noIncidents', labels: [...rule.labels], minSeverity: rule.minSeverity ?? null, count, reason, detail };
    }

    case 'notMoreThanPrevious': {
      const cur = facts.metric(rule.metric, 'current');
      const prev = facts.metric(rule.metric, 'previous');
      const current = cur.kind === 'count' ? Number(checkCount(cur.value, 'the current value', where)) : null;
      const previous = prev.kind === 'count' ? Number(checkCount(prev.value, 'the previous value', where)) : null;
      const reason = joinReasons([cur.kind === 'count' ? null : `current: ${cur.reason}`, prev.kind === 'count' ? null : `previous: ${prev.reason}`]);
      let outcome: Outcome;
      let message: Message;
      if (current !== null && previous !== null) {
        outcome = current <= previous ? 'met' : 'not_met';
        message = {
          en: `${rule.metric}: ${current} this period vs ${previous} the period before (must not be more)`,
          vi: `${rule.metric}: kỳ này ${current}, kỳ trước ${previous} (không được tăng)`,
        };
      } else {
        outcome = mostSerious([cur.kind === 'count' ? 'met' : cur.kind, prev.kind === 'count' ? 'met' : prev.kind]) ?? 'no_data';
        message = indeterminateMessage(outcome, reason);
      }
      const changePercent = current !== null && previous !== null && previous > 0 ? display((100 * (current - previous)) / previous) : null;
      return {
        ...base(rule, path, outcome, message, ownUnverified),
        op: 'notMoreThanPrevious',
        metric: rule.metric,
        current,
        previous,
        changePercent,
        reason,
        detail: { current: cur.kind === 'no_data' ? null : (cur.detail ?? null), previous: prev.kind === 'no_data' ? null : (prev.detail ?? null) },
      };
    }

    case 'reductionVsBaseline': {
      const { bp, b, cur, p, q, c, parts } = reductionFacts(rule, facts, (v, what) => checkCount(v, what, where), where);
      const baselineReason = b.kind !== 'count' ? `baseline ${rule.baselineYear}: ${b.reason}` : p === 0n ? `the ${rule.baselineYear} baseline of ${rule.metric} is 0` : null;
      const reason = joinReasons([baselineReason, cur.kind === 'count' ? null : `current: ${cur.reason}`]);
      let outcome: Outcome;
      let message: Message;
      let reductionPercent: number | null = null;
      let maxCurrent: number | null = null;
      if (p !== null && q !== null && p > 0n) maxCurrent = Number((p * BigInt(10_000 - bp)) / (10_000n * q));
      const indeterminate = mostSerious(parts);
      if (indeterminate === undefined && p !== null && q !== null && c !== null) {
        // 100 × (base − cur) ≥ minPercent × base, with base = p/q and minPercent = bp/100:
        // 10000 × (p − cur × q) ≥ bp × p.
        outcome = 10_000n * (p - c * q) >= BigInt(bp) * p ? 'met' : 'not_met';
        reductionPercent = display(Number(10_000n * (p - c * q)) / Number(p) / 100);
        const baseText = q === 1n ? String(p) : `${String(p)}/${String(q)}`;
        message = {
          en: `${rule.metric}: ${String(c)} now vs ${baseText} in ${rule.baselineYear} (${reductionPercent} % cut; at least ${rule.minPercent} % needed, so at most ${String(maxCurrent)})`,
          vi: `${rule.metric}: hiện nay ${String(c)}, năm ${rule.baselineYear} là ${baseText} (giảm ${reductionPercent} %; yêu cầu giảm ít nhất ${rule.minPercent} %, tức không quá ${String(maxCurrent)})`,
        };
      } else {
        outcome = indeterminate ?? 'no_data';
        message = indeterminateMessage(outcome, reason);
      }
      return {
        ...base(rule, path, outcome, message, ownUnverified),
        op: 'reductionVsBaseline',
        metric: rule.metric,
        baselineYear: rule.baselineYear,
        minPercent: rule.minPercent,
        thresholdBasisPoints: bp,
        baseline: p !== null && q !== null ? { numerator: Number(p), denominator: Number(q) } : null,
        current: c === null ? null : Number(c),
        reductionPercent,
        maxCurrent,
        reason,
        detail: { baseline: b.kind === 'missing' ? null : (b.detail ?? null), current: cur.kind === 'no_data' ? null : (cur.detail ?? null) },
      };
    }

    case 'shareOfChildrenRecognised': {
      const bp = toBasisPoints(rule.minPercent);
      const fact = facts.childrenRecognised(rule.standard);
      if (fact.kind === 'no_data') {
        return {
          ...base(rule, path, 'no_data', indeterminateMessage('no_data', fact.reason), ownUnverified),
          op: 'shareOfChildrenRecognised',
          standard: rule.standard,
          minPercent: rule.minPercent,
          thresholdBasisPoints: bp,
          recognised: null,
          total: null,
          percent: null,
          minRecognised: null,
          members: [],
          notRecognised: [],
          exclusions: [],
          reason: fact.reason,
          detail: null,
        };
      }
      const r = checkCount(fact.recognised, 'the recognised count', where);
      const t = checkCount(fact.total, 'the total', where);
      if (r > t) throw new RangeError(`rule node ${where}: ${String(r)} recognised of ${String(t)} children`);
      let outcome: Outcome;
      let message: Message;
      let reason: string | null = null;
      let percent: number | null = null;
      let minRecognised: number | null = null;
      if (t === 0n) {
        outcome = 'no_data';
        reason = 'the unit has no child units to count';
        message = indeterminateMessage(outcome, reason);
      } else {
        outcome = 10_000n * r >= BigInt(bp) * t ? 'met' : 'not_met';
        percent = display((100 * Number(r)) / Number(t));
        minRecognised = Number((BigInt(bp) * t + 9_999n) / 10_000n);
        message = {
          en: `${String(r)} of ${String(t)} child units recognised for ${rule.standard} (${percent} %; at least ${rule.minPercent} %, i.e. ${minRecognised}, needed)`,
          vi: `${String(r)}/${String(t)} đơn vị trực thuộc được công nhận ${rule.standard} (${percent} %; yêu cầu ít nhất ${rule.minPercent} %, tức ${minRecognised})`,
        };
      }
      return {
        ...base(rule, path, outcome, message, ownUnverified),
        op: 'shareOfChildrenRecognised',
        standard: rule.standard,
        minPercent: rule.minPercent,
        thresholdBasisPoints: bp,
        recognised: Number(r),
        total: Number(t),
        percent,
        minRecognised,
        members: [...(fact.members ?? [])],
        notRecognised: [...(fact.notRecognised ?? [])],
        exclusions: [...(fact.exclusions ?? [])],
        reason,
        detail: fact.detail ?? null,
      };
    }

    case 'attested':
    case 'recognised':
    case 'notListed': {
      const fact =
        rule.op === 'attested' ? facts.attested(rule.fact) : rule.op === 'recognised' ? facts.recognised(rule.standard) : facts.listed(rule.list, rule.scope);
      const subject = rule.op === 'attested' ? rule.fact : rule.op === 'recognised' ? rule.standard : rule.list;
      const scope = rule.op === 'notListed' ? rule.scope : null;
      let outcome: Outcome;
      let message: Message;
      if (fact.kind === 'no_data') {
        outcome = 'no_data';
        message = indeterminateMessage(outcome, fact.reason);
      } else {
        const v = fact.value;
        if (rule.op === 'attested') {
          outcome = v ? 'met' : 'not_met';
          message = v ? { en: `attested: ${subject}`, vi: `đã xác nhận: ${subject}` } : { en: `attested as not so: ${subject}`, vi: `xác nhận là không: ${subject}` };
        } else if (rule.op === 'recognised') {
          outcome = v ? 'met' : 'not_met';
          message = v
            ? { en: `recognised for ${subject} in the period`, vi: `được công nhận ${subject} trong kỳ` }
            : { en: `not recognised for ${subject} in the period`, vi: `chưa được công nhận ${subject} trong kỳ` };
        } else {
          outcome = v ? 'not_met' : 'met';
          const who: Message = scope === 'children' ? { en: 'a child unit', vi: 'đơn vị trực thuộc' } : { en: 'the unit', vi: 'đơn vị' };
          const members = fact.members !== undefined && fact.members.length > 0 ? ` (${fact.members.join(', ')})` : '';
          message = v
            ? { en: `${who.en} is on list ${subject}${members}`, vi: `${who.vi} thuộc danh sách ${subject}${members}` }
            : { en: `${scope === 'children' ? 'no child unit' : 'the unit'} is not on list ${subject}`, vi: `${scope === 'children' ? 'không đơn vị trực thuộc nào' : 'đơn vị không'} thuộc danh sách ${subject}` };
        }
      }
      return {
        ...base(rule, path, outcome, message, ownUnverified),
        op: rule.op,
        subject,
        scope,
        value: fact.kind === 'flag' ? fact.value : null,
        members: fact.kind === 'flag' ? [...(fact.members ?? [])] : [],
        reason: fact.kind === 'no_data' ? fact.reason : null,
        detail: fact.kind === 'flag' ? (fact.detail ?? null) : null,
      };
    }

    case 'all':
    case 'any': {
      const children = rule.rules.map((child, i) => evaluateNode(child, facts, childPath(path, 'rules', i)));
      const outcomes = children.map((c) => c.outcome);
      const outcome = rule.op === 'all' ? allOf(outcomes) : anyOf(outcomes);
      const label = (c: Explanation): string => c.id ?? c.path;
      const decisive = rule.op === 'all' ? 'not_met' : 'met';
      let message: Message;
      if (outcome === decisive) {
        const which = children.filter((c) => c.outcome === decisive).map(label);
        message =
          rule.op === 'all'
            ? { en: `${which.length} of ${children.length} conditions not met: ${which.join(', ')}`, vi: `${which.length}/${children.length} điều kiện không đạt: ${which.join(', ')}` }
            : { en: `met by ${which.join(', ')}`, vi: `đạt nhờ ${which.join(', ')}` };
      } else if (outcome === 'met') {
        message = { en: `all ${children.length} conditions met`, vi: `đạt cả ${children.length} điều kiện` };
      } else if (outcome === 'not_met') {
        message = { en: `none of ${children.length} alternatives met`, vi: `không phương án nào trong ${children.length} phương án đạt` };
      } else {
        const which = children.filter((c) => c.outcome === outcome).map(label);
        message = indeterminateMessage(outcome, `from ${which.join(', ')}`);
      }
      return {
        ...base(rule, path, outcome, message, ownUnverified || children.some((c) => c.reliesOnUnverified)),
        op: rule.op,
        children,
      };
    }

    case 'not': {
      const child = evaluateNode(rule.rule, facts, childPath(path, 'rule'));
      const outcome = negate(child.outcome);
      const message: Message =
        outcome === 'met' || outcome === 'not_met'
          ? { en: `the negated condition is ${OUTCOME_TEXT[child.outcome].en} (${child.message.en})`, vi: `điều kiện phủ định ${OUTCOME_TEXT[child.outcome].vi} (${child.message.vi})` }
          : indeterminateMessage(outcome, `from ${child.id ?? child.path}`);
      return { ...base(rule, path, outcome, message, ownUnverified || child.reliesOnUnverified), op: 'not', children: [child] };
    }
  }
}

/**
 * Evaluates a rule tree against the facts of one unit and period. Pure:
 * the same rule and facts give the same result. Thresholds are exact
 * (`10000 × (p − cur × q) ≥ bp × p` for a baseline `p/q`, `10000 × recognised
 * ≥ bp × total` for a share); percentages in the explanation are for
 * display only. A combinator's outcome is always `all`/`any`/`not` of its
 * children's. Throws a `RangeError` when a fact is malformed (a negative or
 * fractional count, more recognised children than children).
 *
 * @example
 * ```ts
 * const rule = Rule.parse({ op: 'reductionVsBaseline', metric: 'social-order-crime', baselineYear: 2019, minPercent: 5 });
 * const { outcome, explanation } = evaluateRule(rule, {
 *   ...noFacts,
 *   baseline: () => ({ kind: 'count', numerator: 20, denominator: 1 }),
 *   metric: () => ({ kind: 'count', value: 19 }),
 * });
 * outcome; // 'met' (5 % cut)
 * explanation.message.en; // 'social-order-crime: 19 now vs 20 in 2019 (5 % cut; …)'
 * ```
 */
export function evaluateRule(rule: Rule, facts: RuleFacts): Evaluation {
  const explanation = evaluateNode(rule, facts, ROOT);
  return { outcome: explanation.outcome, explanation };
}

/**
 * The outcome of {@link evaluateRule} alone, equal to
 * `evaluateRule(rule, facts).outcome` (a property test holds them equal): the
 * same facts are asked, in the same order, and the same malformed facts throw
 * the same `RangeError`, but no explanation is built. For rates over many
 * units, where only the outcome of each is kept.
 *
 * @example
 * ```ts
 * const rule = Rule.parse({ op: 'reductionVsBaseline', metric: 'social-order-crime', baselineYear: 2019, minPercent: 5 });
 * ruleOutcome(rule, { ...noFacts, baseline: () => ({ kind: 'count', numerator: 20, denominator: 1 }), metric: () => ({ kind: 'count', value: 19 }) }); // 'met'
 * ```
 */
export function ruleOutcome(rule: Rule, facts: RuleFacts): Outcome {
  return outcomeOfNode(rule, facts, ROOT);
}

function outcomeOfNode(rule: Rule, facts: RuleFacts, path: string): Outcome {
  // the error text of evaluateNode, built only when a fact is malformed
  const count = (value: number, what: string): bigint => (Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : checkCount(value, what, `${path} (${rule.op})`));
  switch (rule.op) {
    case 'noIncidents': {
      const fact = facts.incidents(rule.minSeverity === undefined ? { labels: rule.labels } : { labels: rule.labels, minSeverity: rule.minSeverity });
      if (fact.kind !== 'count') return fact.kind;
      return count(fact.value, 'the incident count') === 0n ? 'met' : 'not_met';
    }
    case 'notMoreThanPrevious': {
      const cur = facts.metric(rule.metric, 'current');
      const prev = facts.metric(rule.metric, 'previous');
      const current = cur.kind === 'count' ? count(cur.value, 'the current value') : null;
      const previous = prev.kind === 'count' ? count(prev.value, 'the previous value') : null;
      if (current !== null && previous !== null) return current <= previous ? 'met' : 'not_met';
      return mostSerious([cur.kind === 'count' ? 'met' : cur.kind, prev.kind === 'count' ? 'met' : prev.kind]) ?? 'no_data';
    }
    case 'reductionVsBaseline': {
      const { bp, p, q, c, parts } = reductionFacts(rule, facts, count, `${path} (${rule.op})`);
      const indeterminate = mostSerious(parts);
      if (indeterminate === undefined && p !== null && q !== null && c !== null) return 10_000n * (p - c * q) >= BigInt(bp) * p ? 'met' : 'not_met';
      return indeterminate ?? 'no_data';
    }
    case 'shareOfChildrenRecognised': {
      const bp = toBasisPoints(rule.minPercent);
      const fact = facts.childrenRecognised(rule.standard);
      if (fact.kind === 'no_data') return 'no_data';
      const r = count(fact.recognised, 'the recognised count');
      const t = count(fact.total, 'the total');
      if (r > t) throw new RangeError(`rule node ${path} (${rule.op}): ${String(r)} recognised of ${String(t)} children`);
      if (t === 0n) return 'no_data';
      return 10_000n * r >= BigInt(bp) * t ? 'met' : 'not_met';
    }
    case 'attested':
    case 'recognised':
    case 'notListed': {
      const fact = rule.op === 'attested' ? facts.attested(rule.fact) : rule.op === 'recognised' ? facts.recognised(rule.standard) : facts.listed(rule.list, rule.scope);
      if (fact.kind === 'no_data') return 'no_data';
      return rule.op === 'notListed' ? (fact.value ? 'not_met' : 'met') : fact.value ? 'met' : 'not_met';
    }
    case 'all':
    case 'any': {
      // every child is evaluated, as evaluateNode does: the same facts are asked
      const outcomes = rule.rules.map((child, i) => outcomeOfNode(child, facts, childPath(path, 'rules', i)));
      return rule.op === 'all' ? allOf(outcomes) : anyOf(outcomes);
    }
    case 'not':
      return negate(outcomeOfNode(rule.rule, facts, childPath(path, 'rule')));
  }
}

/**
 * Facts that know nothing: every question is answered `no_data` (or a
 * missing baseline). Spread it and override what a test or a caller knows.
 *
 * @example
 * ```ts
 * evaluateRule(rule, { ...noFacts, attested: (f) => ({ kind: 'flag', value: f === 'effective-movement-model' }) });
 * ```
 */
export const noFacts: RuleFacts = Object.freeze({
  incidents: () => ({ kind: 'no_data', reason: 'no incident data' }),
  metric: () => ({ kind: 'no_data', reason: 'no metric data' }),
  baseline: () => ({ kind: 'missing', reason: 'no baseline data' }),
  attested: () => ({ kind: 'no_data', reason: 'nothing attested' }),
  recognised: () => ({ kind: 'no_data', reason: 'no recognition data' }),
  listed: () => ({ kind: 'no_data', reason: 'no list data' }),
  childrenRecognised: () => ({ kind: 'no_data', reason: 'no recognition data for child units' }),
} satisfies RuleFacts);

/**
 * Every node of an explanation tree, parent first.
 *
 * @example
 * ```ts
 * const unverified = explanationNodes(explanation).filter((n) => !n.verified).map((n) => n.id);
 * ```
 */
export function explanationNodes(explanation: Explanation): Explanation[] {
  const out: Explanation[] = [];
  const visit = (e: Explanation): void => {
    out.push(e);
    if (e.op === 'all' || e.op === 'any' || e.op === 'not') for (const c of (e as CombinatorExplanation).children) visit(c);
  };
  visit(explanation);
  return out;
}
