/**
 * `ntm-antt/testing`: the event store conformance suite, the reference model
 * behind its model-based test, and a given/when/then helper for deciders.
 * Needs `vitest` and `fast-check` (peer dependencies of this entry only).
 *
 * @module
 */
export { CONTRACT_CASES, describeEventStoreContract } from './event-store-contract.js';
export type { ContractFactoryOptions, ContractOptions, StoreFactory } from './event-store-contract.js';
export { Classified, Counted, CountedV1, Noted, contractEvents } from './contract-events.js';
export { storeModelCommands } from './store-model.js';
export type { ModelCommandOptions, StoreModel } from './store-model.js';
export { deciderSpec } from './decider-spec.js';
export type { DeciderGiven, DeciderSpec, DeciderWhen } from './decider-spec.js';
