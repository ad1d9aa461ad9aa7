/**
 * Command validation shared by the domain's deciders.
 *
 * @module
 */
import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../../kernel/index.js';

/**
 * Parses a command with its zod schema, or throws a {@link ValidationError}
 * naming `entity` and listing every issue (not only the first).
 *
 * @example
 * ```ts
 * const c = parseCommand(IncidentCommand, input, `incident ${idOf(input)}`);
 * ```
 */
export function parseCommand<S extends z.ZodType>(schema: S, input: unknown, entity: string): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues: ValidationIssue[] = r.error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    code: i.code,
    message: i.message,
  }));
  throw new ValidationError(entity, issues);
}

/**
 * Reads a string field of a raw command for an error message, without trusting it.
 *
 * @example
 * ```ts
 * fieldOf({ incidentId: '7f3' }, 'incidentId'); // '7f3'
 * fieldOf(null, 'incidentId'); // '(unknown)'
 * ```
 */
export function fieldOf(input: unknown, key: string): string {
  if (typeof input !== 'object' || input === null) return '(unknown)';
  const v = (input as Record<string, unknown>)[key];
  return typeof v === 'string' && v !== '' ? v.slice(0, 80) : '(unknown)';
}

/**
 * Copies an object without its `undefined` properties (events store absent optional fields as absent).
 *
 * @example
 * ```ts
 * compact({ a: 1, b: undefined }); // { a: 1 }
 * ```
 */
export function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}
