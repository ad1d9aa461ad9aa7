import { memoryStore } from '../../adapters/memory/index.js';
import { describeEventStoreContract } from '../../src/testing/index.js';

describeEventStoreContract('memory', ({ clock, events }) => memoryStore({ clock, events }));
