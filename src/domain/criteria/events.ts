/**
 * Criteria events: criteria sets are versioned data, not code. A set is
 * published with its legal basis and validity, its indicators are defined
 * with a rule tree, amended nationally or for one province from a date,
 * and finally retired. Each criteria set is one stream
 * ({@link criteriaStreamId}).
 *
 * @module
 */
import { z } from 'zod';
import { defineEvent, type BodyOf, type EventOf } from '../../kernel/index.js';
import { PeriodConvention } from '../shared/period.js';
import { Code, IsoDate, LegalBasis, LocalityKind, Name, Text, levelOf, type LocalityKind as LocalityKindT } from '../shared/values.js';
import { LocalizedText, Rule } from './rule.js';

/**
 * A criteria set id: lower-case letters, digits and `-` (no `:`, which
 * separates set and indicator in a standard id).
 *
 * @example
 * ```ts
 * CriteriaSetId.parse('commune-standard-2021');
 * ```
 */
export const CriteriaSetId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'a criteria set id must be lower-case letters, digits and - (no ":")');

/**
 * An indicator code within a set, e.g. `19.2`, `9.4`, `art5`, `antt`.
 *
 * @example
 * ```ts
 * IndicatorCode.parse('19.2');
 * ```
 */
export const IndicatorCode = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'an indicator code must be letters, digits, . and - (no ":")');

/**
 * The scope of a criteria set: the level of unit it is assessed for.
 *
 * @example
 * ```ts
 * CriteriaScopeSchema.parse('district');
 * ```
 */
export const CriteriaScopeSchema = z.enum(['commune', 'district', 'residential']);

/**
 * The level of a criteria set: NTM `standard`, `advanced` (nâng cao),
 * `model` (kiểu mẫu), or a `safe` standard (TT 124 "An toàn về ANTT").
 *
 * @example
 * ```ts
 * CriteriaLevel.parse('advanced');
 * ```
 */
export const CriteriaLevel = z.enum(['standard', 'advanced', 'model', 'safe']);
/** The level of a criteria set. */
export type CriteriaLevel = z.infer<typeof CriteriaLevel>;

const scopeLevel = { commune: 'commune', district: 'district', residential: 'residential' } as const;

/**
 * A criteria set is published: its instrument, scope, level, the kinds of
 * unit it applies to, its assessment period convention and its validity
 * (`validTo` inclusive). `verified` says whether the set's own data (title,
 * legal basis, scope) were verified; every condition carries its own mark.
 *
 * @example
 * ```ts
 * CriteriaSetPublished.create({
 *   setId: 'commune-standard-2021',
 *   title: { vi: 'Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025', en: 'National NTM commune criteria 2021-2025' },
 *   legalBasis: '318/QĐ-TTg',
 *   scope: 'commune', level: 'standard', appliesTo: ['xa'], assessment: 'calendar-year',
 *   validFrom: '2022-03-08', validTo: '2025-12-31', verified: true,
 * });
 * ```
 */
export const CriteriaSetPublished = defineEvent(
  'CriteriaSetPublished',
  z
    .strictObject({
      setId: CriteriaSetId,
      title: LocalizedText,
      legalBasis: LegalBasis,
      scope: CriteriaScopeSchema,
      level: CriteriaLevel,
      appliesTo: z.array(LocalityKind).min(1),
      assessment: PeriodConvention,
      /** First day the set applies. */
      validFrom: IsoDate,
      /** Last day the set applies (inclusive); open-ended when absent. */
      validTo: IsoDate.optional(),
      verified: z.boolean(),
      note: Text.optional(),
    })
    .superRefine((d, ctx) => {
      if (d.validTo !== undefined && d.validTo < d.validFrom) {
        ctx.addIssue({ code: 'custom', path: ['validTo'], message: `validTo ${d.validTo} is before validFrom ${d.validFrom}` });
      }
      const seen = new Set<LocalityKindT>();
      d.appliesTo.forEach((kind, i) => {
        if (seen.has(kind)) ctx.addIssue({ code: 'custom', path: ['appliesTo', i], message: `kind ${kind} is listed twice` });
        seen.add(kind);
        if (levelOf(kind) !== scopeLevel[d.scope]) {
          ctx.addIssue({ code: 'custom', path: ['appliesTo', i], message: `kind ${kind} is not a ${d.scope}-level kind` });
        }
      });
    }),
);

/**
 * An indicator of a set is defined: its code, the criterion it belongs to,
 * its title and its rule tree. `verified` says whether the indicator's
 * wording was verified.
 *
 * @example
 * ```ts
 * IndicatorDefined.create({
 *   setId: 'commune-standard-2021', code: '19.2',
 *   criterion: { number: '19', title: { vi: 'Quốc phòng và An ninh', en: 'Defence and security' } },
 *   title: { vi: 'Xã đạt chuẩn an toàn về an ninh, trật tự', en: 'Commune meets the ANTT-safe standard' },
 *   rule: { op: 'recognised', standard: 'antt-safe-commune:art5' },
 *   verified: false,
 * });
 * ```
 */
export const IndicatorDefined = defineEvent(
  'IndicatorDefined',
  z.strictObject({
    setId: CriteriaSetId,
    code: IndicatorCode,
    /** The criterion (tiêu chí) the indicator (chỉ tiêu) belongs to: its number as printed (`19`, `9`, `Điều 5`) and title. */
    criterion: z.strictObject({ number: Name, title: LocalizedText }),
    title: LocalizedText,
    rule: Rule,
    verified: z.boolean(),
  }),
);

/**
 * An indicator's rule changes from `effectiveFrom`. Without `provinceCode` it
 * is a national amendment; with it, an override that applies only to that
 * province (how a province settles a condition the national data mark
 * unverified). The latest amendment in force on a date wins; a provincial
 * override in force wins over the national rule for its province.
 *
 * @example
 * ```ts
 * IndicatorAmended.create({
 *   setId: 'antt-safe-commune', code: 'art5', effectiveFrom: '2023-01-01', provinceCode: '38',
 *   rule: { op: 'attested', fact: 'effective-movement-model' },
 *   reason: 'Thanh Hóa guidance details the residential share', legalBasis: 'HD …/CAT-PV01',
 * });
 * ```
 */
export const IndicatorAmended = defineEvent(
  'IndicatorAmended',
  z.strictObject({
    setId: CriteriaSetId,
    code: IndicatorCode,
    rule: Rule,
    effectiveFrom: IsoDate,
    reason: Text.pipe(z.string().trim().min(1).max(2000)),
    legalBasis: LegalBasis,
    /** Only this province sees the amended rule (a provincial override). */
    provinceCode: Code.optional(),
  }),
);

/**
 * A criteria set stops applying from `effectiveDate` (the first day it no
 * longer applies).
 *
 * @example
 * ```ts
 * CriteriaSetRetired.create({ setId: 'commune-standard-2021', effectiveDate: '2026-01-01', legalBasis: '…/QĐ-TTg' });
 * ```
 */
export const CriteriaSetRetired = defineEvent(
  'CriteriaSetRetired',
  z.strictObject({ setId: CriteriaSetId, effectiveDate: IsoDate, legalBasis: LegalBasis }),
);

/**
 * Every criteria event definition.
 *
 * @example
 * ```ts
 * const store = memoryStore({ events: eventRegistry([...criteriaEventDefinitions]) });
 * ```
 */
export const criteriaEventDefinitions = [CriteriaSetPublished, IndicatorDefined, IndicatorAmended, CriteriaSetRetired] as const;

/** A stored criteria event. */
export type CriteriaEvent = EventOf<(typeof criteriaEventDefinitions)[number]>;
/** The `{type, data}` part of a criteria event (validated form). */
export type CriteriaEventBody = BodyOf<CriteriaEvent>;
/** The payload of `CriteriaSetPublished` (validated form). */
export type CriteriaSetPublishedData = z.output<typeof CriteriaSetPublished.schema>;
/** The payload of `IndicatorDefined` (validated form). */
export type IndicatorDefinedData = z.output<typeof IndicatorDefined.schema>;
/** The payload of `IndicatorAmended` (validated form). */
export type IndicatorAmendedData = z.output<typeof IndicatorAmended.schema>;
/** The payload of `CriteriaSetRetired` (validated form). */
export type CriteriaSetRetiredData = z.output<typeof CriteriaSetRetired.schema>;

/** A criteria event body as written (rule defaults may be omitted). */
export type CriteriaEventInput =
  | { readonly type: 'CriteriaSetPublished'; readonly data: z.input<typeof CriteriaSetPublished.schema> }
  | { readonly type: 'IndicatorDefined'; readonly data: z.input<typeof IndicatorDefined.schema> }
  | { readonly type: 'IndicatorAmended'; readonly data: z.input<typeof IndicatorAmended.schema> }
  | { readonly type: 'CriteriaSetRetired'; readonly data: z.input<typeof CriteriaSetRetired.schema> };

/**
 * The stream that holds one criteria set.
 *
 * @example
 * ```ts
 * criteriaStreamId('commune-standard-2021'); // 'criteria-set-commune-standard-2021'
 * ```
 */
export function criteriaStreamId(setId: string): string {
  return `criteria-set-${setId}`;
}
