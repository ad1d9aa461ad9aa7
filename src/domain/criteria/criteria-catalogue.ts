/**
 * The criteria catalogue: every criteria set folded from criteria events.
 * It answers which standards exist (`StandardCatalogue`), which rule an
 * indicator has on a date for a province (`ruleFor`), and lists every set,
 * indicator and condition with its legal basis and verified mark
 * (`describe`). Pure and immutable.
 *
 * @module
 */
import { ValidationError, deepFreeze, formatPath, type ValidationIssue } from '../../kernel/index.js';
import type { PeriodConvention } from '../shared/period.js';
import type { IsoDate, LocalityKind } from '../shared/values.js';
import { builtInCriteriaEvents } from './catalog/index.js';
import { evolveCriteriaSet, indicatorRuleAt, lastDayInForce, type CriteriaSetState, type IndicatorState, type RuleOrigin } from './criteria-set-state.js';
import { criteriaEventDefinitions, criteriaStreamId, type CriteriaEventBody, type CriteriaLevel } from './events.js';
import { standardId, type CriteriaScope, type StandardCatalogue, type StandardInfo } from './standard.js';
import { isFullyVerified, walkRule, type LocalizedText, type Rule, type RuleOp } from './rule.js';

/** Every criteria set, in publication order. JSON-serialisable (a projection can store it). */
export interface CriteriaCatalogueState {
  readonly sets: readonly CriteriaSetState[];
}

/**
 * Applies one event to a catalogue state. Events that are not criteria
 * events are ignored.
 *
 * @example
 * ```ts
 * const state = events.reduce(evolveCatalogue, { sets: [] });
 * ```
 */
export function evolveCatalogue(state: CriteriaCatalogueState, event: { readonly type: string; readonly data: unknown }): CriteriaCatalogueState {
  if (!criteriaEventDefinitions.some((d) => d.type === event.type)) return state;
  const setId = (event.data as { setId: string }).setId;
  const index = state.sets.findIndex((s) => s.set.setId === setId);
  const next = evolveCriteriaSet(index === -1 ? null : (state.sets[index] ?? null), event);
  if (next === null) return state;
  if (index === -1) return { sets: [...state.sets, next] };
  return { sets: state.sets.map((s, i) => (i === index ? next : s)) };
}

/** Options of {@link CriteriaCatalogue.ruleFor}. */
export interface RuleForOptions {
  /** The day the rule is needed for (usually the last day of the assessment period). */
  readonly date: IsoDate;
  /** The province asking: its overrides apply. Without it, only national rules. */
  readonly provinceCode?: string;
}

/** The rule of an indicator as it applies on a date for a province. */
export interface EffectiveRule {
  readonly standard: StandardInfo;
  readonly rule: Rule;
  /** Where the rule comes from: the definition, a national amendment or a provincial override. */
  readonly origin: RuleOrigin;
  /** The legal basis of the rule in force (the amendment's, else the set's). */
  readonly legalBasis: string;
  readonly date: IsoDate;
  readonly provinceCode: string | null;
  /** Whether the set applies on `date` (between `validFrom` and its last day in force). */
  readonly inForce: boolean;
  /** The period convention the set is assessed in. */
  readonly assessment: PeriodConvention;
}

/** One node of a rule, flattened for listings. */
export interface ConditionDescription {
  /** Where it is in the rule, e.g. `rules[2]` (`(root)` for the root). */
  readonly path: string;
  /** 0 for the root. */
  readonly depth: number;
  readonly op: RuleOp;
  readonly id: string | null;
  readonly title: LocalizedText | null;
  /** The node's own mark. */
  readonly verified: boolean;
  /** True when the node and every node below it are verified. */
  readonly fullyVerified: boolean;
  readonly source: string | null;
  /** A one-line summary of what the node asks. */
  readonly summary: string;
}

/** An amendment, for listings. */
export interface AmendmentDescription {
  readonly effectiveFrom: IsoDate;
  /** `null` for a national amendment. */
  readonly provinceCode: string | null;
  readonly legalBasis: string;
  readonly reason: string;
  readonly conditions: readonly ConditionDescription[];
}

/** An indicator, for listings. */
export interface IndicatorDescription {
  readonly standardId: string;
  readonly code: string;
  readonly criterion: { readonly number: string; readonly title: LocalizedText };
  readonly title: LocalizedText;
  /** Whether the indicator's wording was verified. */
  readonly verified: boolean;
  /** The rule as defined, flattened. */
  readonly conditions: readonly ConditionDescription[];
  /** Nodes of the defined rule marked unverified. */
  readonly unverifiedConditions: number;
  readonly amendments: readonly AmendmentDescription[];
}

/** A criteria set, for listings. */
export interface CriteriaSetDescription {
  readonly setId: string;
  readonly streamId: string;
  readonly title: LocalizedText;
  readonly legalBasis: string;
  readonly scope: CriteriaScope;
  readonly level: CriteriaLevel;
  readonly appliesTo: readonly LocalityKind[];
  readonly assessment: PeriodConvention;
  readonly validFrom: IsoDate;
  readonly validTo: IsoDate | null;
  /** The last day it applies, after retirement. */
  readonly lastDayInForce: IsoDate | null;
  readonly retired: { readonly effectiveDate: IsoDate; readonly legalBasis: string } | null;
  readonly verified: boolean;
  readonly note: string | null;
  readonly indicators: readonly IndicatorDescription[];
}

/**
 * A one-line English summary of what a rule node asks.
 *
 * @example
 * ```ts
 * ruleSummary(Rule.parse({ op: 'reductionVsBaseline', metric: 'social-order-crime', baselineYear: 2019, minPercent: 5 }));
 * // 'social-order-crime cut by at least 5 % vs 2019'
 * ```
 */
export function ruleSummary(rule: Rule): string {
  switch (rule.op) {
    case 'noIncidents':
      return `no incidents labelled ${rule.labels.join(', ')}${rule.minSeverity === undefined ? '' : ` (${rule.minSeverity} or worse)`}`;
    case 'notMoreThanPrevious':
      return `${rule.metric} not more than in the previous period`;
    case 'reductionVsBaseline':
      return `${rule.metric} cut by at least ${rule.minPercent} % vs ${rule.baselineYear}`;
    case 'shareOfChildrenRecognised':
      return `at least ${rule.minPercent} % of child units recognised for ${rule.standard}`;
    case 'attested':
      return `attested: ${rule.fact}`;
    case 'recognised':
      return `recognised for ${rule.standard}`;
    case 'notListed':
      return rule.scope === 'children' ? `no child unit on list ${rule.list}` : `not on list ${rule.list}`;
    case 'all':
      return `all of ${rule.rules.length}`;
    case 'any':
      return `any of ${rule.rules.length}`;
    case 'not':
      return 'not';
  }
}

/**
 * Flattens a rule into its nodes, parent first, for listings.
 *
 * @example
 * ```ts
 * describeRule(rule).filter((c) => !c.verified).map((c) => c.id);
 * ```
 */
export function describeRule(rule: Rule): ConditionDescription[] {
  const out: ConditionDescription[] = [];
  walkRule(rule, (node, path, depth) => {
    out.push({
      path: formatPath(path),
      depth,
      op: node.op,
      id: node.id ?? null,
      title: node.title ?? null,
      verified: node.verified !== false,
      fullyVerified: isFullyVerified(node),
      source: node.source ?? null,
      summary: ruleSummary(node),
    });
  });
  return out;
}

function standardInfo(s: CriteriaSetState, indicator: IndicatorState): StandardInfo {
  return {
    id: standardId(s.set.setId, indicator.definition.code),
    setId: s.set.setId,
    indicator: indicator.definition.code,
    scope: s.set.scope,
    appliesTo: s.set.appliesTo,
    title: indicator.definition.title,
    validFrom: s.set.validFrom,
    validTo: lastDayInForce(s),
  };
}

/**
 * The criteria catalogue. Build it from criteria events (any other events
 * are ignored), then ask it for standards, effective rules and listings.
 *
 * @example
 * ```ts
 * const catalogue = CriteriaCatalogue.from(builtInCriteriaEvents());
 * catalogue.standard('commune-standard-2021:19.2')?.appliesTo; // ['xa']
 * const { rule } = catalogue.ruleFor('antt-safe-commune:art5', { date: '2024-11-30', provinceCode: '38' })!;
 * ```
 */
export class CriteriaCatalogue implements StandardCatalogue {
  /** The folded, frozen state. */
  readonly state: CriteriaCatalogueState;

  private constructor(state: CriteriaCatalogueState) {
    this.state = deepFreeze(state);
  }

  /**
   * An empty catalogue.
   *
   * @example
   * ```ts
   * CriteriaCatalogue.empty().standards(); // []
   * ```
   */
  static empty(): CriteriaCatalogue {
    return new CriteriaCatalogue({ sets: [] });
  }

  /**
   * A catalogue from a state saved earlier.
   *
   * @example
   * ```ts
   * const copy = CriteriaCatalogue.fromState(JSON.parse(JSON.stringify(catalogue.state)));
   * ```
   */
  static fromState(state: CriteriaCatalogueState): CriteriaCatalogue {
    return new CriteriaCatalogue(state);
  }

  /**
   * Builds a catalogue from events, in order. Criteria events are validated
   * (a `ValidationError` lists every issue with its index); other events are
   * ignored.
   *
   * @example
   * ```ts
   * const catalogue = CriteriaCatalogue.from([...builtInCriteriaEvents(), ...provincialAmendments]);
   * ```
   */
  static from(events: Iterable<{ readonly type: string; readonly data: unknown }>): CriteriaCatalogue {
    return CriteriaCatalogue.empty().with(events);
  }

  /**
   * A new catalogue with more events applied (incremental update).
   *
   * @example
   * ```ts
   * const updated = catalogue.with([{ type: 'IndicatorAmended', data: amendment }]);
   * ```
   */
  with(events: Iterable<{ readonly type: string; readonly data: unknown }>): CriteriaCatalogue {
    const issues: ValidationIssue[] = [];
    const parsed: CriteriaEventBody[] = [];
    let i = 0;
    for (const e of events) {
      const def = criteriaEventDefinitions.find((d) => d.type === e.type);
      if (def !== undefined) {
        const r = def.schema.safeParse(e.data);
        if (r.success) parsed.push({ type: def.type, data: r.data } as CriteriaEventBody);
        else for (const issue of r.error.issues) issues.push({ path: [i, 'data', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], code: issue.code, message: issue.message });
      }
      i++;
    }
    if (issues.length > 0) throw new ValidationError('criteria catalogue', issues);
    return new CriteriaCatalogue(parsed.reduce<CriteriaCatalogueState>(evolveCatalogue, this.state));
  }

  /**
   * One set's state.
   *
   * @example
   * ```ts
   * catalogue.set('district-standard-2021')?.set.legalBasis; // 'Quyết định 320/QĐ-TTg (08/03/2022)'
   * ```
   */
  set(setId: string): CriteriaSetState | undefined {
    return this.state.sets.find((s) => s.set.setId === setId);
  }

  /**
   * Every set, in publication order.
   *
   * @example
   * ```ts
   * catalogue.sets().map((s) => s.set.setId);
   * ```
   */
  sets(): readonly CriteriaSetState[] {
    return this.state.sets;
  }

  /**
   * A standard by id (`<setId>:<indicator>`).
   *
   * @example
   * ```ts
   * catalogue.standard('antt-safe-commune:art5')?.appliesTo; // ['xa', 'phuong', 'thi-tran']
   * ```
   */
  standard(id: string): StandardInfo | undefined {
    const found = this.find(id);
    return found === undefined ? undefined : standardInfo(found.set, found.indicator);
  }

  /**
   * Every standard (one per indicator), in catalogue order.
   *
   * @example
   * ```ts
   * catalogue.standards().map((s) => s.id); // ['antt-safe-residential:art4', 'antt-safe-commune:art5', …]
   * ```
   */
  standards(): readonly StandardInfo[] {
    return this.state.sets.flatMap((s) => s.indicators.map((i) => standardInfo(s, i)));
  }

  /**
   * The rule of a standard on a date, for a province: its provincial
   * override in force on that date if any, else the national amendment in
   * force, else the rule as defined. `undefined` for an unknown standard.
   * Outside the set's validity the rule is still returned, with
   * `inForce: false`.
   *
   * @example
   * ```ts
   * const r = catalogue.ruleFor('commune-advanced-2021:19.2', { date: '2025-12-31', provinceCode: '38' });
   * r?.origin.kind; // 'defined' | 'national-amendment' | 'provincial-override'
   * ```
   */
  ruleFor(id: string, options: RuleForOptions): EffectiveRule | undefined {
    const found = this.find(id);
    if (found === undefined) return undefined;
    const { set, indicator } = found;
    const { rule, origin } = indicatorRuleAt(indicator, options.date, options.provinceCode);
    const last = lastDayInForce(set);
    return {
      standard: standardInfo(set, indicator),
      rule,
      origin,
      legalBasis: origin.kind === 'defined' ? set.set.legalBasis : origin.amendment.legalBasis,
      date: options.date,
      provinceCode: options.provinceCode ?? null,
      inForce: options.date >= set.set.validFrom && (last === null || options.date <= last),
      assessment: set.set.assessment,
    };
  }

  /**
   * Every set and indicator with its legal basis, and every condition of
   * every rule (as defined and as amended) with its verified mark and
   * source: the listing behind docs and reports.
   *
   * @example
   * ```ts
   * for (const s of catalogue.describe()) for (const i of s.indicators) console.log(s.legalBasis, i.standardId, i.unverifiedConditions);
   * ```
   */
  describe(): CriteriaSetDescription[] {
    return this.state.sets.map((s) => ({
      setId: s.set.setId,
      streamId: criteriaStreamId(s.set.setId),
      title: s.set.title,
      legalBasis: s.set.legalBasis,
      scope: s.set.scope,
      level: s.set.level,
      appliesTo: s.set.appliesTo,
      assessment: s.set.assessment,
      validFrom: s.set.validFrom,
      validTo: s.set.validTo ?? null,
      lastDayInForce: lastDayInForce(s),
      retired: s.retired === null ? null : { effectiveDate: s.retired.effectiveDate, legalBasis: s.retired.legalBasis },
      verified: s.set.verified,
      note: s.set.note ?? null,
      indicators: s.indicators.map((i) => {
        const conditions = describeRule(i.definition.rule);
        return {
          standardId: standardId(s.set.setId, i.definition.code),
          code: i.definition.code,
          criterion: i.definition.criterion,
          title: i.definition.title,
          verified: i.definition.verified,
          conditions,
          unverifiedConditions: conditions.filter((c) => !c.verified).length,
          amendments: i.amendments.map((a) => ({
            effectiveFrom: a.effectiveFrom,
            provinceCode: a.provinceCode ?? null,
            legalBasis: a.legalBasis,
            reason: a.reason,
            conditions: describeRule(a.rule),
          })),
        };
      }),
    }));
  }

  private find(id: string): { set: CriteriaSetState; indicator: IndicatorState } | undefined {
    const colon = id.indexOf(':');
    if (colon === -1) return undefined;
    const set = this.set(id.slice(0, colon));
    const indicator = set?.indicators.find((i) => i.definition.code === id.slice(colon + 1));
    return set === undefined || indicator === undefined ? undefined : { set, indicator };
  }
}

let builtIn: CriteriaCatalogue | undefined;

/**
 * The catalogue of the built-in 2021-2025 sets (built once, immutable).
 *
 * @example
 * ```ts
 * builtInCatalogue().standard('district-standard-2021:9.4')?.appliesTo; // ['huyen', 'thi-xa', 'thanh-pho']
 * ```
 */
export function builtInCatalogue(): CriteriaCatalogue {
  builtIn ??= CriteriaCatalogue.from(builtInCriteriaEvents());
  return builtIn;
}
