/**
 * Commands of the recognition, fact and key/complex list deciders, as strict
 * zod schemas.
 *
 * @module
 */
import { z } from 'zod';
import { Code, Decision, Year } from '../shared/values.js';
import { FactAttested, KeyComplexDelisted, KeyComplexListed, RecognitionRevoked, StandardRecognised } from './events.js';

/**
 * Record that a unit is recognised as meeting a standard.
 *
 * @example
 * ```ts
 * RecogniseStandard.parse({
 *   type: 'RecogniseStandard', recognitionId: 'r1', localityCode: '16000', standard: 'antt-safe-commune:art5',
 *   period: { fromYear: 2023, toYear: 2023 }, decision: { number: '1/QĐ-UBND', date: '2023-12-20', authority: 'UBND huyện' },
 * });
 * ```
 */
export const RecogniseStandard = z.strictObject({ type: z.literal('RecogniseStandard'), ...StandardRecognised.schema.shape });
/** Record a recognition. */
export type RecogniseStandard = z.input<typeof RecogniseStandard>;

/**
 * Withdraw a recognition (the standard is taken from the recognition).
 *
 * @example
 * ```ts
 * RevokeRecognition.parse({
 *   type: 'RevokeRecognition', recognitionId: 'r1', localityCode: '16000', reason: 'untruthful dossier',
 *   decision: { number: '2/QĐ-UBND', date: '2024-03-01', authority: 'UBND huyện' },
 * });
 * ```
 */
export const RevokeRecognition = z.strictObject({
  type: z.literal('RevokeRecognition'),
  recognitionId: Code,
  localityCode: Code,
  decision: Decision,
  reason: RecognitionRevoked.schema.shape.reason,
  fromYear: Year.optional(),
});
/** Withdraw a recognition. */
export type RevokeRecognition = z.input<typeof RevokeRecognition>;

/**
 * Any recognition command.
 *
 * @example
 * ```ts
 * RecognitionCommand.safeParse({ type: 'RevokeRecognition' }).success; // false
 * ```
 */
export const RecognitionCommand = z.discriminatedUnion('type', [RecogniseStandard, RevokeRecognition]);
/** Any recognition command. */
export type RecognitionCommand = z.input<typeof RecognitionCommand>;

/**
 * Attest a fact about a unit and a year.
 *
 * @example
 * ```ts
 * AttestFact.parse({ type: 'AttestFact', localityCode: '16000', fact: 'q1-resolution', year: 2023, value: true, attestedBy: 'Công an xã', attestedOn: '2023-03-20' });
 * ```
 */
export const AttestFact = z.strictObject({ type: z.literal('AttestFact'), ...FactAttested.schema.shape });
/** Attest a fact. */
export type AttestFact = z.input<typeof AttestFact>;

/**
 * Any fact command (there is one).
 *
 * @example
 * ```ts
 * FactCommand.parse({ type: 'AttestFact', localityCode: '16000', fact: 'police-officer-disciplined', year: 2023, value: false, attestedBy: 'Công an huyện', attestedOn: '2023-11-30' });
 * ```
 */
export const FactCommand = z.discriminatedUnion('type', [AttestFact]);
/** Any fact command. */
export type FactCommand = z.input<typeof FactCommand>;

/**
 * Put a commune on the key/complex ANTT list.
 *
 * @example
 * ```ts
 * ListKeyComplex.parse({ type: 'ListKeyComplex', localityCode: '16000', effectiveDate: '2022-01-01', decision: { number: '15/QĐ-BCA', date: '2021-12-20', authority: 'Bộ Công an' } });
 * ```
 */
export const ListKeyComplex = z.strictObject({ type: z.literal('ListKeyComplex'), ...KeyComplexListed.schema.shape });
/** Put a commune on the key/complex list. */
export type ListKeyComplex = z.input<typeof ListKeyComplex>;

/**
 * Take a commune off the key/complex ANTT list.
 *
 * @example
 * ```ts
 * DelistKeyComplex.parse({ type: 'DelistKeyComplex', localityCode: '16000', effectiveDate: '2024-01-01', decision: { number: '99/QĐ-BCA', date: '2023-12-28', authority: 'Bộ Công an' } });
 * ```
 */
export const DelistKeyComplex = z.strictObject({ type: z.literal('DelistKeyComplex'), ...KeyComplexDelisted.schema.shape });
/** Take a commune off the key/complex list. */
export type DelistKeyComplex = z.input<typeof DelistKeyComplex>;

/**
 * Any key/complex list command.
 *
 * @example
 * ```ts
 * KeyComplexCommand.safeParse({ type: 'ListKeyComplex', localityCode: '16000' }).success; // false
 * ```
 */
export const KeyComplexCommand = z.discriminatedUnion('type', [ListKeyComplex, DelistKeyComplex]);
/** Any key/complex list command. */
export type KeyComplexCommand = z.input<typeof KeyComplexCommand>;
