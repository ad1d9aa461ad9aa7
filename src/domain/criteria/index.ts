/**
 * Criteria: versioned sets of indicators whose rules are JSON data,
 * evaluated per (unit, assessment period) into a discriminated outcome with
 * an explanation tree; the events and decider that publish, amend and
 * retire sets; the catalogue that answers which rule applies where and
 * when; and the built-in 2021-2025 catalogue as data.
 *
 * Design choices:
 * - Indeterminate outcomes combine by a fixed priority, `not_comparable` >
 *   `baseline_missing` > `baseline_zero` > `no_data`; `all` lets a `not_met`
 *   decide and `any` a `met`, even when other operands are unknown.
 * - Thresholds are exact: percentages become basis points and baselines
 *   exact fractions; rounded percentages appear only in explanations.
 * - The evaluator knows no condition of any instrument: unverified ([U])
 *   conditions live only in the catalogue data, marked `verified: false`
 *   with a `source`, and a province replaces an indicator's rule from a date
 *   with `IndicatorAmended { provinceCode }`. On a date, a province's
 *   override in force beats the national rule in force; within each kind the
 *   latest `effectiveFrom` wins, and a later-recorded amendment wins a tie.
 * - Decider commands whose effect is already recorded with the same content
 *   produce no event, so seeding the built-in catalogue is idempotent.
 *
 * @module
 */
export { INDETERMINATE_PRIORITY, OUTCOMES, Outcome, allOf, anyOf, isIndeterminate, mostSerious, negate } from './outcome.js';
export type { IndeterminateOutcome } from './outcome.js';
export {
  AttestedRule,
  ConditionId,
  FactId,
  ListId,
  LocalizedText,
  MAX_RULE_DEPTH,
  NoIncidentsRule,
  NotListedRule,
  NotMoreThanPreviousRule,
  RULE_OPS,
  RecognisedRule,
  ReductionVsBaselineRule,
  Rule,
  ShareOfChildrenRecognisedRule,
  StandardRef,
  conditionIds,
  isFullyVerified,
  parseRule,
  walkRule,
} from './rule.js';
export type {
  AllRule,
  AllRuleInput,
  AnyRule,
  AnyRuleInput,
  CombinatorOp,
  LeafOp,
  LeafRule,
  LeafRuleInput,
  NotRule,
  NotRuleInput,
  RuleInput,
  RuleMeta,
  RuleMetaInput,
  RuleOp,
} from './rule.js';
export { evaluateRule, explanationNodes, noFacts, ruleOutcome } from './evaluate.js';
export type {
  BaselineFact,
  ChildrenRecognisedFact,
  CombinatorExplanation,
  CountFact,
  Evaluation,
  Exclusion,
  Explanation,
  ExplanationBase,
  FactDetail,
  FlagExplanation,
  FlagFact,
  IncidentQuery,
  Message,
  NoIncidentsExplanation,
  NotMoreThanPreviousExplanation,
  ReductionVsBaselineExplanation,
  RuleFacts,
  ShareOfChildrenRecognisedExplanation,
} from './evaluate.js';
export {
  CriteriaLevel,
  CriteriaScopeSchema,
  CriteriaSetId,
  CriteriaSetPublished,
  CriteriaSetRetired,
  IndicatorAmended,
  IndicatorCode,
  IndicatorDefined,
  criteriaEventDefinitions,
  criteriaStreamId,
} from './events.js';
export type {
  CriteriaEvent,
  CriteriaEventBody,
  CriteriaEventInput,
  CriteriaSetPublishedData,
  CriteriaSetRetiredData,
  IndicatorAmendedData,
  IndicatorDefinedData,
} from './events.js';
export { evolveCriteriaSet, indicatorRuleAt, lastDayInForce } from './criteria-set-state.js';
export type { AmendmentRecord, CriteriaSetState, IndicatorState, RuleOrigin } from './criteria-set-state.js';
export { CRITERIA_ERROR_CODES, criteriaDecider } from './decider.js';
export type { AmendIndicator, CriteriaCommand, CriteriaDeciderState, CriteriaErrorCode, DefineIndicator, PublishCriteriaSet, RetireCriteriaSet } from './decider.js';
export { CriteriaCatalogue, builtInCatalogue, describeRule, evolveCatalogue, ruleSummary } from './criteria-catalogue.js';
export type {
  AmendmentDescription,
  ConditionDescription,
  CriteriaCatalogueState,
  CriteriaSetDescription,
  EffectiveRule,
  IndicatorDescription,
  RuleForOptions,
} from './criteria-catalogue.js';
export {
  BUILT_IN_FACTS,
  BUILT_IN_LISTS,
  BUILT_IN_SET_IDS,
  QD318_2022_EVENTS,
  QD319_2022_EVENTS,
  QD320_2022_EVENTS,
  TT124_2021_EVENTS,
  builtInCriteriaEvents,
  builtInCriteriaStreams,
  parseCriteriaEvents,
} from './catalog/index.js';
export type { FactInfo, ListInfo } from './catalog/index.js';
export { standardId } from './standard.js';
export type { CriteriaScope, StandardCatalogue, StandardInfo } from './standard.js';
