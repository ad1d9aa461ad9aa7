/**
 * The recognition decider (stream `recognition-<localityCode>`): records
 * recognitions of standards and their revocations, checking the standard
 * against the catalogue and the unit against the register on the decision
 * date.
 *
 * @module
 */
import { DomainRuleError, type Decider } from '../../kernel/index.js';
import type { StandardCatalogue } from '../criteria/standard.js';
import type { LocalityHistory } from '../locality/locality-history.js';
import { RecognitionCommand } from './commands.js';
import type { RecognitionEventBody } from './events.js';
import { compact, fieldOf, parseCommand } from '../shared/parse-command.js';
import { effectiveYears, evolveRecognitions, type Recognition } from './recognitions.js';

/**
 * The stable codes of the recognition rules.
 *
 * - `locality_mismatch`: the command names another unit than the stream's.
 * - `recognition_exists`: the recognition id is already used in this stream.
 * - `unknown_standard`: the standard is not in the catalogue.
 * - `locality_not_found_on_date`: the unit did not exist on the decision date.
 * - `standard_not_applicable`: the unit's kind on the decision date is not one the standard applies to (e.g. a commune NTM standard for a phường).
 * - `standard_not_in_force`: the first year recognised lies outside the years the standard is valid.
 * - `decision_before_period`: the decision is dated before the first year's earliest assessment window opens (1 November of the year before).
 * - `recognition_overlaps`: the unit already holds the standard for one of these years.
 * - `recognition_not_found`: the recognition to revoke does not exist.
 * - `recognition_already_revoked`: it was already revoked.
 * - `revocation_year_outside_period`: the revocation's `fromYear` lies outside the recognition's years.
 * - `decision_before_recognition`: the revocation is dated before the recognition.
 *
 * @example
 * ```ts
 * RECOGNITION_ERROR_CODES.includes('standard_not_applicable'); // true
 * ```
 */
export const RECOGNITION_ERROR_CODES = [
  'locality_mismatch',
  'recognition_exists',
  'unknown_standard',
  'locality_not_found_on_date',
  'standard_not_applicable',
  'standard_not_in_force',
  'decision_before_period',
  'recognition_overlaps',
  'recognition_not_found',
  'recognition_already_revoked',
  'revocation_year_outside_period',
  'decision_before_recognition',
] as const;
/** A stable code of a recognition rule. */
export type RecognitionErrorCode = (typeof RECOGNITION_ERROR_CODES)[number];

/** What the recognition decider needs. */
export interface RecognitionDeciderDeps {
  readonly localities: LocalityHistory;
  readonly standards: StandardCatalogue;
}

/** The state of a `recognition-<localityCode>` stream. */
export interface RecognitionStreamState {
  /** The stream's unit (`null` before its first event). */
  readonly localityCode: string | null;
  readonly recognitions: readonly Recognition[];
}

/** The recognition decider's type. */
export type RecognitionDecider = Decider<RecognitionCommand, RecognitionEventBody, RecognitionStreamState>;

function rule(code: RecognitionErrorCode, message: string, details: Record<string, unknown>): DomainRuleError {
  return new DomainRuleError(code, message, details);
}

const yearOf = (date: string): number => Number(date.slice(0, 4));

/**
 * Builds the recognition decider. Use it with `handle(store, recognitionStreamId(code), decider, command)`.
 *
 * @example
 * ```ts
 * const decider = recognitionDecider({ localities, standards });
 * await handle(store, recognitionStreamId('16000'), decider, {
 *   type: 'RecogniseStandard', recognitionId: 'r-16000-2023', localityCode: '16000', standard: 'antt-safe-commune:art5',
 *   period: { fromYear: 2023, toYear: 2023 }, decision: { number: '1234/QĐ-UBND', date: '2023-12-20', authority: 'UBND huyện Hoằng Hóa' },
 * });
 * ```
 */
export function recognitionDecider(deps: RecognitionDeciderDeps): RecognitionDecider {
  const { localities, standards } = deps;
  return {
    initialState: { localityCode: null, recognitions: [] },
    evolve(state, event) {
      return { localityCode: state.localityCode ?? event.data.localityCode, recognitions: evolveRecognitions(state.recognitions, event) };
    },
    decide(command, state) {
      const c = parseCommand(RecognitionCommand, command, `recognition ${fieldOf(command, 'recognitionId')} of locality ${fieldOf(command, 'localityCode')}`);
      const id = c.recognitionId;
      const where = `recognition ${id} of locality ${c.localityCode}`;
      if (state.localityCode !== null && state.localityCode !== c.localityCode) {
        throw rule('locality_mismatch', `${where}: this stream holds the recognitions of ${state.localityCode}`, { recognitionId: id, localityCode: c.localityCode, streamLocality: state.localityCode });
      }
      const existing = state.recognitions.find((r) => r.recognitionId === id);
      switch (c.type) {
        case 'RecogniseStandard': {
          if (existing !== undefined) throw rule('recognition_exists', `${where}: already recorded (standard ${existing.standard})`, { recognitionId: id });
          const info = standards.standard(c.standard);
          if (info === undefined) throw rule('unknown_standard', `${where}: unknown standard ${c.standard}`, { recognitionId: id, standard: c.standard });
          const date = c.decision.date;
          const unit = localities.at(c.localityCode, date);
          if (unit === undefined) {
            throw rule('locality_not_found_on_date', `${where}: locality ${c.localityCode} did not exist on the decision date ${date}`, { recognitionId: id, localityCode: c.localityCode, date });
          }
          if (!info.appliesTo.includes(unit.kind)) {
            throw rule('standard_not_applicable', `${where}: ${c.standard} applies to ${info.appliesTo.join(', ')}, but ${c.localityCode} is a ${unit.kind} on ${date}`, {
              recognitionId: id,
              standard: c.standard,
              kind: unit.kind,
              appliesTo: [...info.appliesTo],
              date,
            });
          }
          const { fromYear, toYear } = c.period;
          const validFrom = yearOf(info.validFrom);
          const validTo = info.validTo === null ? null : yearOf(info.validTo);
          if (fromYear < validFrom || (validTo !== null && fromYear > validTo)) {
            throw rule('standard_not_in_force', `${where}: ${c.standard} is valid ${info.validFrom} to ${info.validTo ?? 'now'}, not for ${fromYear}`, {
              recognitionId: id,
              standard: c.standard,
              fromYear,
              validFrom: info.validFrom,
              validTo: info.validTo,
            });
          }
          const opens = `${fromYear - 1}-11-01`;
          if (date < opens) {
            throw rule('decision_before_period', `${where}: decided on ${date}, before the assessment of ${fromYear} could start (${opens})`, { recognitionId: id, date, fromYear });
          }
          const overlap = state.recognitions.find((r) => {
            if (r.standard !== c.standard) return false;
            const y = effectiveYears(r);
            return y !== undefined && (y.toYear === null || fromYear <= y.toYear) && (toYear === undefined || y.fromYear <= toYear);
          });
          if (overlap !== undefined) {
            throw rule('recognition_overlaps', `${where}: ${c.localityCode} already holds ${c.standard} for some of these years (recognition ${overlap.recognitionId})`, {
              recognitionId: id,
              standard: c.standard,
              overlapping: overlap.recognitionId,
            });
          }
          const { type: _t, ...data } = c;
          return [{ type: 'StandardRecognised', data: { ...data, period: compact(c.period) } }];
        }
        case 'RevokeRecognition': {
          if (existing === undefined) throw rule('recognition_not_found', `${where}: not recorded`, { recognitionId: id });
          if (existing.revocation !== undefined) {
            throw rule('recognition_already_revoked', `${where}: already revoked by ${existing.revocation.decision.number}`, { recognitionId: id });
          }
          if (c.fromYear !== undefined && (c.fromYear < existing.fromYear || (existing.toYear !== undefined && c.fromYear > existing.toYear))) {
            throw rule('revocation_year_outside_period', `${where}: covers ${existing.fromYear}–${existing.toYear ?? 'open'}, cannot be revoked from ${c.fromYear}`, {
              recognitionId: id,
              fromYear: c.fromYear,
              period: compact({ fromYear: existing.fromYear, toYear: existing.toYear }),
            });
          }
          if (c.decision.date < existing.decision.date) {
            throw rule('decision_before_recognition', `${where}: revocation dated ${c.decision.date}, before the recognition of ${existing.decision.date}`, {
              recognitionId: id,
              date: c.decision.date,
              recognisedOn: existing.decision.date,
            });
          }
          return [
            {
              type: 'RecognitionRevoked',
              data: compact({ recognitionId: id, localityCode: c.localityCode, standard: existing.standard, decision: c.decision, reason: c.reason, fromYear: c.fromYear }),
            },
          ];
        }
      }
    },
  };
}
