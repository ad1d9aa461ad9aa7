/**
 * The checks every append runs before anything is written: identifiers and
 * JSON-ness. Their fast paths must answer exactly as the rules they stand for.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkJson, identifierProblem, prepareWrites, ValidationError, type ValidationIssue } from '../../src/kernel/index.js';

/** The identifier rules, written out one by one (what the single-regex fast path must agree with). */
function identifierRules(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return 'not a string';
  if (value.length === 0) return 'empty';
  if (value.length > max) return 'too long';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return 'control character';
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value)) return 'lone surrogate';
  if (value.trim() !== value) return 'whitespace at an end';
  return undefined;
}

/** Characters that sit on the rules' edges. */
const edgy = fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u2028', '\ufeff', '\u3000', '\u0000', '\u001f', '\u007f', '\u009f', '\u00a0', '\ud83d', '\ude00', 'a', 'ậ', '-', '_', '🙂');
const identifierArb = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.array(edgy, { maxLength: 6 }).map((cs) => cs.join('')), fc.string({ maxLength: 12 }));

describe('identifierProblem', () => {
  it('property: accepts exactly the identifiers the rules accept, whatever the characters and length', () => {
    fc.assert(
      fc.property(identifierArb, fc.integer({ min: 1, max: 10 }), (value, max) => {
        expect(identifierProblem(value, max) === undefined).toBe(identifierRules(value, max) === undefined);
      }),
      { numRuns: 3000 },
    );
  });

  it('says what is wrong', () => {
    expect(identifierProblem('incident-1', 128)).toBeUndefined();
    expect(identifierProblem('xã-Đông Sơn', 128)).toBeUndefined();
    expect(identifierProblem(' a', 128)).toBe('must not start or end with whitespace');
    expect(identifierProblem('a\u00a0', 128)).toBe('must not start or end with whitespace');
    expect(identifierProblem('a\u0007b', 128)).toBe('must not contain control characters');
    expect(identifierProblem('a\ud83d', 128)).toBe('must be well-formed Unicode (no lone surrogates)');
    expect(identifierProblem('🙂', 128)).toBeUndefined();
    expect(identifierProblem('abc', 2)).toBe('must be at most 2 characters, got 3');
    expect(identifierProblem('', 2)).toBe('must not be empty');
    expect(identifierProblem(7, 2)).toBe('must be a string, got number');
  });
});

describe('checkJson', () => {
  const issuesOf = (v: unknown): ValidationIssue[] => {
    const issues: ValidationIssue[] = [];
    checkJson(v, ['data'], issues);
    return issues;
  };

  it('finds a cycle at any depth, and only a cycle: an object shared by two branches is JSON', () => {
    const shared = { n: 1 };
    expect(issuesOf({ a: shared, b: [shared, shared] })).toEqual([]);
    const deep: Record<string, unknown> = { x: { y: [{}] } };
    ((deep['x'] as { y: Array<Record<string, unknown>> }).y[0]!)['back'] = deep;
    expect(issuesOf(deep)).toEqual([{ path: ['data', 'x', 'y', 0, 'back'], code: 'not_json', message: 'circular reference' }]);
    const list: unknown[] = [1];
    list.push({ again: list });
    expect(issuesOf(list)).toEqual([{ path: ['data', 1, 'again'], code: 'not_json', message: 'circular reference' }]);
  });

  it('lists every problem of a payload, each with its path', () => {
    expect(issuesOf({ a: Number.NaN, b: [undefined], c: new Date(0) })).toEqual([
      { path: ['data', 'a'], code: 'not_json', message: 'NaN is not a JSON number' },
      { path: ['data', 'b', 0], code: 'not_json', message: 'undefined is not a JSON value' },
      { path: ['data', 'c'], code: 'not_json', message: 'a Date is not a plain JSON object' },
    ]);
  });
});

describe('prepareWrites', () => {
  it('reports a duplicate event id with where it was first used, and a single event is never its own duplicate', () => {
    const ok = prepareWrites('append', [{ streamId: 's', events: [{ id: 'e-1', type: 'T', data: {} }] }], { registry: undefined });
    expect(ok[0]!.events.map((e) => e.id)).toEqual(['e-1']);
    let error: unknown;
    try {
      prepareWrites('appendMany', [{ streamId: 's', events: [{ id: 'e-1', type: 'T', data: {} }] }, { streamId: 't', events: [{ id: 'e-1', type: 'T', data: {} }] }], { registry: undefined });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: ['writes', 1, 'events', 0, 'id'], code: 'duplicate_event_id', message: 'event id e-1 is used twice in this batch (also at writes.0.events.0)' },
    ]);
  });
});
