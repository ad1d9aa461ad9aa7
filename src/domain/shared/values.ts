/**
 * Value types shared by the domain areas: dates, legal bases, decisions,
 * locality kinds.
 *
 * @module
 */
import { z } from 'zod';

/**
 * A calendar date `YYYY-MM-DD` (valid day of month, leap years included).
 *
 * @example
 * ```ts
 * IsoDate.parse('2019-12-01'); // ok
 * IsoDate.safeParse('2019-02-30').success; // false
 * ```
 */
export const IsoDate = z.iso.date();
/** A calendar date string `YYYY-MM-DD`. */
export type IsoDate = string;

/**
 * A year (calendar, assessment or plan year), 1900–2100.
 *
 * @example
 * ```ts
 * Year.parse(2023);
 * Year.safeParse(23).success; // false
 * ```
 */
export const Year = z.number().int().min(1900).max(2100);

/**
 * The legal instrument behind a change, e.g. `786/NQ-UBTVQH14`.
 *
 * @example
 * ```ts
 * LegalBasis.parse('1686/NQ-UBTVQH15');
 * ```
 */
export const LegalBasis = z
  .string()
  .trim()
  .min(1)
  .max(500)
  // one line of text: no control characters (tabs and newlines included), well-formed Unicode
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters')
  .refine((s) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s), 'must be well-formed Unicode');

/**
 * An identifier: a GSO code or a generated id (letters, digits, `-_.:`).
 *
 * @example
 * ```ts
 * Code.parse('14845');
 * ```
 */
export const Code = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'must be letters, digits and . _ : - (starting with a letter or digit)');

/**
 * Free text: a name, a title, a note (no control characters except line breaks and tabs).
 *
 * @example
 * ```ts
 * Text.parse('Xã Hoằng Đức');
 * ```
 */
export const Text = z
  .string()
  .max(4000)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, 'must not contain control characters')
  .refine((s) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s), 'must be well-formed Unicode');

/**
 * A non-empty name.
 *
 * @example
 * ```ts
 * Name.parse('Xã Mường Lát');
 * ```
 */
export const Name = Text.pipe(z.string().trim().min(1).max(200));

/**
 * A decision of an authority: number, date, issuer.
 *
 * @example
 * ```ts
 * Decision.parse({ number: '1234/QĐ-UBND', date: '2023-12-20', authority: 'UBND huyện Hoằng Hóa' });
 * ```
 */
export const Decision = z.strictObject({ number: Name, date: IsoDate, authority: Name });
/** A decision of an authority. */
export type Decision = z.infer<typeof Decision>;

/**
 * District-level kinds.
 *
 * @example
 * ```ts
 * (DISTRICT_KINDS as readonly string[]).includes('thi-xa'); // true
 * ```
 */
export const DISTRICT_KINDS = ['huyen', 'thi-xa', 'thanh-pho'] as const;
/**
 * Commune-level kinds.
 *
 * @example
 * ```ts
 * COMMUNE_KINDS.length; // 3
 * ```
 */
export const COMMUNE_KINDS = ['xa', 'phuong', 'thi-tran'] as const;
/**
 * Every locality kind, top-down.
 *
 * @example
 * ```ts
 * LOCALITY_KINDS[0]; // 'province'
 * ```
 */
export const LOCALITY_KINDS = ['province', ...DISTRICT_KINDS, ...COMMUNE_KINDS, 'thon'] as const;

/**
 * A locality kind: `province`; district-level `huyen | thi-xa | thanh-pho`;
 * commune-level `xa | phuong | thi-tran`; residential area `thon`.
 *
 * @example
 * ```ts
 * LocalityKind.parse('thi-tran');
 * ```
 */
export const LocalityKind = z.enum(LOCALITY_KINDS);
/** A locality kind. */
export type LocalityKind = z.infer<typeof LocalityKind>;
/** A district-level kind. */
export type DistrictKind = (typeof DISTRICT_KINDS)[number];
/** A commune-level kind. */
export type CommuneKind = (typeof COMMUNE_KINDS)[number];

/** The administrative level of a kind. */
export type Level = 'province' | 'district' | 'commune' | 'residential';

/**
 * The administrative level of a locality kind.
 *
 * @example
 * ```ts
 * levelOf('thi-xa'); // 'district'
 * ```
 */
export function levelOf(kind: LocalityKind): Level {
  if (kind === 'province') return 'province';
  if (kind === 'thon') return 'residential';
  return (DISTRICT_KINDS as readonly string[]).includes(kind) ? 'district' : 'commune';
}

/**
 * A percentage with at most two decimals (e.g. 99, 99.5, 5), kept exact as
 * basis points for integer threshold arithmetic.
 *
 * @example
 * ```ts
 * Percent.parse(99.5); // 99.5
 * toBasisPoints(99.5); // 9950
 * ```
 */
export const Percent = z
  .number()
  .min(0)
  .max(100)
  .refine((p) => Number.isInteger(Math.round(p * 100)) && Math.abs(Math.round(p * 100) - p * 100) < 1e-9, 'at most two decimals');

/**
 * Converts a {@link Percent} to integer basis points (1 % = 100).
 *
 * @example
 * ```ts
 * toBasisPoints(5); // 500
 * ```
 */
export function toBasisPoints(percent: number): number {
  return Math.round(percent * 100);
}

/**
 * Adds `days` to an ISO date (negative to go back).
 *
 * @example
 * ```ts
 * addDays('2025-07-01', -1); // '2025-06-30'
 * ```
 */
export function addDays(date: IsoDate, days: number): IsoDate {
  // the day before and after are asked for all the time (half-open intervals): keep them
  const cache = days === -1 ? dayBefore : days === 1 ? dayAfter : undefined;
  const hit = cache?.get(date);
  if (hit !== undefined) return hit;
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  const out = new Date(t).toISOString().slice(0, 10);
  if (cache !== undefined && cache.size < 100_000) cache.set(date, out);
  return out;
}
const dayBefore = new Map<string, string>();
const dayAfter = new Map<string, string>();
