/**
 * Event types: a name, a zod schema, a schema version and the step-by-step
 * upcasters that bring older stored payloads to the current version.
 *
 * @module
 */
import type { z } from 'zod';
import type { JsonObject } from './json.js';

/** What a caller hands to `append`: a type, a payload and optional id/metadata. */
export interface NewEvent<T extends string = string, D = unknown> {
  readonly type: T;
  readonly data: D;
  /** Unique id; generated (UUID v7) when absent. Reusing an id makes the append idempotent. */
  readonly id?: string;
  /** Who/why/where from. */
  readonly metadata?: EventMetadata;
  /** Write the payload at an older schema version (it is validated against that version's schema). */
  readonly schemaVersion?: number;
}

/** Metadata recorded with an event. Unknown keys are kept if they are JSON. */
export interface EventMetadata {
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Who recorded it (user, service). */
  readonly actor?: string;
  /** Where it came from: an import file and row, an API call. */
  readonly source?: { readonly file?: string; readonly row?: number; readonly api?: string; readonly key?: string };
  readonly [key: string]: unknown;
}

/**
 * The metadata of every event stored without any (frozen, so shared safely):
 * stores return this one object instead of parsing `'{}'` per event.
 *
 * @example
 * ```ts
 * parseMetadata('{}') === EMPTY_METADATA; // true
 * ```
 */
export const EMPTY_METADATA: EventMetadata = Object.freeze({});

/** The JSON text of {@link EMPTY_METADATA}, as stores save it (kernel-internal). */
export const EMPTY_METADATA_JSON = '{}';

/**
 * Parses stored metadata JSON; `'{}'` gives the shared {@link EMPTY_METADATA}.
 *
 * @example
 * ```ts
 * parseMetadata('{"actor":"cand-bo-1"}').actor; // 'cand-bo-1'
 * ```
 */
export function parseMetadata(json: string): EventMetadata {
  return json === EMPTY_METADATA_JSON ? EMPTY_METADATA : (JSON.parse(json) as EventMetadata);
}

/** An event as the store returns it. */
export interface StoredEvent<T extends string = string, D = unknown> {
  readonly id: string;
  readonly streamId: string;
  /** 1-based position within its stream. */
  readonly version: number;
  /** 1-based global position: strictly increasing, gap-free. */
  readonly position: number;
  readonly type: T;
  /** The schema version of `data` (the current one after upcasting, the stored one for raw reads). */
  readonly schemaVersion: number;
  readonly data: D;
  readonly metadata: EventMetadata;
  /** ISO-8601 UTC transaction time, non-decreasing in `position`. */
  readonly recordedAt: string;
}

/** One step of an upcaster chain: turns a payload of version `from` into `from + 1`. */
export interface Upcaster {
  /** The stored version this step reads. */
  readonly from: number;
  /** The schema of version `from` (used to validate old writes and in property tests). */
  readonly schema?: z.ZodType;
  /** Maps a `from` payload to a `from + 1` payload. Must be pure. */
  readonly up: (data: any) => unknown;
}

/** The definition of one event type. */
export interface EventDefinition<T extends string = string, S extends z.ZodType = z.ZodType> {
  readonly type: T;
  /** Current schema version (1-based). */
  readonly version: number;
  /** Schema of the current version. */
  readonly schema: S;
  /** Upcasters by the version they read, covering 1 … version-1 when older data exists. */
  readonly upcasters: ReadonlyMap<number, Upcaster>;
  /**
   * Builds a {@link NewEvent} of this type (not validated until appended).
   */
  create(data: z.input<S>, extra?: { id?: string; metadata?: EventMetadata }): NewEvent<T, z.input<S>>;
  /** Type guard for stored or new events of this type. */
  is(event: { readonly type: string }): event is StoredEvent<T, z.output<S>>;
}

/** The stored event type produced by a definition. */
export type EventOf<D> = D extends EventDefinition<infer T, infer S> ? StoredEvent<T, z.output<S>> : never;

/** The union of stored events of a list of definitions. */
export type EventsOf<Ds extends readonly EventDefinition[]> = EventOf<Ds[number]>;

/** Options of {@link defineEvent}. */
export interface DefineEventOptions {
  /** Current schema version, default 1. */
  readonly version?: number;
  /** Upcasters for versions older than `version`; one per step. */
  readonly upcasters?: readonly Upcaster[];
}

/**
 * Defines an event type with a zod schema, a schema version and upcasters.
 *
 * @example
 * ```ts
 * const Renamed = defineEvent('LocalityRenamed', z.object({ code: z.string(), name: z.string() }), {
 *   version: 2,
 *   upcasters: [{ from: 1, schema: z.object({ code: z.string(), newName: z.string() }), up: (v1) => ({ code: v1.code, name: v1.newName }) }],
 * });
 * await store.append('locality-38', [Renamed.create({ code: '38', name: 'Tỉnh Thanh Hóa' })], { expectedVersion: 'any' });
 * ```
 */
export function defineEvent<T extends string, S extends z.ZodType>(
  type: T,
  schema: S,
  options: DefineEventOptions = {},
): EventDefinition<T, S> {
  const version = options.version ?? 1;
  if (!Number.isInteger(version) || version < 1) throw new RangeError(`event ${type}: version must be an integer >= 1`);
  const upcasters = new Map<number, Upcaster>();
  for (const u of options.upcasters ?? []) {
    if (!Number.isInteger(u.from) || u.from < 1 || u.from >= version) {
      throw new RangeError(`event ${type}: upcaster from version ${u.from} is outside 1..${version - 1}`);
    }
    if (upcasters.has(u.from)) throw new RangeError(`event ${type}: two upcasters from version ${u.from}`);
    upcasters.set(u.from, u);
  }
  return Object.freeze({
    type,
    version,
    schema,
    upcasters,
    create(data: z.input<S>, extra: { id?: string; metadata?: EventMetadata } = {}) {
      const e: { type: T; data: z.input<S>; id?: string; metadata?: EventMetadata } = { type, data };
      if (extra.id !== undefined) e.id = extra.id;
      if (extra.metadata !== undefined) e.metadata = extra.metadata;
      return e;
    },
    is(event: { readonly type: string }): event is StoredEvent<T, z.output<S>> {
      return event.type === type;
    },
  });
}

/**
 * Turns payload `data` of `fromVersion` into the definition's current version, step by step.
 *
 * @example
 * ```ts
 * upcast(Counted, { count: 7 }, 1); // { total: 7, unit: 'case' }
 * ```
 */
export function upcast(def: EventDefinition, data: unknown, fromVersion: number): unknown {
  let v = fromVersion;
  let d = data;
  while (v < def.version) {
    const step = def.upcasters.get(v);
    if (step === undefined) {
      throw new RangeError(`event ${def.type}: no upcaster from schema version ${v} to ${v + 1}`);
    }
    d = step.up(d);
    v += 1;
  }
  return d;
}

/** The `{type, data}` part of each member of an event union (distributes over the union). */
export type BodyOf<E> = E extends { readonly type: infer T; readonly data: infer D } ? { readonly type: T; readonly data: D } : never;

/** A JSON payload as stored. */
export type StoredPayload = JsonObject;
