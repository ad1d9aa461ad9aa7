/**
 * Attainment rates: numerator and denominator with their members and the
 * units left out (with reasons), official (recognitions) and computed (rule
 * engine). Commune sets count only the kinds the standard applies to (rural
 * `xa` for the NTM sets) on the stated date; district sets count the
 * district-level units existing then.
 *
 * @module
 */
import type { Outcome, StandardInfo } from '../domain/criteria/index.js';
import type { HierarchyVersion } from '../domain/locality/index.js';
import type { IsoDate } from '../domain/shared/values.js';
import { NotFoundError } from '../kernel/index.js';
import { attainmentOutcome, recognitionStatus, type RecognitionStatus } from './attainment.js';
import type { ReadModels } from './read-models.js';

/** A rate query. */
export interface RateQuery {
  readonly standard: string;
  readonly year: number;
  /** The day the population is taken on (default: 31 December of `year`). */
  readonly date?: IsoDate;
  /** The province (default: the only province in the register on `date`). */
  readonly province?: string;
  /** Also evaluate the rule for every member (default true). */
  readonly computed?: boolean;
}

/** A unit in a rate's denominator. */
export interface RateMember {
  readonly code: string;
  readonly name: string;
  readonly kind: string;
  readonly recognised: RecognitionStatus['status'];
  readonly recognition?: { readonly decision: string; readonly reason?: string };
  readonly computed: Outcome | null;
}

/** One side of a rate. */
export interface RateValue {
  readonly numerator: number;
  readonly denominator: number;
  /** Display only; `null` when the denominator is 0. */
  readonly percent: number | null;
  readonly members: readonly string[];
}

/** A rate with its members. */
export type RateResult = {
  readonly standard: StandardInfo;
  readonly year: number;
  readonly date: IsoDate;
  readonly province: string;
  readonly hierarchy: HierarchyVersion;
  readonly eligible: readonly RateMember[];
  readonly exclusions: ReadonlyArray<{ readonly code: string; readonly name: string; readonly kind: string; readonly reason: string }>;
} & (
  | {
      readonly assessable: true;
      readonly official: RateValue;
      readonly computed: (RateValue & { readonly byOutcome: Readonly<Partial<Record<Outcome, number>>> }) | null;
    }
  | { readonly assessable: false; readonly reason: string }
);

const value = (members: readonly string[], denominator: number): RateValue => ({
  numerator: members.length,
  denominator,
  percent: denominator === 0 ? null : Math.round((members.length / denominator) * 10000) / 100,
  members,
});

/**
 * The province of the register on `date` (the only one), or throws.
 *
 * @example
 * ```ts
 * provinceOf(rm, '2024-12-31'); // '38'
 * ```
 */
export function provinceOf(rm: ReadModels, date: IsoDate, province?: string): string {
  if (province !== undefined) {
    if (rm.history.at(province, date)?.kind !== 'province') throw new NotFoundError('province', province, `province ${province}: not in the register on ${date}`);
    return province;
  }
  const provinces = rm.history.hierarchyAt(date).ofLevel('province');
  if (provinces.length !== 1) throw new NotFoundError('province', '(default)', `the register holds ${provinces.length} provinces on ${date}; name one`);
  return provinces[0]!.code;
}

/**
 * The attainment rate of a standard in a province for a year.
 *
 * @example
 * ```ts
 * const r = attainmentRate(rm, { standard: 'commune-standard-2021:19.2', year: 2022 });
 * r.assessable && r.official.denominator; // 469: the rural xã of Thanh Hóa on 31 December 2022
 * ```
 */
export function attainmentRate(rm: ReadModels, query: RateQuery): RateResult {
  return rm.memo(`rate|${JSON.stringify([query.standard, query.year, query.date ?? null, query.province ?? null, query.computed ?? true])}`, () => rateOf(rm, query));
}

const registerOrders = new WeakMap<object, ReadonlyMap<string, number>>();
/** Each unit's place in the register order of a hierarchy (computed once per hierarchy). */
function registerOrderOf(h: { readonly units: ReadonlyMap<string, unknown> }): ReadonlyMap<string, number> {
  let order = registerOrders.get(h);
  if (order === undefined) {
    const m = new Map<string, number>();
    for (const code of h.units.keys()) m.set(code, m.size);
    registerOrders.set(h, (order = m));
  }
  return order;
}

function rateOf(rm: ReadModels, query: RateQuery): RateResult {
  const info = rm.catalogue.standard(query.standard);
  if (info === undefined) throw new NotFoundError('standard', query.standard, `standard ${query.standard}: not in the catalogue`);
  const date = query.date ?? `${query.year}-12-31`;
  const province = provinceOf(rm, date, query.province);
  const h = rm.history.hierarchyAt(date);
  const level = info.scope === 'district' ? 'district' : info.scope === 'residential' ? 'residential' : 'commune';
  // the units of the level under the province, in register order (read through the hierarchy, not by walking every unit's ancestors)
  const order = registerOrderOf(h);
  const candidates = rm.history
    .unitsUnder(province, level, date)
    .map((u) => h.units.get(u.code)!)
    .sort((a, b) => order.get(a.code)! - order.get(b.code)!);
  const eligibleUnits = candidates.filter((u) => info.appliesTo.includes(u.kind));
  const exclusions = candidates
    .filter((u) => !info.appliesTo.includes(u.kind))
    .map((u) => ({ code: u.code, name: u.name, kind: u.kind, reason: `a ${u.kind} on ${date}: ${info.id} applies to ${info.appliesTo.join(', ')} only` }));
  const base = { standard: info, year: query.year, date, province, hierarchy: rm.history.versionAt(date), exclusions };

  if (eligibleUnits.length === 0) {
    const reason =
      level === 'district'
        ? districtsGoneReason(rm, province, date)
        : `no unit of kind ${info.appliesTo.join(', ')} in ${province} on ${date}`;
    return { ...base, eligible: [], assessable: false, reason };
  }
  const wantComputed = query.computed ?? true;
  const eligible: RateMember[] = eligibleUnits.map((u) => {
    const s = recognitionStatus(rm, u.code, info.id, query.year, date);
    // the eligible units are those the standard applies to: their outcome is never not_applicable
    const outcome = wantComputed ? attainmentOutcome(rm, { locality: u.code, standard: info.id, year: query.year, at: date, provinceCode: province }) : null;
    const computed = outcome === 'not_applicable' ? null : outcome;
    return {
      code: u.code,
      name: u.name,
      kind: u.kind,
      recognised: s.status,
      ...(s.status === 'not_recognised' ? {} : { recognition: { decision: s.recognition.decision.number, ...(s.status === 'lapsed' ? { reason: s.reason } : {}) } }),
      computed,
    };
  });
  const official = value(
    eligible.filter((m) => m.recognised === 'recognised').map((m) => m.code),
    eligible.length,
  );
  let computed: (RateValue & { byOutcome: Partial<Record<Outcome, number>> }) | null = null;
  if (wantComputed) {
    const byOutcome: Partial<Record<Outcome, number>> = {};
    for (const m of eligible) byOutcome[m.computed!] = (byOutcome[m.computed!] ?? 0) + 1;
    computed = { ...value(eligible.filter((m) => m.computed === 'met').map((m) => m.code), eligible.length), byOutcome };
  }
  return { ...base, eligible, assessable: true, official, computed };
}

/**
 * Why a district-level series has no member on `date`.
 *
 * @example
 * ```ts
 * districtsGoneReason(rm, '38', '2025-12-31'); // 'the district level of 38 was abolished on 2025-07-01 (…)…'
 * ```
 */
export function districtsGoneReason(rm: ReadModels, province: string, date: IsoDate): string {
  const ab = districtAbolition(rm, province, date);
  if (ab !== undefined) return `the district level of ${province} was abolished on ${ab.abolishedOn} (${ab.legalBasis}): no district-level unit exists on ${date}`;
  return `no district-level unit in ${province} on ${date}`;
}

/**
 * The abolition of a province's district level in force on `date`, if any.
 *
 * @example
 * ```ts
 * districtAbolition(rm, '38', '2025-12-31'); // { abolishedOn: '2025-07-01', legalBasis: '1686/NQ-UBTVQH15, …' }
 * ```
 */
export function districtAbolition(rm: ReadModels, province: string, date: IsoDate): { abolishedOn: IsoDate; legalBasis: string } | undefined {
  const abolition = rm.register.events.find((e) => e.type === 'DistrictLevelAbolished' && e.data.provinceCode === province && e.data.effectiveDate <= date);
  return abolition !== undefined && abolition.type === 'DistrictLevelAbolished' ? { abolishedOn: abolition.data.effectiveDate, legalBasis: abolition.data.legalBasis } : undefined;
}
