/**
 * The report model: everything a report shows, as plain data, built once
 * (by `buildReport`) and rendered to JSON, CSV, Markdown or HTML. Texts that
 * depend on the language come in both languages (`vi`, `en`); numbers stay
 * numbers, and renderers round only for display.
 *
 * @module
 */

/** A text in Vietnamese and English. */
export interface Bilingual {
  readonly vi: string;
  readonly en: string;
}

/** Report languages. */
export type Lang = 'vi' | 'en';

/** The status of a target (see target progress). */
export type ReportTargetStatus = 'met' | 'on_track' | 'at_risk' | 'not_met' | 'not_assessable';

/** A comparison outcome. */
export type ReportOutcome = 'met' | 'not_met' | 'no_data' | 'baseline_missing' | 'baseline_zero' | 'not_comparable';

/** One plan target. */
export interface ReportTarget {
  readonly id: string;
  readonly description: Bilingual;
  readonly kind: 'shareRecognised' | 'reductionVsBaseline' | 'yearOnYearReduction';
  readonly status: ReportTargetStatus;
  /** The current value as displayed, each language with its own number convention (vi `87,21 % (409/469)`, en `87.21 % (409/469)`), `null` when not assessable. */
  readonly value: Bilingual | null;
  /** The current value in percent, for charts. */
  readonly valuePercent: number | null;
  /** The target as displayed (e.g. `≥ 99 %`). */
  readonly target: string;
  readonly targetPercent: number | null;
  /** Target minus value (percentage points, or a count). */
  readonly gap: number | null;
  readonly deadline: string;
  readonly lastAssessableYear: number | null;
  /** Why it is not assessable, or what puts it at risk. */
  readonly reason: Bilingual | null;
  readonly pace: { readonly requiredPerYear: number | null; readonly observedPerYear: number | null };
  readonly series: ReadonlyArray<{ readonly year: number; readonly percent: number | null; readonly assessable: boolean }>;
  /** Failing localities, largest gap first. */
  readonly failing: ReadonlyArray<{ readonly code: string; readonly name: string; readonly gap: number; readonly detail: Bilingual }>;
}

/** The attainment of one criteria set's indicator in one year. */
export interface ReportAttainment {
  /** The criteria set id, naming its scope (e.g. `commune-standard-2021`, `district-advanced-2021`). */
  readonly set: string;
  readonly indicator: string;
  /** `set:indicator`. */
  readonly standard: string;
  readonly title: Bilingual;
  readonly year: number;
  /** The knowledge cut-off of the figure (ISO time), `null` for "as recorded". */
  readonly asOf: string | null;
  /** Units in the denominator (rural xã for commune sets), `null` when not assessable. */
  readonly eligible: number | null;
  /** Officially recognised. */
  readonly recognised: number | null;
  /** Meeting the rule on the recorded facts. */
  readonly computed: number | null;
  readonly recognisedPercent: number | null;
  readonly computedPercent: number | null;
  /** The plan's target for this standard (percent), if any. */
  readonly targetPercent: number | null;
  readonly assessable: boolean;
  readonly reason: Bilingual | null;
}

/** The province's figure of one metric per year against the baseline year. */
export interface ReportCrimeSeries {
  readonly metric: { readonly id: string; readonly title: Bilingual };
  readonly baselineYear: number;
  readonly baseline: number | null;
  readonly series: ReadonlyArray<{ readonly year: number; readonly value: number | null; readonly changeVsBaselinePercent: number | null; readonly outcome: ReportOutcome }>;
}

/** Units of assessment by outcome (localities alone, or groups). */
export interface ReportTally {
  readonly total: number;
  readonly met: number;
  readonly notMet: number;
  readonly noData: number;
  readonly baselineMissing: number;
  readonly baselineZero: number;
  readonly notComparable: number;
}

/** A unit of assessment against the baseline: a locality alone, or a comparison group. */
export interface ReportTrendUnit {
  /** The locality's code, or the group's id (its members' codes joined by `+`). */
  readonly code: string;
  /** The locality's name, or the members' names joined by ` + `. */
  readonly name: string;
  /** The locality itself, or the group's members. */
  readonly members: ReadonlyArray<{ readonly code: string; readonly name: string }>;
  readonly outcome: ReportOutcome;
  /** Count in the report year, and in the baseline year rebased onto today's territory (`null` when not computable). */
  readonly current: number | null;
  readonly baseline: number | null;
  readonly changePercent: number | null;
  /** Percentage points of cut missing (for `not_met`). */
  readonly gap: number | null;
  readonly message: Bilingual;
}

/** A comparison group: localities assessed together because their footprints are exact only together. */
export interface ReportGroup extends ReportTrendUnit {
  /** Why it could not be split. */
  readonly reason: Bilingual;
  /** The facts that would split it: indexes into {@link ReportTrends.missingFacts}. */
  readonly missing: readonly number[];
  /** The group is every locality of the level (its verdict would be the province's own). */
  readonly whole: boolean;
}

/** A fact that would split comparison groups once recorded, and how to record it. */
export interface ReportMissingFact {
  /** `receiver`: who received a dissolved unit; `shares`: how a divided unit was shared; `day_within_half_month`: not recordable (the day of incidents in a half-month). */
  readonly kind: 'receiver' | 'shares' | 'day_within_half_month';
  /** The dissolved or divided unit, as named on the day before the change. */
  readonly unit: { readonly code: string; readonly name: string };
  /** Effective date of the change (first day of the half-month for `day_within_half_month`). */
  readonly date: string;
  readonly legalBasis: Bilingual | null;
  /** Possible receivers, or the units that received a part. */
  readonly candidates: ReadonlyArray<{ readonly code: string; readonly name: string }>;
  /** What is missing, in words. */
  readonly text: Bilingual;
  /** The command that records it (values to fill in angle brackets), or `null` when it cannot be recorded. */
  readonly command: string | null;
  /** The groups it helps split (ids). */
  readonly groups: readonly string[];
}

/** A lineage fact found in a source, on which figures of the report rest. */
export interface ReportEvidence {
  readonly kind: 'receiver' | 'division' | 'part_transfer' | 'shares';
  readonly date: string;
  readonly legalBasis: Bilingual;
  /** What the fact says, in words. */
  readonly fact: Bilingual;
  /** `documented`, `secondary`, `inferred-high`, `inferred-medium`. */
  readonly level: string;
  readonly source: string | null;
  readonly quote: string | null;
  readonly caveat: string | null;
  /** The localities (codes) or groups (ids) whose baseline rests on it. */
  readonly localities: readonly string[];
}

/** Trends of one level (communes, or districts) against the baseline. */
export interface ReportTrends {
  readonly level: 'commune' | 'district';
  readonly metric: string;
  readonly year: number;
  readonly baselineYear: number;
  readonly minPercent: number;
  /** Localities of the level in the province. */
  readonly localities: number;
  /** Localities assessed alone, by outcome. */
  readonly alone: ReportTally;
  /** Comparison groups by outcome (`total` groups), the localities they hold and their sizes. */
  readonly groups: ReportTally & { readonly localities: number; readonly minSize: number | null; readonly maxSize: number | null };
  /** Share of the localities assessed alone, in percent (`null` when there are none). */
  readonly aloneSharePercent: number | null;
  /** The province's own trend against the baseline in the same year. */
  readonly province: { readonly code: string; readonly name: string; readonly outcome: ReportOutcome; readonly current: number | null; readonly baseline: number | null; readonly changePercent: number | null };
  /** Units of assessment below the cut (localities alone and groups), largest gap first. */
  readonly failing: readonly ReportTrendUnit[];
  /** Every comparison group, by id. */
  readonly groupList: readonly ReportGroup[];
  /** Units of assessment with no verdict (not comparable, zero or missing baseline, no data), with why. */
  readonly notComparableList: ReadonlyArray<{ readonly code: string; readonly name: string; readonly outcome: ReportOutcome; readonly reason: Bilingual }>;
  /** Every fact that would split a group, each once. */
  readonly missingFacts: readonly ReportMissingFact[];
  /** The looked-up lineage facts behind the figures, each once, with their sources. */
  readonly evidence: readonly ReportEvidence[];
  /** Every locality's verdict, alone or as a member of its group (in code order). */
  readonly verdicts: ReadonlyArray<{ readonly code: string; readonly name: string; readonly outcome: ReportOutcome; readonly group: string | null }>;
}

/** One district's value for the map. */
export interface ReportDistrictValue {
  /** 3-digit GSO district code (the map's `properties.code`). */
  readonly code: string;
  readonly name: string;
  /** The mapped value (e.g. change of social-order crime vs the baseline, in percent), `null` when not computable. */
  readonly value: number | null;
  /** A short label, e.g. `-12.5 %` or `không so sánh được`. */
  readonly label: string;
  readonly outcome: ReportOutcome;
}

/** The map. */
export interface ReportMap {
  /** The year the districts are taken from (the last with a district level, when the report year has none). */
  readonly year: number;
  readonly title: Bilingual;
  /** What the colours mean. */
  readonly legend: Bilingual;
  /** Why the map year differs from the report year, if it does. */
  readonly note: Bilingual | null;
  /** The district boundaries (GeoJSON FeatureCollection with `properties.code`). */
  readonly geojson: { readonly type: 'FeatureCollection'; readonly features: readonly unknown[] };
  readonly districts: readonly ReportDistrictValue[];
}

/** A disagreement between the computed and the recognised status. */
export interface ReportDisagreement {
  readonly code: string;
  readonly name: string;
  readonly standard: string;
  readonly year: number;
  readonly kind: 'recognised_but_computed_not_met' | 'computed_met_but_not_recognised';
  readonly message: Bilingual;
}

/** Plan follow-up, summarised. */
export interface ReportFollowUp {
  readonly disputes: ReadonlyArray<{ readonly year: number; readonly arising: number; readonly settledAtGrassroots: number; readonly sharePercent: number | null }>;
  readonly reportsFiled: number;
  readonly reportsMissing: ReadonlyArray<{ readonly period: string; readonly recipient: string; readonly dueBy: string }>;
  readonly reviews: ReadonlyArray<{ readonly kind: 'interim' | 'final'; readonly heldOn: string; readonly title: string }>;
  readonly inspections: number;
  readonly openObstacles: ReadonlyArray<{ readonly title: string; readonly raisedBy: string; readonly raisedOn: string; readonly ageDays: number }>;
  readonly overdueTasks: ReadonlyArray<{ readonly owner: string; readonly count: number; readonly oldestDaysOverdue: number }>;
}

/** A figure as filed against the same figure today. */
export interface ReportDiff {
  readonly key: string;
  readonly label: Bilingual;
  readonly asFiled: string | number | null;
  readonly today: string | number | null;
}

/** Everything a report shows. */
export interface ReportModel {
  readonly meta: {
    readonly title: Bilingual;
    readonly province: { readonly code: string; readonly name: string };
    readonly year: number;
    /** Knowledge cut-off ("as filed on"), ISO time, or `null` for everything recorded. */
    readonly asOf: string | null;
    readonly generatedAt: string;
    /** The hierarchy date of the figures. */
    readonly hierarchyAt: string;
    readonly plan: { readonly id: string; readonly title: Bilingual; readonly legalBasis: string } | null;
    /** Provenance and caveats (e.g. "synthetic incidents"). */
    readonly notes: readonly Bilingual[];
  };
  readonly targets: readonly ReportTarget[];
  /** Per set and year: the attainment series (for the chart and the demo summary). */
  readonly attainment: readonly ReportAttainment[];
  readonly crime: ReportCrimeSeries;
  /** Communes against the baseline. */
  readonly trends: ReportTrends;
  /** Districts against the baseline, while the district level exists on the report's hierarchy date; else `null`. */
  readonly districtTrends: ReportTrends | null;
  /** Why there are no district trends (the district level was abolished), when so. */
  readonly districtTrendsNote: Bilingual | null;
  readonly map: ReportMap;
  readonly disagreements: readonly ReportDisagreement[];
  readonly followUp: ReportFollowUp | null;
  /** Present on an as-of report: each headline figure as filed and as known today. */
  readonly diff: readonly ReportDiff[] | null;
}
