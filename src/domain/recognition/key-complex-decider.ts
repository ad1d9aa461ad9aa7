/**
 * The key/complex list decider (stream `key-complex-list`): puts communes on
 * the list of key/complex ANTT communes and takes them off.
 *
 * @module
 */
import { DomainRuleError, type Decider } from '../../kernel/index.js';
import type { LocalityHistory } from '../locality/locality-history.js';
import { KeyComplexCommand } from './commands.js';
import type { KeyComplexEventBody } from './events.js';
import { evolveKeyComplexListing, listingIntervals, type KeyComplexListing } from './key-complex-list.js';
import { fieldOf, parseCommand } from '../shared/parse-command.js';

/**
 * The stable codes of the key/complex list rules.
 *
 * - `locality_not_found_on_date`: the commune did not exist on the effective date of a listing.
 * - `locality_not_commune_level`: only commune-level units (xã, phường, thị trấn) are listed.
 * - `already_listed`: the commune is on the list.
 * - `not_listed`: the commune is not on the list.
 * - `effective_date_out_of_order`: the change is dated before the commune's last list change (a delisting, on or before its listing).
 *
 * @example
 * ```ts
 * KEY_COMPLEX_ERROR_CODES.includes('already_listed'); // true
 * ```
 */
export const KEY_COMPLEX_ERROR_CODES = ['locality_not_found_on_date', 'locality_not_commune_level', 'already_listed', 'not_listed', 'effective_date_out_of_order'] as const;
/** A stable code of a key/complex list rule. */
export type KeyComplexErrorCode = (typeof KEY_COMPLEX_ERROR_CODES)[number];

/** What the key/complex list decider needs. */
export interface KeyComplexDeciderDeps {
  readonly localities: LocalityHistory;
}

/** The key/complex list decider's type. */
export type KeyComplexDecider = Decider<KeyComplexCommand, KeyComplexEventBody, KeyComplexListing>;

function rule(code: KeyComplexErrorCode, message: string, details: Record<string, unknown>): DomainRuleError {
  return new DomainRuleError(code, message, details);
}

/**
 * Builds the key/complex list decider. Use it with `handle(store, KEY_COMPLEX_LIST_STREAM_ID, decider, command)`.
 *
 * @example
 * ```ts
 * await handle(store, KEY_COMPLEX_LIST_STREAM_ID, keyComplexListDecider({ localities }), {
 *   type: 'DelistKeyComplex', localityCode: '16000', effectiveDate: '2024-01-01',
 *   decision: { number: '99/QĐ-BCA', date: '2023-12-28', authority: 'Bộ Công an' },
 * });
 * ```
 */
export function keyComplexListDecider(deps: KeyComplexDeciderDeps): KeyComplexDecider {
  const { localities } = deps;
  return {
    initialState: {},
    evolve: evolveKeyComplexListing,
    decide(command, state) {
      const c = parseCommand(KeyComplexCommand, command, `key/complex listing of locality ${fieldOf(command, 'localityCode')}`);
      const code = c.localityCode;
      const where = `key/complex listing of locality ${code}`;
      const intervals = listingIntervals(state, code);
      const last = intervals[intervals.length - 1];
      const listed = last !== undefined && last.to === null;
      switch (c.type) {
        case 'ListKeyComplex': {
          if (listed) throw rule('already_listed', `${where}: listed since ${last.from}`, { localityCode: code, since: last.from });
          const unit = localities.at(code, c.effectiveDate);
          if (unit === undefined) throw rule('locality_not_found_on_date', `${where}: locality ${code} did not exist on ${c.effectiveDate}`, { localityCode: code, date: c.effectiveDate });
          if (unit.level !== 'commune') {
            throw rule('locality_not_commune_level', `${where}: ${code} is a ${unit.kind} on ${c.effectiveDate}, not a commune-level unit`, { localityCode: code, kind: unit.kind, date: c.effectiveDate });
          }
          if (last !== undefined && last.to !== null && c.effectiveDate < last.to) {
            throw rule('effective_date_out_of_order', `${where}: listed from ${c.effectiveDate}, before its delisting of ${last.to}`, { localityCode: code, date: c.effectiveDate, lastChange: last.to });
          }
          return [{ type: 'KeyComplexListed', data: { localityCode: code, effectiveDate: c.effectiveDate, decision: c.decision } }];
        }
        case 'DelistKeyComplex': {
          if (!listed) throw rule('not_listed', `${where}: not on the list`, { localityCode: code });
          if (c.effectiveDate <= last.from) {
            throw rule('effective_date_out_of_order', `${where}: delisted from ${c.effectiveDate}, not after its listing of ${last.from}`, { localityCode: code, date: c.effectiveDate, lastChange: last.from });
          }
          return [{ type: 'KeyComplexDelisted', data: { localityCode: code, effectiveDate: c.effectiveDate, decision: c.decision } }];
        }
      }
    },
  };
}
