/**
 * The state of one criteria set folded from its events, shared by the
 * decider (one stream per set) and the catalogue (every set). Pure and
 * JSON-serialisable.
 *
 * @module
 */
import { StoreCorruptError } from '../../kernel/index.js';
import { addDays, type IsoDate } from '../shared/values.js';
import type {
  CriteriaEventBody,
  CriteriaSetPublishedData,
  CriteriaSetRetiredData,
  IndicatorAmendedData,
  IndicatorDefinedData,
} from './events.js';
import type { Rule } from './rule.js';

/** An amendment as recorded, with its order among the set's amendments (1-based). */
export interface AmendmentRecord extends IndicatorAmendedData {
  readonly seq: number;
}

/** One indicator: its definition and every amendment, in recording order. */
export interface IndicatorState {
  readonly definition: IndicatorDefinedData;
  readonly amendments: readonly AmendmentRecord[];
}

/** One criteria set. */
export interface CriteriaSetState {
  readonly set: CriteriaSetPublishedData;
  /** In definition order. */
  readonly indicators: readonly IndicatorState[];
  readonly retired: CriteriaSetRetiredData | null;
  /** Amendments recorded so far (numbers {@link AmendmentRecord.seq}). */
  readonly amendmentCount: number;
}

/**
 * Applies one criteria event to a set's state (`null` before the set is
 * published). Events of other types are ignored; an event that cannot apply
 * (an indicator before its set, a second publication) means the stream is
 * not what the decider wrote and throws a `StoreCorruptError`
 * (`criteria_stream_corrupt`).
 *
 * @example
 * ```ts
 * let s: CriteriaSetState | null = null;
 * for (const e of events) s = evolveCriteriaSet(s, e);
 * ```
 */
export function evolveCriteriaSet(state: CriteriaSetState | null, event: { readonly type: string; readonly data: unknown }): CriteriaSetState | null {
  const e = event as CriteriaEventBody;
  const corrupt = (why: string): never => {
    throw new StoreCorruptError(`criteria set ${String((e.data as { setId?: unknown }).setId)}: ${e.type} ${why}`, { type: e.type }, { code: 'criteria_stream_corrupt' });
  };
  switch (e.type) {
    case 'CriteriaSetPublished':
      if (state !== null) return corrupt('after the set was already published');
      return { set: e.data, indicators: [], retired: null, amendmentCount: 0 };
    case 'IndicatorDefined': {
      if (state === null) return corrupt('before the set was published');
      if (state.indicators.some((i) => i.definition.code === e.data.code)) return corrupt(`for indicator ${e.data.code}, already defined`);
      return { ...state, indicators: [...state.indicators, { definition: e.data, amendments: [] }] };
    }
    case 'IndicatorAmended': {
      if (state === null) return corrupt('before the set was published');
      const seq = state.amendmentCount + 1;
      let found = false;
      const indicators = state.indicators.map((i) => {
        if (i.definition.code !== e.data.code) return i;
        found = true;
        return { ...i, amendments: [...i.amendments, { ...e.data, seq }] };
      });
      if (!found) return corrupt(`for indicator ${e.data.code}, never defined`);
      return { ...state, indicators, amendmentCount: seq };
    }
    case 'CriteriaSetRetired':
      if (state === null) return corrupt('before the set was published');
      return { ...state, retired: e.data };
    default:
      return state;
  }
}

/**
 * The last day a set applies (inclusive): its `validTo`, or the day before
 * its retirement if that is earlier; `null` when open-ended.
 *
 * @example
 * ```ts
 * lastDayInForce(state); // '2025-12-31'
 * ```
 */
export function lastDayInForce(state: CriteriaSetState): IsoDate | null {
  const retiredEnd = state.retired === null ? null : addDays(state.retired.effectiveDate, -1);
  const validTo = state.set.validTo ?? null;
  if (retiredEnd === null) return validTo;
  if (validTo === null) return retiredEnd;
  return retiredEnd < validTo ? retiredEnd : validTo;
}

/** Where an effective rule comes from. */
export type RuleOrigin =
  | { readonly kind: 'defined' }
  | { readonly kind: 'national-amendment'; readonly amendment: AmendmentRecord }
  | { readonly kind: 'provincial-override'; readonly amendment: AmendmentRecord };

/** The amendment in force on `date` among `candidates`: latest `effectiveFrom`, ties to the later recorded. */
function latestInForce(candidates: readonly AmendmentRecord[], date: IsoDate): AmendmentRecord | undefined {
  let best: AmendmentRecord | undefined;
  for (const a of candidates) {
    if (a.effectiveFrom > date) continue;
    if (best === undefined || a.effectiveFrom > best.effectiveFrom || (a.effectiveFrom === best.effectiveFrom && a.seq > best.seq)) best = a;
  }
  return best;
}

/**
 * The rule of an indicator on `date`: a provincial override for
 * `provinceCode` in force on that date if there is one, else the national
 * amendment in force, else the rule as defined. Among amendments of one kind
 * the latest `effectiveFrom` wins, and a later-recorded amendment wins a tie
 * (a correction).
 *
 * @example
 * ```ts
 * indicatorRuleAt(indicator, '2024-06-30', '38').origin.kind; // 'provincial-override'
 * ```
 */
export function indicatorRuleAt(indicator: IndicatorState, date: IsoDate, provinceCode?: string): { readonly rule: Rule; readonly origin: RuleOrigin } {
  if (provinceCode !== undefined) {
    const o = latestInForce(
      indicator.amendments.filter((a) => a.provinceCode === provinceCode),
      date,
    );
    if (o !== undefined) return { rule: o.rule, origin: { kind: 'provincial-override', amendment: o } };
  }
  const n = latestInForce(
    indicator.amendments.filter((a) => a.provinceCode === undefined),
    date,
  );
  if (n !== undefined) return { rule: n.rule, origin: { kind: 'national-amendment', amendment: n } };
  return { rule: indicator.definition.rule, origin: { kind: 'defined' } };
}
