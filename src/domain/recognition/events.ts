/**
 * Recognition events: official recognitions of standards (and their
 * revocations), attested facts that no incident can show, and the
 * key/complex ANTT commune list (xã trọng điểm, phức tạp về ANTT).
 *
 * Streams: `recognition-<localityCode>` (recognitions of one unit),
 * `facts-<localityCode>` (facts attested for one unit) and `key-complex-list`
 * (the list, one stream).
 *
 * @module
 */
import { z } from 'zod';
import { defineEvent, type BodyOf, type EventOf } from '../../kernel/index.js';
import { Code, Decision, IsoDate, Name, Text, Year } from '../shared/values.js';

/** Non-empty free text (a reason). */
const NonBlankText = Text.refine((s) => s.trim() !== '', 'must not be empty');


/**
 * The id of a standard: `<setId>:<indicator>`, e.g. `commune-standard-2021:19.2` or `antt-safe-commune:art5`.
 *
 * @example
 * ```ts
 * StandardId.parse('commune-standard-2021:19.2');
 * ```
 */
export const StandardId = Code;

/**
 * The assessment years a recognition covers: from `fromYear` to `toYear`
 * inclusive; without `toYear` it holds until revoked (or until the unit's
 * territory changes, which projections check against the register).
 *
 * @example
 * ```ts
 * RecognitionPeriod.parse({ fromYear: 2023, toYear: 2023 });
 * RecognitionPeriod.safeParse({ fromYear: 2023, toYear: 2022 }).success; // false
 * ```
 */
export const RecognitionPeriod = z
  .strictObject({ fromYear: Year, toYear: Year.optional() })
  .refine((p) => p.toYear === undefined || p.toYear >= p.fromYear, { message: 'toYear must not be before fromYear', path: ['toYear'] });
/** The assessment years a recognition covers. */
export type RecognitionPeriod = z.infer<typeof RecognitionPeriod>;

/**
 * A unit is officially recognised as meeting a standard (công nhận), by a decision.
 *
 * @example
 * ```ts
 * StandardRecognised.create({
 *   recognitionId: 'r-16000-2023', localityCode: '16000', standard: 'antt-safe-commune:art5',
 *   period: { fromYear: 2023, toYear: 2023 },
 *   decision: { number: '1234/QĐ-UBND', date: '2023-12-20', authority: 'UBND huyện Hoằng Hóa' },
 * });
 * ```
 */
export const StandardRecognised = defineEvent(
  'StandardRecognised',
  z.strictObject({ recognitionId: Code, localityCode: Code, standard: StandardId, period: RecognitionPeriod, decision: Decision }),
);

/**
 * A recognition is withdrawn (thu hồi), by a decision. From `fromYear` on it
 * no longer counts; without `fromYear` it is void from the start.
 *
 * @example
 * ```ts
 * RecognitionRevoked.create({
 *   recognitionId: 'r-16000-2023', localityCode: '16000', standard: 'antt-safe-commune:art5',
 *   decision: { number: '88/QĐ-UBND', date: '2024-03-01', authority: 'UBND huyện Hoằng Hóa' },
 *   reason: 'untruthful dossier',
 * });
 * ```
 */
export const RecognitionRevoked = defineEvent(
  'RecognitionRevoked',
  z.strictObject({ recognitionId: Code, localityCode: Code, standard: StandardId, decision: Decision, reason: NonBlankText, fromYear: Year.optional() }),
);

/**
 * A fact about a unit and a year that no incident can show (a Q1 resolution
 * passed, an effective movement model, a police officer disciplined), as
 * attested by someone on a day. A later attestation of the same fact and year
 * supersedes the earlier one.
 *
 * @example
 * ```ts
 * FactAttested.create({ localityCode: '16000', fact: 'q1-resolution', year: 2023, value: true, attestedBy: 'Công an xã', attestedOn: '2023-03-20' });
 * ```
 */
export const FactAttested = defineEvent(
  'FactAttested',
  z.strictObject({ localityCode: Code, fact: Code, year: Year, value: z.boolean(), attestedBy: Name, attestedOn: IsoDate, note: Text.optional() }),
);

/**
 * A commune is put on the key/complex ANTT list from `effectiveDate`.
 *
 * @example
 * ```ts
 * KeyComplexListed.create({ localityCode: '16000', effectiveDate: '2022-01-01', decision: { number: '15/QĐ-BCA', date: '2021-12-20', authority: 'Bộ Công an' } });
 * ```
 */
export const KeyComplexListed = defineEvent('KeyComplexListed', z.strictObject({ localityCode: Code, effectiveDate: IsoDate, decision: Decision }));

/**
 * A commune is taken off the key/complex ANTT list from `effectiveDate`.
 *
 * @example
 * ```ts
 * KeyComplexDelisted.create({ localityCode: '16000', effectiveDate: '2024-01-01', decision: { number: '99/QĐ-BCA', date: '2023-12-28', authority: 'Bộ Công an' } });
 * ```
 */
export const KeyComplexDelisted = defineEvent('KeyComplexDelisted', z.strictObject({ localityCode: Code, effectiveDate: IsoDate, decision: Decision }));

/**
 * The events of a `recognition-<localityCode>` stream.
 *
 * @example
 * ```ts
 * const registry = eventRegistry([...recognitionEventDefinitions, ...factEventDefinitions, ...keyComplexEventDefinitions]);
 * ```
 */
export const recognitionEventDefinitions = [StandardRecognised, RecognitionRevoked] as const;
/**
 * The events of a `facts-<localityCode>` stream.
 *
 * @example
 * ```ts
 * factEventDefinitions.map((d) => d.type); // ['FactAttested']
 * ```
 */
export const factEventDefinitions = [FactAttested] as const;
/**
 * The events of the `key-complex-list` stream.
 *
 * @example
 * ```ts
 * keyComplexEventDefinitions.map((d) => d.type); // ['KeyComplexListed', 'KeyComplexDelisted']
 * ```
 */
export const keyComplexEventDefinitions = [KeyComplexListed, KeyComplexDelisted] as const;

/** A stored recognition event. */
export type RecognitionEvent = EventOf<(typeof recognitionEventDefinitions)[number]>;
/** The `{type, data}` part of a recognition event. */
export type RecognitionEventBody = BodyOf<RecognitionEvent>;
/** A stored fact event. */
export type FactEvent = EventOf<(typeof factEventDefinitions)[number]>;
/** The `{type, data}` part of a fact event. */
export type FactEventBody = BodyOf<FactEvent>;
/** A stored key/complex list event. */
export type KeyComplexEvent = EventOf<(typeof keyComplexEventDefinitions)[number]>;
/** The `{type, data}` part of a key/complex list event. */
export type KeyComplexEventBody = BodyOf<KeyComplexEvent>;

/**
 * The stream of a unit's recognitions.
 *
 * @example
 * ```ts
 * recognitionStreamId('16000'); // 'recognition-16000'
 * ```
 */
export function recognitionStreamId(localityCode: string): string {
  return `recognition-${localityCode}`;
}

/**
 * The stream of a unit's attested facts.
 *
 * @example
 * ```ts
 * factsStreamId('16000'); // 'facts-16000'
 * ```
 */
export function factsStreamId(localityCode: string): string {
  return `facts-${localityCode}`;
}

/**
 * The stream of the key/complex ANTT commune list.
 *
 * @example
 * ```ts
 * await handle(store, KEY_COMPLEX_LIST_STREAM_ID, keyComplexListDecider({ localities }), command);
 * ```
 */
export const KEY_COMPLEX_LIST_STREAM_ID = 'key-complex-list';
