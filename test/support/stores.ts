import { memoryStore } from '../../adapters/memory/index.js';
import { sqliteStore } from '../../adapters/sqlite/index.js';
import type { Clock, EventRegistry, EventStore } from '../../src/kernel/index.js';

/** A fresh store of each built-in adapter, for tests that loop over adapters. */
export const adapters: ReadonlyArray<{ name: string; open: (o: { clock?: Clock; events?: EventRegistry }) => EventStore }> = [
  { name: 'memory', open: (o) => memoryStore(o) },
  { name: 'sqlite', open: (o) => sqliteStore(':memory:', o) },
];
