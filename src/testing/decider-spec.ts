/**
 * Given/when/then tests for deciders, without a store (Emmett style).
 *
 * @module
 */
import { expect } from 'vitest';
import type { Decider, DomainEvent } from '../kernel/decider.js';
import { isNtmAnttError } from '../kernel/errors.js';

/** The `when` step: the command under test. */
export interface DeciderWhen<E> {
  /** Asserts the command produces exactly these events (type and data, in order). */
  then(expected: readonly E[]): void;
  /** Asserts the command produces no event. */
  thenNothing(): void;
  /** Asserts the command is rejected with an error of this stable `code` (and, optionally, these details). */
  thenThrows(code: string, details?: Readonly<Record<string, unknown>>): void;
}

/** The `given` step: the stream's past events. */
export interface DeciderGiven<C, E> {
  when(command: C): DeciderWhen<E>;
}

/** Entry point of a decider spec. */
export interface DeciderSpec<C, E> {
  given(events: readonly E[]): DeciderGiven<C, E>;
}

/**
 * Builds a given/when/then spec for a decider.
 *
 * @example
 * ```ts
 * const spec = deciderSpec(incidentDecider);
 * spec.given([recorded]).when({ type: 'RetractIncident', … }).then([{ type: 'IncidentRetracted', data: { … } }]);
 * spec.given([]).when({ type: 'RetractIncident', … }).thenThrows('incident_not_found');
 * ```
 */
export function deciderSpec<C, E extends DomainEvent, S>(decider: Decider<C, E, S>): DeciderSpec<C, E> {
  return {
    given(past) {
      return {
        when(command) {
          const run = (): readonly E[] => {
            let state = decider.initialState;
            for (const e of past) state = decider.evolve(state, e);
            return decider.decide(command, state);
          };
          const strip = (events: readonly E[]) => events.map((e) => ({ type: e.type, data: e.data }));
          return {
            then(expected) {
              expect(strip(run())).toEqual(strip(expected));
            },
            thenNothing() {
              expect(strip(run())).toEqual([]);
            },
            thenThrows(code, details) {
              let error: unknown;
              let produced: readonly E[] | undefined;
              try {
                produced = run();
              } catch (e) {
                error = e;
              }
              if (error === undefined) throw new Error(`expected the command to fail with ${code}, but it produced ${JSON.stringify(produced)}`);
              if (!isNtmAnttError(error)) throw error;
              expect(error.code).toBe(code);
              if (details !== undefined) expect(error.details).toMatchObject(details);
            },
          };
        },
      };
    },
  };
}
