/**
 * The built-in read models as a {@link ProjectionBundle}, for range folders
 * that rebuild them in worker threads.
 *
 * @module
 */
import type { ProjectionBundle } from './kernel/index.js';
import { ledgerEvents } from './ledger.js';
import { READ_MODEL_PROJECTIONS } from './projections/read-models.js';

/**
 * The URL of this module, to hand to a range folder.
 *
 * @example
 * ```ts
 * const parallel = sqliteRangeFolder({ file: 'ledger.db', module: READ_MODEL_BUNDLE });
 * ```
 */
export const READ_MODEL_BUNDLE: string = import.meta.url;

/**
 * Every read-model projection and the ledger's event registry.
 *
 * @example
 * ```ts
 * import bundle from 'ntm-antt/read-model-bundle';
 * bundle.projections.length; // 5
 * ```
 */
const readModelBundle: ProjectionBundle = { projections: READ_MODEL_PROJECTIONS, events: ledgerEvents };
export default readModelBundle;
