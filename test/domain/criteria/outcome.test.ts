import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INDETERMINATE_PRIORITY, OUTCOMES, allOf, anyOf, isIndeterminate, mostSerious, negate, type Outcome } from '../../../src/domain/criteria/index.js';

const outcome = fc.constantFrom(...OUTCOMES);

describe('outcomes', () => {
  it('all: not_met is decisive, then met only when everything is met, else the most serious indeterminate', () => {
    expect(allOf(['met', 'no_data', 'not_met'])).toBe('not_met');
    expect(allOf(['met', 'met'])).toBe('met');
    expect(allOf(['met', 'no_data', 'baseline_zero'])).toBe('baseline_zero');
    expect(allOf(['no_data', 'baseline_missing', 'baseline_zero'])).toBe('baseline_missing');
    expect(allOf(['baseline_missing', 'not_comparable'])).toBe('not_comparable');
    expect(allOf([])).toBe('met');
  });

  it('any: met is decisive, then not_met only when everything fails, else the most serious indeterminate', () => {
    expect(anyOf(['not_met', 'no_data', 'met'])).toBe('met');
    expect(anyOf(['not_met', 'not_met'])).toBe('not_met');
    expect(anyOf(['not_met', 'no_data'])).toBe('no_data');
    expect(anyOf(['no_data', 'not_comparable', 'baseline_zero'])).toBe('not_comparable');
    expect(anyOf([])).toBe('not_met');
  });

  it('not swaps met and not_met and keeps indeterminate outcomes', () => {
    expect(negate('met')).toBe('not_met');
    expect(negate('not_met')).toBe('met');
    for (const o of INDETERMINATE_PRIORITY) expect(negate(o)).toBe(o);
  });

  it('the priority order is fixed and documented', () => {
    expect(INDETERMINATE_PRIORITY).toEqual(['not_comparable', 'baseline_missing', 'baseline_zero', 'no_data']);
    expect(mostSerious(['met', 'not_met'])).toBeUndefined();
    expect(OUTCOMES.filter(isIndeterminate).sort()).toEqual([...INDETERMINATE_PRIORITY].sort());
  });

  it('properties: order-insensitive, idempotent, De Morgan, not is an involution', () => {
    fc.assert(
      fc.property(fc.array(outcome, { maxLength: 8 }), fc.array(outcome, { maxLength: 8 }), (xs, ys) => {
        const shuffled = [...xs].reverse();
        expect(allOf(shuffled)).toBe(allOf(xs));
        expect(anyOf(shuffled)).toBe(anyOf(xs));
        expect(allOf([...xs, ...xs])).toBe(allOf(xs));
        expect(negate(allOf(xs))).toBe(anyOf(xs.map(negate)));
        expect(negate(anyOf(xs))).toBe(allOf(xs.map(negate)));
        // Associativity: folding in two steps gives the same answer.
        expect(allOf([allOf(xs), allOf(ys)])).toBe(allOf([...xs, ...ys]));
        expect(anyOf([anyOf(xs), anyOf(ys)])).toBe(anyOf([...xs, ...ys]));
        for (const x of xs) expect(negate(negate(x))).toBe(x);
      }),
    );
  });

  it('an indeterminate combination is never reported as met or not_met', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<Outcome>(...INDETERMINATE_PRIORITY, 'met'), { minLength: 1 }), (xs) => {
        fc.pre(xs.some(isIndeterminate));
        expect(isIndeterminate(allOf(xs))).toBe(true);
      }),
    );
  });
});
