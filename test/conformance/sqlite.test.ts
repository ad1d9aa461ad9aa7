import { sqliteStore } from '../../adapters/sqlite/index.js';
import { describeEventStoreContract } from '../../src/testing/index.js';

describeEventStoreContract('sqlite', ({ clock, events }) => sqliteStore(':memory:', { clock, events }));
