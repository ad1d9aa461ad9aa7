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
  /** The current value as displayed (e.g. `87.21 % (409/469)`), `null` when not assessable. */
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

/** Commune trends against the baseline. */
export interface ReportTrends {
  readonly metric: string;
  readonly year: number;
  readonly baselineYear: number;
  readonly minPercent: number;
  readonly localities: number;
  readonly met: number;
  readonly notMet: number;
  readonly notComparable: number;
  readonly other: number;
  /** Communes below the cut, largest gap first. */
  readonly failing: ReadonlyArray<{ readonly code: string; readonly name: string; readonly changePercent: number | null; readonly gap: number | null; readonly message: Bilingual }>;
  /** Communes whose comparison is not comparable, with why. */
  readonly notComparableList: ReadonlyArray<{ readonly code: string; readonly name: string; readonly reason: Bilingual }>;
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
  readonly trends: ReportTrends;
  readonly map: ReportMap;
  readonly disagreements: readonly ReportDisagreement[];
  readonly followUp: ReportFollowUp | null;
  /** Present on an as-of report: each headline figure as filed and as known today. */
  readonly diff: readonly ReportDiff[] | null;
}
