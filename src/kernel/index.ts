/**
 * The event-sourcing kernel: events, the store port, deciders, projections,
 * subscriptions and errors. It knows nothing of the domain.
 *
 * @module
 */
export { isoTime, manualClock, systemClock, toEpochMs } from './clock.js';
export type { Clock, ManualClock } from './clock.js';
export {
  ConcurrencyError,
  DomainRuleError,
  EventIdConflictError,
  NotFoundError,
  NtmAnttError,
  StoreClosedError,
  StoreCorruptError,
  StoreUnavailableError,
  UnknownEventTypeError,
  ValidationError,
  formatPath,
  isConcurrencyError,
  isDomainRuleError,
  isNtmAnttError,
  isValidationError,
} from './errors.js';
export type { ErrorDetails, ExpectedVersion, ValidationIssue } from './errors.js';
export { EMPTY_METADATA, defineEvent, parseMetadata, upcast } from './event.js';
export type { BodyOf, DefineEventOptions, EventDefinition, EventMetadata, EventOf, EventsOf, NewEvent, StoredEvent, Upcaster } from './event.js';
export { decodeEvent, eventRegistry, validatePayload } from './event-registry.js';
export type { EventRegistry } from './event-registry.js';
export { MAX_JSON_DEPTH, checkJson, deepFreeze, describeValue, getOwn, isPlainObject, jsonEqual, setOwn } from './json.js';
export type { JsonObject, JsonPrimitive, JsonValue } from './json.js';
export { DEFAULT_WRITE_LIMITS } from './write-limits.js';
export type { WriteLimits } from './write-limits.js';
export { appendWrite, checkExpectedVersion, identifierProblem, prepareWrites, satisfiesExpectedVersion } from './prepare-writes.js';
export type { EncodedEvent, EncodedWrite, PrepareOptions } from './prepare-writes.js';
export { resolveIdempotentRetry } from './idempotency.js';
export { uuidV7 } from './ids.js';
export { batchIterable } from './batch-iterable.js';
export type { StoredIdentity } from './idempotency.js';
export { DEFAULT_READ_BATCH_SIZE, validateReadAllOptions, validateReadStreamOptions } from './read-options.js';
export type { ReadAllBounds, ReadStreamBounds } from './read-options.js';
export { StreamCursor } from './stream-cursor.js';
export type { StreamPage } from './stream-cursor.js';
export type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventStoreOptions,
  ProjectionRecord,
  ProjectionStateStore,
  ProjectionStatus,
  ReadAllOptions,
  ReadStreamOptions,
  StreamWrite,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from './store.js';
export { AppendNotifier, SubscriptionSet, startSubscription } from './subscription.js';
export type { ManagedSubscription, SubscriptionSource } from './subscription.js';
export { foldEvents, handle, immerEvolve } from './decider.js';
export type { Decider, DomainEvent, HandleOptions, HandleResult } from './decider.js';
export { defineProjection } from './projection-definition.js';
export { LiveProjections, foldRange, projectionStatus, runProjection, runProjections } from './projection.js';
export type { ClaimedFoldRequest, ClaimedRange, ProjectionBundle, RangeFolder, RangeFoldRequest, RangeFoldResult } from './range-folder.js';
export type { Projection } from './projection-definition.js';
export type { ProjectionRunResult, ProjectionSnapshot, RunOptions } from './projection.js';
