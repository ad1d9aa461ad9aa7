/**
 * The built-in 2021-2025 criteria catalogue, as data: the event bodies that
 * publish every set and define its indicators, in order. TT 124/2021/TT-BCA
 * first (the other sets refer to its standards), then 318, 319 and 320/QĐ-TTg.
 *
 * @module
 */
import { ValidationError, type ValidationIssue } from '../../../kernel/index.js';
import { criteriaEventDefinitions, criteriaStreamId, type CriteriaEventBody, type CriteriaEventInput } from '../events.js';
import { QD318_2022_EVENTS } from './qd318-2022.js';
import { QD319_2022_EVENTS } from './qd319-2022.js';
import { QD320_2022_EVENTS } from './qd320-2022.js';
import { TT124_2021_EVENTS } from './tt124-2021.js';

export { BUILT_IN_FACTS, BUILT_IN_LISTS } from './facts.js';
export type { FactInfo, ListInfo } from './facts.js';
export { QD318_2022_EVENTS } from './qd318-2022.js';
export { QD319_2022_EVENTS } from './qd319-2022.js';
export { QD320_2022_EVENTS } from './qd320-2022.js';
export { TT124_2021_EVENTS } from './tt124-2021.js';

/**
 * The ids of the built-in sets, in catalogue order.
 *
 * @example
 * ```ts
 * BUILT_IN_SET_IDS.includes('commune-standard-2021'); // true
 * ```
 */
export const BUILT_IN_SET_IDS = [
  'antt-safe-residential',
  'antt-safe-commune',
  'commune-standard-2021',
  'commune-advanced-2021',
  'commune-model-2021',
  'district-standard-2021',
  'district-advanced-2021',
] as const;

/**
 * Validates criteria event bodies as written (applying defaults) and returns
 * them in their validated form. Throws a `ValidationError` listing every
 * issue, with paths like `[3, 'data', 'rule', 'rules', 1, 'minPercent']`.
 *
 * @example
 * ```ts
 * const events = parseCriteriaEvents(JSON.parse(readFileSync('thanh-hoa-criteria.json', 'utf8')));
 * ```
 */
export function parseCriteriaEvents(inputs: readonly CriteriaEventInput[], entity = 'criteria events'): CriteriaEventBody[] {
  const issues: ValidationIssue[] = [];
  const out: CriteriaEventBody[] = [];
  inputs.forEach((input, i) => {
    const def = criteriaEventDefinitions.find((d) => d.type === input.type);
    if (def === undefined) {
      issues.push({ path: [i, 'type'], code: 'unknown_event_type', message: `unknown criteria event type ${JSON.stringify(input.type)}` });
      return;
    }
    const r = def.schema.safeParse(input.data);
    if (r.success) out.push({ type: def.type, data: r.data } as CriteriaEventBody);
    else for (const issue of r.error.issues) issues.push({ path: [i, 'data', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], code: issue.code, message: issue.message });
  });
  if (issues.length > 0) throw new ValidationError(entity, issues);
  return out;
}

/**
 * The built-in catalogue as validated event bodies, in order (a fresh copy on every call).
 *
 * @example
 * ```ts
 * const catalogue = CriteriaCatalogue.from(builtInCriteriaEvents());
 * ```
 */
export function builtInCriteriaEvents(): CriteriaEventBody[] {
  return parseCriteriaEvents([...TT124_2021_EVENTS, ...QD318_2022_EVENTS, ...QD319_2022_EVENTS, ...QD320_2022_EVENTS], 'built-in criteria catalogue');
}

/**
 * The built-in catalogue grouped by stream (one per set), ready to append
 * (or to send through `criteriaDecider` commands).
 *
 * @example
 * ```ts
 * for (const { streamId, events } of builtInCriteriaStreams()) await store.append(streamId, events, { expectedVersion: 'no_stream' });
 * ```
 */
export function builtInCriteriaStreams(): Array<{ streamId: string; setId: string; events: CriteriaEventBody[] }> {
  const streams = new Map<string, { streamId: string; setId: string; events: CriteriaEventBody[] }>();
  for (const e of builtInCriteriaEvents()) {
    const setId = e.data.setId;
    let s = streams.get(setId);
    if (s === undefined) streams.set(setId, (s = { streamId: criteriaStreamId(setId), setId, events: [] }));
    s.events.push(e);
  }
  return [...streams.values()];
}
