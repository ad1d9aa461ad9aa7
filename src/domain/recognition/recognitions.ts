/**
 * Recognitions folded from events, and the question projections ask of them:
 * did a unit hold a standard in an assessment year (optionally, as known
 * from the decisions dated on or before a day)? Pure and JSON-serialisable.
 *
 * @module
 */
import type { Decision, IsoDate } from '../shared/values.js';
import type { RecognitionEventBody } from './events.js';

/** The withdrawal of a recognition. */
export interface Revocation {
  readonly decision: Decision;
  readonly reason: string;
  /** First assessment year it no longer counts; absent = void from the start. */
  readonly fromYear?: number;
}

/** A recognition of a standard for a unit, with its revocation if any. */
export interface Recognition {
  readonly recognitionId: string;
  readonly localityCode: string;
  readonly standard: string;
  readonly fromYear: number;
  /** Last assessment year covered; absent = until revoked (or the unit's territory changes). */
  readonly toYear?: number;
  readonly decision: Decision;
  readonly revocation?: Revocation;
}

/** Options of {@link holdsRecognition} and {@link effectiveYears}. */
export interface RecognitionQueryOptions {
  /** Only decisions dated on or before this day count (recognitions and revocations alike). */
  readonly asOf?: IsoDate;
}

/**
 * Applies one recognition event to a list of recognitions. A revocation of
 * an unknown recognition is ignored.
 *
 * @example
 * ```ts
 * const list = events.reduce(evolveRecognitions, [] as readonly Recognition[]);
 * ```
 */
export function evolveRecognitions(list: readonly Recognition[], event: RecognitionEventBody): readonly Recognition[] {
  switch (event.type) {
    case 'StandardRecognised': {
      const d = event.data;
      if (list.some((r) => r.recognitionId === d.recognitionId && r.localityCode === d.localityCode)) return list;
      const r: Recognition = {
        recognitionId: d.recognitionId,
        localityCode: d.localityCode,
        standard: d.standard,
        fromYear: d.period.fromYear,
        ...(d.period.toYear !== undefined ? { toYear: d.period.toYear } : {}),
        decision: { ...d.decision },
      };
      return [...list, r];
    }
    case 'RecognitionRevoked': {
      const d = event.data;
      const revocation: Revocation = { decision: { ...d.decision }, reason: d.reason, ...(d.fromYear !== undefined ? { fromYear: d.fromYear } : {}) };
      return list.map((r) => (r.recognitionId === d.recognitionId && r.localityCode === d.localityCode && r.revocation === undefined ? { ...r, revocation } : r));
    }
  }
}

/**
 * Folds recognition events (of one unit or many) into recognitions with their revocations, in recorded order.
 *
 * @example
 * ```ts
 * const recognitions = recognitionsOf(await collect(store.readStream(recognitionStreamId('16000'))));
 * holdsRecognition(recognitions, 'antt-safe-commune:art5', 2023);
 * ```
 */
export function recognitionsOf(events: Iterable<RecognitionEventBody>): Recognition[] {
  let list: readonly Recognition[] = [];
  for (const e of events) list = evolveRecognitions(list, e);
  return [...list];
}

/**
 * The assessment years a recognition counts for, after its revocation
 * (`toYear: null` = open-ended); `undefined` when it counts for none (void
 * from the start, revoked from its first year, or decided after `asOf`).
 *
 * @example
 * ```ts
 * effectiveYears({ ...r, fromYear: 2022, revocation: { decision, reason: '…', fromYear: 2024 } }); // { fromYear: 2022, toYear: 2023 }
 * ```
 */
export function effectiveYears(r: Recognition, options: RecognitionQueryOptions = {}): { readonly fromYear: number; readonly toYear: number | null } | undefined {
  const { asOf } = options;
  if (asOf !== undefined && r.decision.date > asOf) return undefined;
  let toYear = r.toYear ?? null;
  const rev = r.revocation;
  if (rev !== undefined && (asOf === undefined || rev.decision.date <= asOf)) {
    if (rev.fromYear === undefined) return undefined;
    const last = rev.fromYear - 1;
    toYear = toYear === null ? last : Math.min(toYear, last);
  }
  if (toYear !== null && toYear < r.fromYear) return undefined;
  return { fromYear: r.fromYear, toYear };
}

/**
 * The recognition by which a unit holds `standard` in assessment `year`, or
 * `undefined`. `recognitions` are usually one unit's; filter by
 * `localityCode` first otherwise.
 *
 * @example
 * ```ts
 * recognitionHolding(recognitions, 'commune-standard-2021:19.2', 2024)?.decision.number; // '1234/QĐ-UBND'
 * ```
 */
export function recognitionHolding(recognitions: readonly Recognition[], standard: string, year: number, options: RecognitionQueryOptions = {}): Recognition | undefined {
  return recognitions.find((r) => {
    if (r.standard !== standard) return false;
    const y = effectiveYears(r, options);
    return y !== undefined && y.fromYear <= year && (y.toYear === null || year <= y.toYear);
  });
}

/**
 * True when a recognition of `standard` (not revoked for that year) covers assessment `year`.
 * With `asOf`, only decisions dated on or before that day count: "as it was known then".
 * A change of the unit's territory (merger, split) is not visible here: projections
 * check the register and stop counting an open-ended recognition from that date.
 *
 * @example
 * ```ts
 * holdsRecognition(recognitions, 'antt-safe-commune:art5', 2023); // true
 * holdsRecognition(recognitions, 'antt-safe-commune:art5', 2023, { asOf: '2023-12-01' }); // false: decided on 2023-12-20
 * ```
 */
export function holdsRecognition(recognitions: readonly Recognition[], standard: string, year: number, options: RecognitionQueryOptions = {}): boolean {
  return recognitionHolding(recognitions, standard, year, options) !== undefined;
}
