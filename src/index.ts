/**
 * ntm-antt: the security-and-order (an ninh, trật tự) side of Vietnam's New
 * Rural Development programme as event streams, and the projections a
 * province must report.
 *
 * Adapters are separate entry points: `ntm-antt/memory`, `ntm-antt/sqlite`.
 * The conformance suite and test helpers are in `ntm-antt/testing`.
 *
 * @module
 */
export * from './kernel/index.js';
export * from './domain/index.js';
export { THANH_HOA, packageDataDir, readThanhHoaData, readThanhHoaDistrictMap, thanhHoaRegisterEvents } from './reference/thanh-hoa.js';
export { THANH_HOA_PLAN_ID, thanhHoaPlanCommands } from './reference/thanh-hoa-plan.js';
export type { ThanhHoaPlanOptions } from './reference/thanh-hoa-plan.js';
export type { DistrictMap, ThanhHoaData } from './reference/thanh-hoa.js';
export * from './projections/index.js';
export { Ledger, ledgerEvents } from './ledger.js';
export { READ_MODEL_BUNDLE } from './read-model-bundle.js';
export type { AsOf, ExecuteOptions, ExecuteResult, LedgerCommand, LedgerOptions } from './ledger.js';
export * from './report/index.js';
export { REPORT_STANDARDS, buildReport, buildReportFrom, endOfDay } from './report/build-report.js';
export type { BuildReportOptions } from './report/build-report.js';
