/**
 * Outcomes of a rule: a discriminated set of values, never a sentinel
 * number. Besides `met` and `not_met` there are four *indeterminate*
 * outcomes that say why no answer could be given, and the combinators
 * `all`, `any` and `not` that fold them in a fixed, documented way.
 *
 * @module
 */
import { z } from 'zod';

/**
 * Every outcome, in the order of the architecture's list (not a priority
 * order: see {@link INDETERMINATE_PRIORITY}).
 *
 * @example
 * ```ts
 * OUTCOMES.includes('baseline_zero'); // true
 * ```
 */
export const OUTCOMES = ['met', 'not_met', 'no_data', 'baseline_missing', 'baseline_zero', 'not_comparable'] as const;

/**
 * The outcome of a rule for one unit and period:
 * - `met` / `not_met`: the condition holds / does not hold;
 * - `no_data`: a fact the condition needs is not known;
 * - `baseline_missing`: the baseline year has no figure (never silently replaced by another year);
 * - `baseline_zero`: the baseline is 0, so a percentage cut is undefined;
 * - `not_comparable`: the figures cannot be compared (e.g. a split without allocation).
 *
 * @example
 * ```ts
 * Outcome.parse('baseline_zero'); // 'baseline_zero'
 * Outcome.safeParse(-1).success;  // false: no sentinel numbers
 * ```
 */
export const Outcome = z.enum(OUTCOMES);
/** The outcome of a rule for one unit and period. */
export type Outcome = z.infer<typeof Outcome>;

/** An outcome that is neither `met` nor `not_met`. */
export type IndeterminateOutcome = Exclude<Outcome, 'met' | 'not_met'>;

/**
 * The fixed priority of indeterminate outcomes, most serious first:
 * `not_comparable` > `baseline_missing` > `baseline_zero` > `no_data`.
 * When a combinator cannot decide, it reports the most serious
 * indeterminate outcome among its operands: a structural problem (figures
 * that cannot be compared) outranks a missing reference year, which outranks
 * a reference of zero, which outranks an ordinary gap in the data (the
 * cheapest to fix).
 *
 * @example
 * ```ts
 * INDETERMINATE_PRIORITY[0]; // 'not_comparable'
 * ```
 */
export const INDETERMINATE_PRIORITY: readonly IndeterminateOutcome[] = Object.freeze(['not_comparable', 'baseline_missing', 'baseline_zero', 'no_data'] as const);

/**
 * True for the four indeterminate outcomes.
 *
 * @example
 * ```ts
 * isIndeterminate('no_data'); // true
 * isIndeterminate('not_met'); // false
 * ```
 */
export function isIndeterminate(outcome: Outcome): outcome is IndeterminateOutcome {
  return outcome !== 'met' && outcome !== 'not_met';
}

/**
 * The most serious indeterminate outcome among `outcomes` (by
 * {@link INDETERMINATE_PRIORITY}), or `undefined` when there is none.
 *
 * @example
 * ```ts
 * mostSerious(['no_data', 'met', 'baseline_zero']); // 'baseline_zero'
 * mostSerious(['met', 'not_met']); // undefined
 * ```
 */
export function mostSerious(outcomes: Iterable<Outcome>): IndeterminateOutcome | undefined {
  let best: number = INDETERMINATE_PRIORITY.length;
  for (const o of outcomes) {
    if (!isIndeterminate(o)) continue;
    const rank = INDETERMINATE_PRIORITY.indexOf(o);
    if (rank < best) best = rank;
  }
  return INDETERMINATE_PRIORITY[best];
}

/**
 * Conjunction: any `not_met` → `not_met` (a failed condition is decisive
 * even when others are unknown); else all `met` → `met`; else the most
 * serious indeterminate outcome. The conjunction of nothing is `met`.
 *
 * @example
 * ```ts
 * allOf(['met', 'no_data', 'not_met']); // 'not_met'
 * allOf(['met', 'no_data', 'baseline_missing']); // 'baseline_missing'
 * allOf(['met', 'met']); // 'met'
 * ```
 */
export function allOf(outcomes: Iterable<Outcome>): Outcome {
  const list = [...outcomes];
  if (list.includes('not_met')) return 'not_met';
  return mostSerious(list) ?? 'met';
}

/**
 * Disjunction: any `met` → `met` (a satisfied alternative is decisive even
 * when others are unknown); else all `not_met` → `not_met`; else the most
 * serious indeterminate outcome. The disjunction of nothing is `not_met`.
 *
 * @example
 * ```ts
 * anyOf(['not_met', 'no_data', 'met']); // 'met'
 * anyOf(['not_met', 'no_data']); // 'no_data'
 * anyOf(['not_met']); // 'not_met'
 * ```
 */
export function anyOf(outcomes: Iterable<Outcome>): Outcome {
  const list = [...outcomes];
  if (list.includes('met')) return 'met';
  return mostSerious(list) ?? 'not_met';
}

/**
 * Negation: `met` ↔ `not_met`; an indeterminate outcome stays as it is
 * (not knowing whether X holds is not knowing whether it fails).
 *
 * @example
 * ```ts
 * negate('met'); // 'not_met'
 * negate('baseline_zero'); // 'baseline_zero'
 * ```
 */
export function negate(outcome: Outcome): Outcome {
  if (outcome === 'met') return 'not_met';
  if (outcome === 'not_met') return 'met';
  return outcome;
}
