/**
 * The language of the programme: localities, incidents, criteria,
 * recognitions and plans — event catalogues, deciders and pure rules. No I/O.
 *
 * @module
 */
export * from './shared/values.js';
export * from './shared/period.js';
export * from './shared/rational.js';
export * from './shared/time-zone.js';
export { parseCommand } from './shared/parse-command.js';
export * from './locality/index.js';
export * from './incident/index.js';
export * from './criteria/index.js';
export * from './recognition/index.js';
export * from './plan/index.js';
