/**
 * The criteria decider: one criteria set is one stream
 * (`criteriaStreamId(setId)`). Commands are validated with zod (a
 * `ValidationError` naming the set and listing every issue) and checked
 * against the set's state (a `DomainRuleError` with one of
 * {@link CRITERIA_ERROR_CODES}). Repeating a command whose effect is already
 * recorded, with the same content, produces no event (idempotent seeding of
 * the built-in catalogue).
 *
 * @module
 */
import type { z } from 'zod';
import { DomainRuleError, ValidationError, jsonEqual, type Decider, type ValidationIssue } from '../../kernel/index.js';
import { evolveCriteriaSet, type CriteriaSetState } from './criteria-set-state.js';
import {
  CriteriaSetPublished,
  CriteriaSetRetired,
  IndicatorAmended,
  IndicatorDefined,
  type CriteriaEventBody,
  type IndicatorAmendedData,
} from './events.js';
import { walkRule, type Rule } from './rule.js';

/**
 * The stable codes of the `DomainRuleError`s the criteria decider throws:
 * - `criteria_set_exists`: publishing a set whose stream already holds a different publication;
 * - `criteria_set_not_found`: any other command on a set never published;
 * - `criteria_set_mismatch`: the command names another set than the stream's;
 * - `criteria_set_retired`: defining an indicator in, or retiring again, a retired set, or amending it from its retirement date on;
 * - `indicator_exists`: defining an indicator code already defined differently;
 * - `indicator_not_found`: amending an indicator never defined;
 * - `amendment_before_valid_from`: an amendment effective before the set applies;
 * - `amendment_after_valid_to`: an amendment effective after the set's `validTo`;
 * - `retirement_before_valid_from`: a retirement effective before the set applies;
 * - `rule_not_applicable_to_scope`: a rule asks about child units of a residential area (which has none).
 *
 * @example
 * ```ts
 * if (isDomainRuleError(e) && (CRITERIA_ERROR_CODES as readonly string[]).includes(e.code)) …
 * ```
 */
export const CRITERIA_ERROR_CODES = [
  'criteria_set_exists',
  'criteria_set_not_found',
  'criteria_set_mismatch',
  'criteria_set_retired',
  'indicator_exists',
  'indicator_not_found',
  'amendment_before_valid_from',
  'amendment_after_valid_to',
  'retirement_before_valid_from',
  'rule_not_applicable_to_scope',
] as const;
/** A stable code of a criteria `DomainRuleError`. */
export type CriteriaErrorCode = (typeof CRITERIA_ERROR_CODES)[number];

/** Publish a criteria set (the payload of `CriteriaSetPublished`). */
export type PublishCriteriaSet = { readonly type: 'PublishCriteriaSet' } & z.input<typeof CriteriaSetPublished.schema>;
/** Define an indicator of a set (the payload of `IndicatorDefined`). */
export type DefineIndicator = { readonly type: 'DefineIndicator' } & z.input<typeof IndicatorDefined.schema>;
/** Amend an indicator's rule nationally or for one province (the payload of `IndicatorAmended`). */
export type AmendIndicator = { readonly type: 'AmendIndicator' } & z.input<typeof IndicatorAmended.schema>;
/** Retire a criteria set (the payload of `CriteriaSetRetired`). */
export type RetireCriteriaSet = { readonly type: 'RetireCriteriaSet' } & z.input<typeof CriteriaSetRetired.schema>;
/** A command of the criteria decider. */
export type CriteriaCommand = PublishCriteriaSet | DefineIndicator | AmendIndicator | RetireCriteriaSet;

/** The decider's state: the set, or `null` before it is published. */
export type CriteriaDeciderState = CriteriaSetState | null;

const schemas = {
  PublishCriteriaSet: CriteriaSetPublished.schema,
  DefineIndicator: IndicatorDefined.schema,
  AmendIndicator: IndicatorAmended.schema,
  RetireCriteriaSet: CriteriaSetRetired.schema,
} as const;

function entityOf(command: { readonly type?: unknown; readonly setId?: unknown; readonly code?: unknown }): string {
  const set = typeof command.setId === 'string' ? command.setId : JSON.stringify(command.setId ?? null);
  const indicator = typeof command.code === 'string' ? ` indicator ${command.code}` : '';
  return `criteria set ${set}${indicator} (${String(command.type)})`;
}

/** Validates a command's payload against its event schema; throws a `ValidationError` with every issue. */
function validate<T extends keyof typeof schemas>(type: T, command: Record<string, unknown>): z.output<(typeof schemas)[T]> {
  const { type: _type, ...data } = command;
  const result = schemas[type].safeParse(data);
  if (result.success) return result.data as z.output<(typeof schemas)[T]>;
  const issues: ValidationIssue[] = result.error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    code: i.code,
    message: i.message,
  }));
  throw new ValidationError(entityOf(command), issues);
}

function requireSet(state: CriteriaDeciderState, setId: string, type: string): CriteriaSetState {
  if (state === null) throw new DomainRuleError('criteria_set_not_found', `criteria set ${setId}: not published (${type})`, { setId });
  if (state.set.setId !== setId) {
    throw new DomainRuleError('criteria_set_mismatch', `criteria set ${setId}: this stream holds criteria set ${state.set.setId} (${type})`, {
      setId,
      streamSetId: state.set.setId,
    });
  }
  return state;
}

function checkScope(state: CriteriaSetState, rule: Rule, code: string): void {
  if (state.set.scope !== 'residential') return;
  walkRule(rule, (node, path) => {
    if (node.op === 'shareOfChildrenRecognised' || (node.op === 'notListed' && node.scope === 'children')) {
      throw new DomainRuleError(
        'rule_not_applicable_to_scope',
        `criteria set ${state.set.setId} indicator ${code}: ${node.op} at ${path.join('.') || '(root)'} asks about child units, but a residential area has none`,
        { setId: state.set.setId, code, path: [...path], op: node.op },
      );
    }
  });
}

function decideAmend(state: CriteriaSetState, a: IndicatorAmendedData): readonly CriteriaEventBody[] {
  const setId = state.set.setId;
  const indicator = state.indicators.find((i) => i.definition.code === a.code);
  if (indicator === undefined) {
    throw new DomainRuleError('indicator_not_found', `criteria set ${setId}: indicator ${a.code} is not defined`, { setId, code: a.code });
  }
  // The same amendment already recorded: nothing to do.
  if (indicator.amendments.some(({ seq: _seq, ...recorded }) => jsonEqual(recorded, a))) return [];
  if (a.effectiveFrom < state.set.validFrom) {
    throw new DomainRuleError(
      'amendment_before_valid_from',
      `criteria set ${setId} indicator ${a.code}: amendment effective ${a.effectiveFrom}, before the set applies (${state.set.validFrom})`,
      { setId, code: a.code, effectiveFrom: a.effectiveFrom, validFrom: state.set.validFrom },
    );
  }
  if (state.set.validTo !== undefined && a.effectiveFrom > state.set.validTo) {
    throw new DomainRuleError(
      'amendment_after_valid_to',
      `criteria set ${setId} indicator ${a.code}: amendment effective ${a.effectiveFrom}, after the set's last day (${state.set.validTo})`,
      { setId, code: a.code, effectiveFrom: a.effectiveFrom, validTo: state.set.validTo },
    );
  }
  if (state.retired !== null && a.effectiveFrom >= state.retired.effectiveDate) {
    throw new DomainRuleError(
      'criteria_set_retired',
      `criteria set ${setId} indicator ${a.code}: amendment effective ${a.effectiveFrom}, but the set is retired from ${state.retired.effectiveDate}`,
      { setId, code: a.code, effectiveFrom: a.effectiveFrom, retiredFrom: state.retired.effectiveDate },
    );
  }
  checkScope(state, a.rule, a.code);
  return [{ type: 'IndicatorAmended', data: a }];
}

/**
 * The criteria decider. State is folded from the set's own stream.
 *
 * @example
 * ```ts
 * await handle(store, criteriaStreamId('commune-standard-2021'), criteriaDecider, {
 *   type: 'AmendIndicator', setId: 'antt-safe-commune', code: 'art5', provinceCode: '38',
 *   effectiveFrom: '2023-01-01', rule, reason: 'provincial guidance', legalBasis: 'HD 12/CAT',
 * });
 * ```
 */
export const criteriaDecider: Decider<CriteriaCommand, CriteriaEventBody, CriteriaDeciderState> = {
  initialState: null,
  evolve: (state, event) => evolveCriteriaSet(state, event),
  decide(command, state) {
    const raw = command as unknown as Record<string, unknown>;
    switch (command.type) {
      case 'PublishCriteriaSet': {
        const data = validate('PublishCriteriaSet', raw);
        if (state !== null) {
          if (jsonEqual(state.set, data)) return [];
          throw new DomainRuleError('criteria_set_exists', `criteria set ${data.setId}: already published (stream holds ${state.set.setId}, ${state.set.legalBasis})`, {
            setId: data.setId,
            streamSetId: state.set.setId,
          });
        }
        return [{ type: 'CriteriaSetPublished', data }];
      }
      case 'DefineIndicator': {
        const data = validate('DefineIndicator', raw);
        const s = requireSet(state, data.setId, command.type);
        const existing = s.indicators.find((i) => i.definition.code === data.code);
        if (existing !== undefined) {
          if (jsonEqual(existing.definition, data)) return [];
          throw new DomainRuleError('indicator_exists', `criteria set ${data.setId}: indicator ${data.code} is already defined`, { setId: data.setId, code: data.code });
        }
        if (s.retired !== null) {
          throw new DomainRuleError('criteria_set_retired', `criteria set ${data.setId}: retired from ${s.retired.effectiveDate}; cannot define indicator ${data.code}`, {
            setId: data.setId,
            code: data.code,
            retiredFrom: s.retired.effectiveDate,
          });
        }
        checkScope(s, data.rule, data.code);
        return [{ type: 'IndicatorDefined', data }];
      }
      case 'AmendIndicator': {
        const data = validate('AmendIndicator', raw);
        return decideAmend(requireSet(state, data.setId, command.type), data);
      }
      case 'RetireCriteriaSet': {
        const data = validate('RetireCriteriaSet', raw);
        const s = requireSet(state, data.setId, command.type);
        if (s.retired !== null) {
          if (jsonEqual(s.retired, data)) return [];
          throw new DomainRuleError('criteria_set_retired', `criteria set ${data.setId}: already retired from ${s.retired.effectiveDate} (${s.retired.legalBasis})`, {
            setId: data.setId,
            retiredFrom: s.retired.effectiveDate,
          });
        }
        if (data.effectiveDate < s.set.validFrom) {
          throw new DomainRuleError(
            'retirement_before_valid_from',
            `criteria set ${data.setId}: retirement effective ${data.effectiveDate}, before the set applies (${s.set.validFrom})`,
            { setId: data.setId, effectiveDate: data.effectiveDate, validFrom: s.set.validFrom },
          );
        }
        return [{ type: 'CriteriaSetRetired', data }];
      }
      default: {
        const type = (command as { type?: unknown }).type;
        throw new ValidationError(entityOf(raw), [
          { path: ['type'], code: 'unknown_command', message: `unknown command ${JSON.stringify(type)}; expected one of ${Object.keys(schemas).join(', ')}` },
        ]);
      }
    }
  },
};

