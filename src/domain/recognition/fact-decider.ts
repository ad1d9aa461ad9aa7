/**
 * The fact decider (stream `facts-<localityCode>`): records attestations of
 * facts that no incident can show.
 *
 * @module
 */
import { DomainRuleError, type Decider } from '../../kernel/index.js';
import type { LocalityHistory } from '../locality/locality-history.js';
import { FactCommand } from './commands.js';
import type { FactEventBody } from './events.js';
import { evolveFacts, type FactRecord } from './facts.js';
import { compact, fieldOf, parseCommand } from '../shared/parse-command.js';

/**
 * The stable codes of the fact rules.
 *
 * - `locality_mismatch`: the command names another unit than the stream's.
 * - `locality_not_found_on_date`: the unit did not exist on the attestation date.
 * - `fact_year_invalid`: the attestation is dated before the year's earliest assessment window opens (1 November of the year before): a fact about the future.
 *
 * An attestation identical to the current one is accepted and changes nothing (no event).
 *
 * @example
 * ```ts
 * FACT_ERROR_CODES; // ['locality_mismatch', 'locality_not_found_on_date', 'fact_year_invalid']
 * ```
 */
export const FACT_ERROR_CODES = ['locality_mismatch', 'locality_not_found_on_date', 'fact_year_invalid'] as const;
/** A stable code of a fact rule. */
export type FactErrorCode = (typeof FACT_ERROR_CODES)[number];

/** What the fact decider needs. */
export interface FactDeciderDeps {
  readonly localities: LocalityHistory;
}

/** The state of a `facts-<localityCode>` stream. */
export interface FactStreamState {
  readonly localityCode: string | null;
  readonly facts: readonly FactRecord[];
}

/** The fact decider's type. */
export type FactDecider = Decider<FactCommand, FactEventBody, FactStreamState>;

function rule(code: FactErrorCode, message: string, details: Record<string, unknown>): DomainRuleError {
  return new DomainRuleError(code, message, details);
}

/**
 * Builds the fact decider. Use it with `handle(store, factsStreamId(code), decider, command)`.
 *
 * @example
 * ```ts
 * await handle(store, factsStreamId('16000'), factDecider({ localities }), {
 *   type: 'AttestFact', localityCode: '16000', fact: 'q1-resolution', year: 2023, value: true, attestedBy: 'Đảng ủy xã', attestedOn: '2023-03-20',
 * });
 * ```
 */
export function factDecider(deps: FactDeciderDeps): FactDecider {
  const { localities } = deps;
  return {
    initialState: { localityCode: null, facts: [] },
    evolve(state, event) {
      return { localityCode: state.localityCode ?? event.data.localityCode, facts: evolveFacts(state.facts, event) };
    },
    decide(command, state) {
      const c = parseCommand(FactCommand, command, `fact ${fieldOf(command, 'fact')} of locality ${fieldOf(command, 'localityCode')}`);
      const where = `fact ${c.fact} ${c.year} of locality ${c.localityCode}`;
      if (state.localityCode !== null && state.localityCode !== c.localityCode) {
        throw rule('locality_mismatch', `${where}: this stream holds the facts of ${state.localityCode}`, { localityCode: c.localityCode, streamLocality: state.localityCode });
      }
      if (!localities.isOpen(c.localityCode, c.attestedOn)) {
        throw rule('locality_not_found_on_date', `${where}: locality ${c.localityCode} did not exist on ${c.attestedOn}`, { localityCode: c.localityCode, date: c.attestedOn });
      }
      const opens = `${c.year - 1}-11-01`;
      if (c.attestedOn < opens) {
        throw rule('fact_year_invalid', `${where}: attested on ${c.attestedOn}, before the assessment of ${c.year} could start (${opens})`, {
          fact: c.fact,
          year: c.year,
          attestedOn: c.attestedOn,
        });
      }
      const current = state.facts.find((f) => f.fact === c.fact && f.year === c.year)?.attestations.at(-1);
      if (current !== undefined && current.value === c.value && current.attestedBy === c.attestedBy && current.attestedOn === c.attestedOn && current.note === c.note) return [];
      const { type: _t, ...data } = c;
      return [{ type: 'FactAttested', data: compact(data) }];
    },
  };
}
