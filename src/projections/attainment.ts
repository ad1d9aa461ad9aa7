/**
 * Attainment per (locality, standard, assessment year): the rule engine's
 * computed outcome with its explanation, the recognised status (recognitions
 * and revocations), and where they disagree.
 *
 * @module
 */
import { evaluateRule, ruleOutcome, type ChildrenRecognisedFact, type Outcome, type CountFact, type Evaluation, type FlagFact, type RuleFacts, type StandardInfo } from '../domain/criteria/index.js';
import { effectiveYears, factValue, isListed, type Recognition } from '../domain/recognition/index.js';
import { periodOf, previousPeriod, type Period } from '../domain/shared/period.js';
import type { IsoDate } from '../domain/shared/values.js';
import { NotFoundError, getOwn } from '../kernel/index.js';
import type { UnitCount } from './incident-counts.js';
import type { ReadModels } from './read-models.js';
import { metricById } from './trends.js';

/** The official (recognised) status of a unit for a standard and year. */
export type RecognitionStatus =
  | { readonly status: 'recognised'; readonly recognition: Recognition }
  | { readonly status: 'not_recognised' }
  | { readonly status: 'revoked'; readonly recognition: Recognition }
  | { readonly status: 'lapsed'; readonly recognition: Recognition; readonly reason: string };

/**
 * Whether `code` holds `standard` for assessment `year`, judged on
 * `referenceDate` (default 31 December of the year): the recognition covers
 * the year and is not revoked for it; the unit still exists, is of a kind the
 * standard applies to, and its territory has not changed since the decision
 * (a merged or split unit needs a new decision).
 *
 * @example
 * ```ts
 * recognitionStatus(rm, '15913', 'commune-standard-2021:19.2', 2024).status; // 'recognised'
 * ```
 */
export function recognitionStatus(rm: ReadModels, code: string, standard: string, year: number, referenceDate: IsoDate = `${year}-12-31`): RecognitionStatus {
  const list = (getOwn(rm.recognitions.recognitions, code) ?? []).filter((r) => r.standard === standard && r.fromYear <= year && (r.toYear === undefined || r.toYear >= year));
  if (list.length === 0) return { status: 'not_recognised' };
  const live = list.find((r) => {
    const eff = effectiveYears(r);
    return eff !== undefined && eff.fromYear <= year && (eff.toYear === null || eff.toYear >= year);
  });
  if (live === undefined) return { status: 'revoked', recognition: list[list.length - 1]! };
  const info = rm.catalogue.standard(standard);
  const unit = rm.history.at(code, referenceDate);
  if (unit === undefined) return { status: 'lapsed', recognition: live, reason: `${code} no longer exists on ${referenceDate}` };
  if (info !== undefined && !info.appliesTo.includes(unit.kind)) return { status: 'lapsed', recognition: live, reason: `${code} is a ${unit.kind} on ${referenceDate}; ${standard} applies to ${info.appliesTo.join(', ')}` };
  const changed = rm.history.steps.find(
    (s) =>
      s.date > live.decision.date &&
      s.date <= referenceDate &&
      (s.type === 'merge' ? s.target === code : s.type === 'split' ? s.source === code || s.targets.some((t) => t.code === code) : s.receiver?.code === code),
  );
  if (changed !== undefined) return { status: 'lapsed', recognition: live, reason: `the territory of ${code} changed on ${changed.date} (${changed.legalBasis}); a new decision is needed` };
  return { status: 'recognised', recognition: live };
}

function countFact(c: UnitCount | undefined, covered: boolean, what: string): CountFact {
  if (c === undefined) return { kind: 'no_data', reason: `${what}: unit not found` };
  if (c.kind === 'not_comparable') return { kind: 'not_comparable', reason: c.reasons.map((r) => `${r.source}: ${r.reason.replace(/_/g, ' ')}`).join('; '), detail: { reasons: c.reasons } };
  if (!covered) return { kind: 'no_data', reason: `no incident data for ${what}` };
  const v = c.value.numerator / c.value.denominator;
  return { kind: 'count', value: c.value.denominator === 1 ? c.value.numerator : v, detail: { contributions: c.contributions.length } };
}

/** Options of {@link ruleFactsFor}. */
export interface FactsOptions {
  readonly code: string;
  readonly standard: StandardInfo;
  readonly year: number;
  readonly period: Period;
  /** Hierarchy date of the counts and lists. */
  readonly at: IsoDate;
}

/**
 * The facts the rule engine asks for, answered from the read models for one
 * unit, standard and assessment period.
 *
 * @example
 * ```ts
 * const facts = ruleFactsFor(rm, { code, standard, year: 2024, period: periodOf('assessment-year-commune', 2024), at: '2024-12-31' });
 * evaluateRule(rule, facts).outcome;
 * ```
 */
export function ruleFactsFor(rm: ReadModels, o: FactsOptions): RuleFacts {
  const periodCounts = (labels: readonly string[], minSeverity: string | undefined, period: Period) => {
    const metric = { id: 'rule-query', title: { vi: 'truy vấn', en: 'rule query' }, labels: [...labels], measure: 'cases' as const, dateBasis: 'occurred' as const, ...(minSeverity === undefined ? {} : { minSeverity: minSeverity as never }) };
    const c = rm.counts({ metric, period, at: o.at });
    return countFact(c.get(o.code), c.covered, `${period.from}…${period.to}`);
  };
  const childKinds = o.standard.scope === 'district' ? ['xa', 'phuong', 'thi-tran'] : ['thon'];
  return {
    incidents: (q) => periodCounts(q.labels, q.minSeverity, o.period),
    metric(id, which) {
      const m = metricById(id);
      const period = which === 'current' ? o.period : previousPeriod(o.period);
      const c = rm.counts({ metric: m, period, at: o.at });
      return countFact(c.get(o.code), c.covered, `${m.id} ${period.key}`);
    },
    baseline(id, baselineYear) {
      const m = metricById(id);
      const c = rm.counts({ metric: m, period: periodOf('calendar-year', baselineYear), at: o.at });
      const u = c.get(o.code);
      if (u === undefined) return { kind: 'missing', reason: `${o.code} not found on ${o.at}` };
      if (u.kind === 'not_comparable') return { kind: 'not_comparable', reason: u.reasons.map((r) => `${r.source}: ${r.reason.replace(/_/g, ' ')}`).join('; '), detail: { reasons: u.reasons } };
      if (!c.covered) return { kind: 'missing', reason: `no incident data for ${baselineYear}` };
      return { kind: 'count', numerator: u.value.numerator, denominator: u.value.denominator, detail: { predecessors: u.contributions } };
    },
    attested(fact): FlagFact {
      const v = factValue(getOwn(rm.recognitions.facts, o.code) ?? [], o.code, fact, o.year);
      return v === undefined ? { kind: 'no_data', reason: `no attestation of ${fact} for ${o.year}` } : { kind: 'flag', value: v };
    },
    recognised(standard): FlagFact {
      const s = recognitionStatus(rm, o.code, standard, o.year, o.at);
      return { kind: 'flag', value: s.status === 'recognised', detail: { status: s.status, ...(s.status === 'lapsed' ? { reason: s.reason } : {}) } };
    },
    listed(_list, scope): FlagFact {
      const date = o.period.to < o.at ? o.period.to : o.at;
      const codes = scope === 'self' ? [o.code] : rm.history.hierarchyAt(o.at).children(o.code);
      const members = codes.filter((c) => isListed(rm.recognitions.keyComplex, c, date));
      return { kind: 'flag', value: members.length > 0, members };
    },
    childrenRecognised(standard): ChildrenRecognisedFact {
      const h = rm.history.hierarchyAt(o.at);
      const children = h.children(o.code).map((c) => h.units.get(c)!);
      const info = rm.catalogue.standard(standard);
      const eligible = children.filter((c) => (info?.appliesTo ?? childKinds).includes(c.kind));
      if (eligible.length === 0) return { kind: 'no_data', reason: `${o.code} has no child unit that ${standard} applies to on ${o.at}` };
      const members = eligible.filter((c) => recognitionStatus(rm, c.code, standard, o.year, o.at).status === 'recognised').map((c) => c.code);
      return {
        kind: 'ok',
        recognised: members.length,
        total: eligible.length,
        members,
        notRecognised: eligible.map((c) => c.code).filter((c) => !members.includes(c)),
        exclusions: children.filter((c) => !eligible.includes(c)).map((c) => ({ code: c.code, reason: `a ${c.kind}, not covered by ${standard}` })),
      };
    },
  };
}

/** An attainment query. */
export interface AttainmentQuery {
  readonly locality: string;
  /** A standard id, e.g. `commune-standard-2021:19.2`. */
  readonly standard: string;
  /** The assessment year. */
  readonly year: number;
  /** Hierarchy date (default: the last day of the assessment period). */
  readonly at?: IsoDate;
  /** Province whose overrides apply (default: the unit's province). */
  readonly provinceCode?: string;
}

/** Attainment of one unit. */
export interface AttainmentResult {
  /** The computed outcome (`computed.outcome`), so that `outcome` tells this result from {@link NotApplicable}. */
  readonly outcome: Outcome;
  readonly locality: string;
  readonly name: string;
  readonly kind: string;
  readonly standard: StandardInfo;
  readonly year: number;
  readonly period: Period;
  readonly at: IsoDate;
  /** The rule used: where it comes from (definition, national amendment, provincial override) and its legal basis. */
  readonly rule: { readonly origin: unknown; readonly legalBasis: string; readonly inForce: boolean };
  readonly computed: Evaluation;
  readonly recognised: RecognitionStatus;
  /** Set when the computed outcome and the recognised status disagree. */
  readonly disagreement: { readonly kind: 'recognised_but_computed_not_met' | 'computed_met_but_not_recognised'; readonly message: string } | null;
}

/**
 * The answer for a unit the standard does not apply to (a phường or thị trấn
 * for a standard of rural xã): not an outcome of the rule, and never counted.
 */
export interface NotApplicable {
  readonly outcome: 'not_applicable';
  readonly locality: string;
  readonly name: string;
  readonly kind: string;
  readonly standard: StandardInfo;
  readonly year: number;
  readonly at: IsoDate;
  /** Why, as a rate's exclusions say it (e.g. "a phuong on 2024-12-31: … applies to xa only"). */
  readonly reason: string;
}

/** What {@link attainment} answers: the attainment, or why the standard does not apply. */
export type AttainmentAnswer = AttainmentResult | NotApplicable;

/**
 * The computed and recognised attainment of one unit for a standard and year,
 * with the explanation of every condition.
 *
 * @throws NotFoundError for an unknown standard or a unit that does not exist on `at`.
 * @example
 * ```ts
 * const a = attainment(rm, { locality: '16000', standard: 'commune-standard-2021:19.2', year: 2024 });
 * if (a.outcome !== 'not_applicable') a.computed.explanation, a.recognised.status, a.disagreement?.message;
 * attainment(rm, { locality: '15913', standard: 'commune-standard-2021:19.2', year: 2024 }).outcome; // 'not_applicable': a phường
 * ```
 */
export function attainment(rm: ReadModels, query: AttainmentQuery): AttainmentAnswer {
  return rm.memo(`attainment|${JSON.stringify([query.locality, query.standard, query.year, query.at ?? null, query.provinceCode ?? null])}`, () => assess(rm, query));
}

/**
 * The computed outcome of {@link attainment} alone, equal to
 * `attainment(rm, query).outcome`. The same facts are asked, but no
 * explanation is built or kept: a rate over every commune of a province (or of the
 * nation) then holds one word per unit, not an explanation tree.
 *
 * @throws NotFoundError for an unknown standard or a unit that does not exist on `at`.
 * @example
 * ```ts
 * attainmentOutcome(rm, { locality: '15913', standard: 'commune-standard-2021:19.2', year: 2024 }); // 'met'
 * ```
 */
export function attainmentOutcome(rm: ReadModels, query: AttainmentQuery): Outcome | 'not_applicable' {
  return rm.memo(`attainmentOutcome|${JSON.stringify([query.locality, query.standard, query.year, query.at ?? null, query.provinceCode ?? null])}`, () => {
    const p = prepare(rm, query);
    return 'notApplicable' in p ? 'not_applicable' : ruleOutcome(p.effective.rule, p.facts);
  });
}

/** What an attainment question rests on: the standard, its period, the unit, the rule in force and the facts. */
function prepare(rm: ReadModels, query: AttainmentQuery) {
  const info = rm.catalogue.standard(query.standard);
  if (info === undefined) throw new NotFoundError('standard', query.standard, `standard ${query.standard}: not in the catalogue`);
  const set = rm.catalogue.set(info.setId);
  const convention = set?.set.assessment ?? 'calendar-year';
  const period = periodOf(convention, query.year);
  const at = query.at ?? period.to;
  const unit = rm.history.at(query.locality, at);
  if (unit === undefined) throw new NotFoundError('locality', query.locality, `locality ${query.locality}: does not exist on ${at}`);
  if (!info.appliesTo.includes(unit.kind as never)) {
    const notApplicable: NotApplicable = { outcome: 'not_applicable', locality: query.locality, name: unit.name, kind: unit.kind, standard: info, year: query.year, at, reason: `a ${unit.kind} on ${at}: ${info.id} applies to ${info.appliesTo.join(', ')} only` };
    return { notApplicable };
  }
  const provinceCode = query.provinceCode ?? [query.locality, ...rm.history.ancestorsAt(query.locality, at)].find((c) => rm.history.at(c, at)?.kind === 'province');
  const effective = rm.catalogue.ruleFor(query.standard, provinceCode === undefined ? { date: at } : { date: at, provinceCode });
  if (effective === undefined) throw new NotFoundError('standard', query.standard, `standard ${query.standard}: no rule on ${at}`);
  return { info, period, at, unit, effective, facts: ruleFactsFor(rm, { code: query.locality, standard: info, year: query.year, period, at }) };
}

function assess(rm: ReadModels, query: AttainmentQuery): AttainmentAnswer {
  const p = prepare(rm, query);
  if ('notApplicable' in p) return p.notApplicable;
  const { info, period, at, unit, effective, facts } = p;
  const computed = evaluateRule(effective.rule, facts);
  const recognised = recognitionStatus(rm, query.locality, query.standard, query.year, at);
  let disagreement: AttainmentResult['disagreement'] = null;
  if (recognised.status === 'recognised' && computed.outcome === 'not_met') {
    disagreement = { kind: 'recognised_but_computed_not_met', message: `${unit.name} is recognised for ${query.standard} in ${query.year} (decision ${recognised.recognition.decision.number}), but the recorded facts do not meet the rule` };
  } else if (recognised.status !== 'recognised' && computed.outcome === 'met') {
    disagreement = { kind: 'computed_met_but_not_recognised', message: `${unit.name} meets the rule of ${query.standard} for ${query.year} on the recorded facts, but holds no recognition (${recognised.status.replace(/_/g, ' ')})` };
  }
  return {
    outcome: computed.outcome,
    locality: query.locality,
    name: unit.name,
    kind: unit.kind,
    standard: info,
    year: query.year,
    period,
    at,
    rule: { origin: effective.origin, legalBasis: effective.legalBasis, inForce: effective.inForce },
    computed,
    recognised,
    disagreement,
  };
}

/**
 * The last day of an assessment year for a standard's set (the default `at`).
 *
 * @example
 * ```ts
 * assessmentPeriodOf(rm, 'antt-safe-commune:art5', 2024).to; // '2024-11-30'
 * ```
 */
export function assessmentPeriodOf(rm: ReadModels, standard: string, year: number): Period {
  const info = rm.catalogue.standard(standard);
  const set = info === undefined ? undefined : rm.catalogue.set(info.setId);
  return periodOf(set?.set.assessment ?? 'calendar-year', year);
}
