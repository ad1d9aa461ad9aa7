/**
 * Projections: the read models (pure folds run by the kernel's runner) and
 * the questions answered from them (counts, trends, attainment, rates,
 * target progress, plan follow-up), each explained.
 *
 * @module
 */
export * from './register-projection.js';
export * from './incident-cube.js';
export * from './recognition-projection.js';
export * from './criteria-projection.js';
export * from './plan-projection.js';
export * from './incident-index.js';
export * from './incident-counts.js';
export * from './read-models.js';
export * from './trends.js';
export * from './attainment.js';
export * from './attainment-rates.js';
export * from './target-progress.js';
export * from './plan-follow-up.js';
