/**
 * The set of event types a store knows: validates appends and upcasts reads.
 *
 * @module
 */
import type { EventDefinition, StoredEvent } from './event.js';
import { upcast } from './event.js';
import { NtmAnttError, UnknownEventTypeError, type ValidationIssue } from './errors.js';

/** A lookup of event definitions by type name. */
export interface EventRegistry {
  /** The definition of `type`, if registered. */
  get(type: string): EventDefinition | undefined;
  /** All registered type names. */
  readonly types: readonly string[];
}

/**
 * Builds a registry from event definitions. Two definitions with one type name
 * are an error.
 *
 * @example
 * ```ts
 * const registry = eventRegistry([IncidentRecorded, IncidentRetracted]);
 * const store = memoryStore({ events: registry });
 * ```
 */
export function eventRegistry(definitions: Iterable<EventDefinition>): EventRegistry {
  const byType = new Map<string, EventDefinition>();
  for (const d of definitions) {
    if (byType.has(d.type)) throw new RangeError(`event registry: type ${d.type} is defined twice`);
    byType.set(d.type, d);
  }
  const types = Object.freeze([...byType.keys()]);
  return Object.freeze({ get: (type: string) => byType.get(type), types });
}

/**
 * Validates `data` of event `type` written at `schemaVersion` (default: the
 * current one). Returns the parsed payload, or pushes issues prefixed by `path`.
 *
 * @example
 * ```ts
 * const issues: ValidationIssue[] = [];
 * const r = validatePayload(registry, 'Noted', { n: 'x' }, undefined, ['events', 0], issues);
 * r.ok; // false; issues[0].path is ['events', 0, 'data', 'n']
 * ```
 */
export function validatePayload(
  registry: EventRegistry,
  type: string,
  data: unknown,
  schemaVersion: number | undefined,
  path: ReadonlyArray<string | number>,
  issues: ValidationIssue[],
): { ok: true; data: unknown; schemaVersion: number } | { ok: false } {
  const def = registry.get(type);
  if (def === undefined) {
    issues.push({ path: [...path, 'type'], code: 'unknown_event_type', message: `unknown event type ${JSON.stringify(type)}` });
    return { ok: false };
  }
  const version = schemaVersion ?? def.version;
  let schema = def.schema;
  if (version !== def.version) {
    const old = version < def.version ? def.upcasters.get(version)?.schema : undefined;
    if (old === undefined) {
      issues.push({
        path: [...path, 'schemaVersion'],
        code: 'unknown_schema_version',
        message: `${def.type} has no schema for version ${version} (current is ${def.version})`,
      });
      return { ok: false };
    }
    schema = old;
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    for (const i of result.error.issues) {
      issues.push({ path: [...path, 'data', ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], code: i.code, message: i.message });
    }
    return { ok: false };
  }
  return { ok: true, data: result.data, schemaVersion: version };
}

/**
 * Brings a stored event to its type's current schema version and validates
 * the result. Events already at the current version are returned as they are
 * (they were validated when written). `raw` skips all of it.
 *
 * @throws UnknownEventTypeError when the type is not registered.
 * @throws NtmAnttError `schema_version_ahead` when the event was written by a newer schema.
 * @throws NtmAnttError `upcast_failed` when an upcaster throws or its output fails the schema.
 *
 * @example
 * ```ts
 * const current = decodeEvent(registry, storedV1Event); // current.schemaVersion === the definition's version
 * ```
 */
export function decodeEvent(registry: EventRegistry | undefined, event: StoredEvent): StoredEvent {
  if (registry === undefined) return event;
  const def = registry.get(event.type);
  if (def === undefined) throw new UnknownEventTypeError(event.type, event.position);
  if (event.schemaVersion === def.version) return event;
  if (event.schemaVersion > def.version) {
    throw new NtmAnttError(
      'schema_version_ahead',
      `event ${event.id} (${event.type}) at position ${event.position}: stored at schema version ${event.schemaVersion}, newer than this program's ${def.version}; upgrade ntm-antt`,
      { details: { eventId: event.id, type: event.type, position: event.position, stored: event.schemaVersion, known: def.version } },
    );
  }
  let data: unknown;
  try {
    data = upcast(def, event.data, event.schemaVersion);
  } catch (cause) {
    throw new NtmAnttError('upcast_failed', `event ${event.id} (${event.type}) at position ${event.position}: upcasting from version ${event.schemaVersion} failed: ${(cause as Error).message}`, {
      cause,
      details: { eventId: event.id, type: event.type, position: event.position },
    });
  }
  const parsed = def.schema.safeParse(data);
  if (!parsed.success) {
    throw new NtmAnttError(
      'upcast_failed',
      `event ${event.id} (${event.type}) at position ${event.position}: upcast payload fails schema version ${def.version}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      { details: { eventId: event.id, type: event.type, position: event.position } },
    );
  }
  // explicit fields: an adapter's event may compute some of them lazily (prototype getters)
  return { id: event.id, streamId: event.streamId, version: event.version, position: event.position, type: event.type, schemaVersion: def.version, data: parsed.data, metadata: event.metadata, recordedAt: event.recordedAt };
}
