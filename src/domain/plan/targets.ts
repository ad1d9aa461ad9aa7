/**
 * Plan targets: plan data, not national constants (Thanh Hóa sets
 * 99/50/20/60/25 %, Hà Nội 100 %, Trà Vinh counts). A target is a
 * discriminated union on `kind`.
 *
 * @module
 */
import { z } from 'zod';
import { MetricId } from '../incident/labels.js';
import { Code, IsoDate, Percent, Year } from '../shared/values.js';


/**
 * A share (or count) of a population recognised for a standard by a date:
 * e.g. 99 % of rural communes attain `commune-standard-2021:19.2` by 2025-12-31.
 * Exactly one of `minPercent` and `minCount`.
 *
 * @example
 * ```ts
 * ShareRecognisedTarget.parse({ kind: 'shareRecognised', standard: 'commune-standard-2021:19.2', population: 'rural-communes', minPercent: 99, by: '2025-12-31' });
 * ```
 */
export const ShareRecognisedTarget = z
  .strictObject({
    kind: z.literal('shareRecognised'),
    standard: Code,
    /** Rural communes: `xa` only, no phường or thị trấn. Districts: every district-level unit. */
    population: z.enum(['rural-communes', 'districts']),
    minPercent: Percent.optional(),
    minCount: z.number().int().min(1).optional(),
    by: IsoDate,
  })
  .refine((t) => (t.minPercent === undefined) !== (t.minCount === undefined), { message: 'give exactly one of minPercent and minCount', path: ['minPercent'] });
/** A share-recognised target. */
export type ShareRecognisedTarget = z.infer<typeof ShareRecognisedTarget>;

/**
 * A cut of a metric versus a baseline year, for each unit of a level: e.g.
 * each locality cuts social-order crime by ≥ 5 % vs 2019.
 *
 * @example
 * ```ts
 * ReductionVsBaselineTarget.parse({ kind: 'reductionVsBaseline', metric: 'social-order-crime', baselineYear: 2019, minPercent: 5, each: 'commune', by: '2025-12-31' });
 * ```
 */
export const ReductionVsBaselineTarget = z.strictObject({
  kind: z.literal('reductionVsBaseline'),
  metric: MetricId,
  baselineYear: Year,
  minPercent: Percent,
  each: z.enum(['commune', 'district', 'province']),
  by: IsoDate,
});
/** A reduction-versus-baseline target. */
export type ReductionVsBaselineTarget = z.infer<typeof ReductionVsBaselineTarget>;

/**
 * Metrics fall year on year (each year of `fromYear`…`toYear` below the one before).
 *
 * @example
 * ```ts
 * YearOnYearReductionTarget.parse({ kind: 'yearOnYearReduction', metrics: ['all-crime', 'social-evils', 'traffic-accidents'], scope: 'province', fromYear: 2022, toYear: 2025 });
 * ```
 */
export const YearOnYearReductionTarget = z
  .strictObject({
    kind: z.literal('yearOnYearReduction'),
    metrics: z
      .array(MetricId)
      .min(1)
      .superRefine((ms, ctx) => {
        ms.forEach((m, i) => {
          if (ms.indexOf(m) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate metric ${JSON.stringify(m)}` });
        });
      }),
    scope: z.enum(['province', 'commune', 'district']),
    fromYear: Year,
    toYear: Year,
  })
  .refine((t) => t.toYear >= t.fromYear, { message: 'toYear must not be before fromYear', path: ['toYear'] });
/** A year-on-year reduction target. */
export type YearOnYearReductionTarget = z.infer<typeof YearOnYearReductionTarget>;

/**
 * Any plan target, discriminated by `kind`.
 *
 * @example
 * ```ts
 * PlanTarget.parse({ kind: 'shareRecognised', standard: 'district-standard-2021:9.4', population: 'districts', minPercent: 60, by: '2025-12-31' });
 * ```
 */
export const PlanTarget = z.discriminatedUnion('kind', [ShareRecognisedTarget, ReductionVsBaselineTarget, YearOnYearReductionTarget]);
/** Any plan target. */
export type PlanTarget = z.infer<typeof PlanTarget>;
