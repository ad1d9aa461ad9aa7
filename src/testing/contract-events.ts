/**
 * The event types the conformance suite writes. They exercise validation
 * (several fields with constraints) and upcasting (a v1 → v2 step).
 *
 * @module
 */
import { z } from 'zod';
import { defineEvent } from '../kernel/event.js';
import { eventRegistry } from '../kernel/event-registry.js';

/**
 * A free-form note: `{ n, text? }`.
 *
 * @example
 * ```ts
 * await store.append('s', [Noted.create({ n: 1 })]);
 * ```
 */
export const Noted = defineEvent('Noted', z.object({ n: z.number().int(), text: z.string().optional() }));

/**
 * A strictly validated event with several constrained fields.
 *
 * @example
 * ```ts
 * Classified.create({ severity: 'serious', occurredOn: '2024-01-01', casualties: { deaths: 0, injuries: 1 } });
 * ```
 */
export const Classified = defineEvent(
  'Classified',
  z.object({
    severity: z.enum(['less-serious', 'serious', 'very-serious', 'especially-serious']),
    occurredOn: z.iso.date(),
    casualties: z.object({ deaths: z.number().int().min(0), injuries: z.number().int().min(0) }),
  }),
);

/**
 * Version 1 of {@link Counted}'s payload.
 *
 * @example
 * ```ts
 * CountedV1.parse({ count: 3 });
 * ```
 */
export const CountedV1 = z.object({ count: z.number().int() });

/**
 * An event at schema version 2 whose v1 payload `{count}` upcasts to `{total, unit}`.
 *
 * @example
 * ```ts
 * await store.append('s', [{ type: 'Counted', data: { count: 7 }, schemaVersion: 1 }]); // reads back as { total: 7, unit: 'case' }
 * ```
 */
export const Counted = defineEvent('Counted', z.object({ total: z.number().int(), unit: z.string() }), {
  version: 2,
  upcasters: [{ from: 1, schema: CountedV1, up: (v1: { count: number }) => ({ total: v1.count, unit: 'case' }) }],
});

/**
 * The registry the conformance suite hands to each store factory.
 *
 * @example
 * ```ts
 * const store = memoryStore({ events: contractEvents });
 * ```
 */
export const contractEvents = eventRegistry([Noted, Classified, Counted]);
