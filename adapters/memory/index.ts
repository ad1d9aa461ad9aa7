/**
 * `ntm-antt/memory`: the in-memory event store, the reference implementation.
 *
 * @module
 */
export { memoryStore } from './memory-store.js';
export type { MemoryStoreOptions } from './memory-store.js';
