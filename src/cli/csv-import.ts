/**
 * CSV imports of incidents and recognitions: every row becomes a command,
 * every row is checked (shape, then the domain rules against the current
 * register and catalogue, in file order, as the batch would see them), and
 * the file is imported in one atomic `executeAll` — or rejected whole,
 * listing every problem, with the store unchanged. Event ids derive from the
 * row key, so importing the same file again adds nothing.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { DomainRuleError, EventIdConflictError, ValidationError, formatPath, type ValidationIssue } from '../kernel/errors.js';
import type { Decider, DomainEvent } from '../kernel/decider.js';
import type { EventMetadata } from '../kernel/event.js';
import { incidentDecider, incidentStreamId } from '../domain/incident/index.js';
import { localityDecider, registerStreamId } from '../domain/locality/index.js';
import { recognitionDecider, recognitionStreamId } from '../domain/recognition/index.js';
import type { Ledger, LedgerCommand } from '../ledger.js';
import type { ReadModels } from '../projections/read-models.js';
import { readCsv, type CsvContent, type CsvFormat, type CsvRow } from './csv-read.js';
import { readJsonRows } from './json-read.js';
import { ImportRejectedError, type InputProblem } from './errors.js';
import type { Progress } from './progress.js';

/** What can be imported. */
export type ImportKind = 'incidents' | 'recognitions' | 'lineage';

/**
 * The incidents CSV: columns, and those the header must have.
 *
 * @example
 * ```ts
 * INCIDENT_CSV.columns.join(','); // 'key,incident_id,locality_code,residential_area_code,occurred_on,reported_on,labels,severity,deaths,injuries,description'
 * ```
 */
export const INCIDENT_CSV: CsvFormat = Object.freeze({
  columns: ['key', 'incident_id', 'locality_code', 'residential_area_code', 'occurred_on', 'reported_on', 'labels', 'severity', 'deaths', 'injuries', 'description'],
  required: ['locality_code', 'occurred_on', 'reported_on', 'labels'],
});

/**
 * The recognitions CSV: columns, and those the header must have.
 *
 * @example
 * ```ts
 * RECOGNITION_CSV.required.includes('decision_number'); // true
 * ```
 */
export const RECOGNITION_CSV: CsvFormat = Object.freeze({
  columns: ['key', 'recognition_id', 'locality_code', 'standard', 'from_year', 'to_year', 'decision_number', 'decision_date', 'authority'],
  required: ['locality_code', 'standard', 'from_year', 'decision_number', 'decision_date', 'authority'],
});

/** Longest row key (so that `csv-<key>` is a valid id of at most 64 characters). */
const MAX_KEY_LENGTH = 60;
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

type AnyDecider = Decider<unknown, DomainEvent, unknown>;

interface Converted {
  readonly command: Record<string, unknown>;
  readonly problems: InputProblem[];
}

interface ImportSpec {
  readonly kind: ImportKind;
  readonly format: CsvFormat;
  /** Columns whose value must not be empty. */
  readonly nonEmpty: readonly string[];
  readonly eventPrefix: string;
  toCommand(row: CsvRow, key: string, rm: ReadModels): Converted;
  streamIdOf(command: Record<string, unknown>, rm: ReadModels): string;
  /** The event a command records, to tell a row already imported (default: decide it on the initial state). */
  eventData?(command: Record<string, unknown>): unknown;
  decider(rm: ReadModels): AnyDecider;
  /** The CSV column a command path (zod issue path) comes from. */
  fieldOfPath(path: ReadonlyArray<string | number>): string | null;
  /** The CSV column a domain rule is about. */
  fieldOfRule(code: string, details: Readonly<Record<string, unknown>>, command: Record<string, unknown>): string | null;
  /** Rules that a conflict with an earlier row of the same file can break. */
  readonly conflictRules: ReadonlySet<string>;
  /** How to correct a record already imported. */
  readonly correction: string;
}

const optional = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);

function wholeNumber(row: CsvRow, field: string, problems: InputProblem[], pattern = /^\d+$/, what = 'a whole number ≥ 0'): number | undefined {
  const v = row.values[field] ?? '';
  if (v === '') return undefined;
  if (!pattern.test(v)) {
    problems.push({ line: row.line, field, code: 'not_a_number', message: `must be ${what}, got ${JSON.stringify(v)}` });
    return undefined;
  }
  return Number(v);
}

function withoutUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

const INCIDENT_FIELDS: Record<string, string> = {
  incidentId: 'incident_id',
  localityCode: 'locality_code',
  residentialAreaCode: 'residential_area_code',
  occurredOn: 'occurred_on',
  reportedOn: 'reported_on',
  labels: 'labels',
  severity: 'severity',
  casualties: 'deaths',
  description: 'description',
  externalRef: 'key',
};

const INCIDENT_RULES: Record<string, string> = {
  locality_not_found_on_date: 'locality_code',
  locality_not_commune_level: 'locality_code',
  residential_area_not_in_commune: 'residential_area_code',
  reported_before_occurred: 'reported_on',
  incident_exists: 'incident_id',
};

const incidents: ImportSpec = {
  kind: 'incidents',
  format: INCIDENT_CSV,
  nonEmpty: ['locality_code', 'occurred_on', 'reported_on', 'labels'],
  eventPrefix: 'csv-incident',
  toCommand(row, key) {
    const v = row.values;
    const problems: InputProblem[] = [];
    const deaths = wholeNumber(row, 'deaths', problems);
    const injuries = wholeNumber(row, 'injuries', problems);
    const casualties = optional(v['deaths']) === undefined && optional(v['injuries']) === undefined ? undefined : { deaths: deaths ?? 0, injuries: injuries ?? 0 };
    const labels = (v['labels'] ?? '')
      .split(';')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    const command = withoutUndefined({
      type: 'RecordIncident',
      incidentId: optional(v['incident_id']) ?? `csv-${key}`,
      localityCode: v['locality_code'],
      residentialAreaCode: optional(v['residential_area_code']),
      occurredOn: v['occurred_on'],
      reportedOn: v['reported_on'],
      labels,
      severity: optional(v['severity']),
      casualties: problems.some((p) => p.field === 'deaths' || p.field === 'injuries') ? undefined : casualties,
      description: optional(v['description']),
      externalRef: key,
    });
    return { command, problems };
  },
  streamIdOf: (c) => incidentStreamId(String(c['incidentId'])),
  decider: (rm) => incidentDecider({ localities: rm.history }) as unknown as AnyDecider,
  fieldOfPath(path) {
    const [head, sub] = path;
    if (head === 'casualties' && (sub === 'deaths' || sub === 'injuries')) return sub;
    return typeof head === 'string' ? (INCIDENT_FIELDS[head] ?? null) : null;
  },
  fieldOfRule: (code) => INCIDENT_RULES[code] ?? null,
  conflictRules: new Set(['incident_exists']),
  correction: 'correct the incident with ReclassifyIncident or RelocateIncident (or retract it)',
};

const RECOGNITION_FIELDS: Record<string, string> = {
  recognitionId: 'recognition_id',
  localityCode: 'locality_code',
  standard: 'standard',
  'period.fromYear': 'from_year',
  'period.toYear': 'to_year',
  period: 'to_year',
  'decision.number': 'decision_number',
  'decision.date': 'decision_date',
  'decision.authority': 'authority',
  decision: 'decision_number',
};

const RECOGNITION_RULES: Record<string, string> = {
  locality_mismatch: 'locality_code',
  recognition_exists: 'recognition_id',
  unknown_standard: 'standard',
  locality_not_found_on_date: 'locality_code',
  standard_not_applicable: 'standard',
  standard_not_in_force: 'from_year',
  decision_before_period: 'decision_date',
  recognition_overlaps: 'from_year',
};

const recognitions: ImportSpec = {
  kind: 'recognitions',
  format: RECOGNITION_CSV,
  nonEmpty: ['locality_code', 'standard', 'from_year', 'decision_number', 'decision_date', 'authority'],
  eventPrefix: 'csv-recognition',
  toCommand(row, key) {
    const v = row.values;
    const problems: InputProblem[] = [];
    const year = /^\d{4}$/;
    const fromYear = wholeNumber(row, 'from_year', problems, year, 'a four-digit year');
    const toYear = wholeNumber(row, 'to_year', problems, year, 'a four-digit year');
    const command = {
      type: 'RecogniseStandard',
      recognitionId: optional(v['recognition_id']) ?? `csv-${key}`,
      localityCode: v['locality_code'],
      standard: v['standard'],
      period: withoutUndefined({ fromYear, toYear }),
      decision: { number: v['decision_number'], date: v['decision_date'], authority: v['authority'] },
    };
    return { command, problems };
  },
  streamIdOf: (c) => recognitionStreamId(String(c['localityCode'])),
  decider: (rm) => recognitionDecider({ localities: rm.history, standards: rm.catalogue }) as unknown as AnyDecider,
  fieldOfPath(path) {
    const [a, b] = path;
    if (typeof a !== 'string') return null;
    return RECOGNITION_FIELDS[typeof b === 'string' ? `${a}.${b}` : a] ?? RECOGNITION_FIELDS[a] ?? null;
  },
  fieldOfRule: (code) => RECOGNITION_RULES[code] ?? null,
  conflictRules: new Set(['recognition_exists', 'recognition_overlaps']),
  correction: 'revoke the recognition (RevokeRecognition) and import the corrected row under a new key',
};

/**
 * The lineage facts file (CSV, or JSON with the same keys): one row per fact.
 * - `fact=receiver`: the receiver of a dissolved unit (`code`, `date` = the
 *   dissolution's date); several `receivers` (separated by `;`) record a
 *   division, with `shares` (`n/d;n/d`, one per receiver) when known;
 * - `fact=shares`: the shares of a recorded split or division of `code` on
 *   `date`, one per receiving unit;
 * - `fact=part`: part of `code` (which continues) went to the one unit in
 *   `receivers` on `date`; `shares` (one `n/d`) is the share moved, when known;
 * - `evidence`: `documented`, `secondary`, `inferred-high` or `inferred-medium`,
 *   with `source`, `quote` and `caveat`; `legal_basis` defaults to the
 *   recorded change's.
 *
 * @example
 * ```ts
 * LINEAGE_CSV.columns.join(','); // 'key,fact,code,date,receivers,shares,what,evidence,source,quote,caveat,legal_basis'
 * ```
 */
export const LINEAGE_CSV: CsvFormat = Object.freeze({
  columns: ['key', 'fact', 'code', 'date', 'receivers', 'shares', 'what', 'evidence', 'source', 'quote', 'caveat', 'legal_basis'],
  required: ['fact', 'code', 'date', 'receivers', 'evidence'],
});

const LINEAGE_FIELDS: Record<string, string> = {
  code: 'code',
  source: 'code',
  effectiveDate: 'date',
  receiver: 'receivers',
  receivers: 'receivers',
  to: 'receivers',
  shares: 'shares',
  allocation: 'shares',
  what: 'what',
  legalBasis: 'legal_basis',
  'evidence.level': 'evidence',
  'evidence.source': 'source',
  'evidence.quote': 'quote',
  'evidence.caveat': 'caveat',
  evidence: 'evidence',
};

const LINEAGE_RULES: Record<string, string> = {
  dissolution_not_found: 'code',
  receiver_already_identified: 'code',
  change_before_last_change: 'date',
  receiver_not_found_on_date: 'receivers',
  level_mismatch: 'receivers',
  duplicate_code: 'receivers',
  split_allocation_invalid: 'shares',
  shares_do_not_match: 'receivers',
  division_not_found: 'code',
  shares_already_allocated: 'code',
  part_transfer_exists: 'receivers',
  merge_target_in_sources: 'receivers',
  locality_not_found_on_date: 'code',
  evidence_unknown: 'evidence',
};

/** `n/d` → an allocation, or a problem. */
function fraction(text: string, row: CsvRow, problems: InputProblem[]): { numerator: number; denominator: number } | undefined {
  const m = /^(\d+)\s*\/\s*(\d+)$/.exec(text.trim());
  if (m === null || Number(m[2]) === 0 || Number(m[1]) > Number(m[2])) {
    problems.push({ line: row.line, field: 'shares', code: 'invalid_share', message: `${JSON.stringify(text)} is not a share n/d with 0 ≤ n ≤ d and d > 0 (e.g. 1/3)` });
    return undefined;
  }
  return { numerator: Number(m[1]), denominator: Number(m[2]) };
}

/** The legal basis of the recorded change a fact is about, for rows that leave `legal_basis` empty. */
function legalBasisOf(rm: ReadModels, fact: string, code: string, date: string, receivers: readonly string[]): string | undefined {
  const steps = rm.history.steps.filter((s) => s.date === date);
  // the units a change gives territory from or to (not a dissolution's possible receivers)
  const parties = (s: (typeof steps)[number]): string[] =>
    s.type === 'merge' ? [s.target, ...s.sources] : s.type === 'split' ? [s.source, ...s.targets.map((t) => t.code)] : [s.code, ...(s.receiver === undefined ? [] : [s.receiver.code]), ...(s.division?.targets.map((t) => t.code) ?? [])];
  // a receiver or shares: the dissolution or split they complete; a part transfer: a change recorded that day for either unit
  const step =
    fact === 'part'
      ? steps.find((s) => parties(s).some((c) => c === code || receivers.includes(c)))
      : steps.find((s) => (s.type === 'dissolve' ? s.code === code : s.type === 'split' && s.source === code));
  return step?.legalBasis;
}

const lineage: ImportSpec = {
  kind: 'lineage',
  format: LINEAGE_CSV,
  nonEmpty: ['fact', 'code', 'date', 'receivers', 'evidence'],
  eventPrefix: 'csv-lineage',
  toCommand(row, _key, rm) {
    const v = row.values;
    const problems: InputProblem[] = [];
    const fact = v['fact'] ?? '';
    const code = v['code'] ?? '';
    const date = v['date'] ?? '';
    const receivers = (v['receivers'] ?? '')
      .split(';')
      .map((x) => x.trim())
      .filter((x) => x !== '');
    const sharesText = (v['shares'] ?? '')
      .split(';')
      .map((x) => x.trim())
      .filter((x) => x !== '');
    const shares = sharesText.map((t) => fraction(t, row, problems));
    if (sharesText.length > 0 && fact !== 'part' && sharesText.length !== receivers.length) {
      problems.push({ line: row.line, field: 'shares', code: 'shares_count', message: `give one share per receiver: ${receivers.length} receivers, ${sharesText.length} shares` });
    }
    const evidence = withoutUndefined({ level: v['evidence'], source: optional(v['source']), quote: optional(v['quote']), caveat: optional(v['caveat']) });
    const legalBasis = optional(v['legal_basis']) ?? legalBasisOf(rm, fact, code, date, receivers) ?? '';
    if (optional(v['what']) !== undefined && fact !== 'part') problems.push({ line: row.line, field: 'what', code: 'not_applicable', message: 'says what moved in a part transfer (fact=part); leave it empty for other facts' });
    const common = { effectiveDate: date, legalBasis, evidence };
    let command: Record<string, unknown>;
    if (fact === 'receiver' && receivers.length === 1 && shares.length === 1 && shares[0] !== undefined && shares[0].numerator !== shares[0].denominator) {
      problems.push({ line: row.line, field: 'shares', code: 'invalid_share', message: 'a single receiver takes the whole unit: leave shares empty (or 1/1), or list every receiver' });
    }
    if (fact === 'receiver' && receivers.length <= 1) {
      command = { type: 'IdentifyReceiver', code, receiver: receivers[0] ?? '', ...common };
    } else if (fact === 'receiver') {
      command = { type: 'IdentifyDivision', code, receivers: receivers.map((r, i) => withoutUndefined({ code: r, allocation: shares[i] })), ...common };
    } else if (fact === 'shares') {
      if (sharesText.length === 0) problems.push({ line: row.line, field: 'shares', code: 'required', message: 'must not be empty: give one share n/d per receiving unit' });
      command = { type: 'AllocateShares', source: code, shares: receivers.map((r, i) => ({ code: r, allocation: shares[i] })), ...common };
    } else if (fact === 'part') {
      if (receivers.length !== 1) problems.push({ line: row.line, field: 'receivers', code: 'one_receiver', message: `a part transfer goes to one unit, got ${receivers.length}` });
      if (sharesText.length > 1) problems.push({ line: row.line, field: 'shares', code: 'shares_count', message: 'a part transfer has at most one share (the share moved)' });
      command = withoutUndefined({ type: 'TransferPart', code, to: receivers[0] ?? '', what: optional(v['what']), allocation: shares[0], ...common });
    } else {
      problems.push({ line: row.line, field: 'fact', code: 'invalid_fact', message: `${JSON.stringify(fact)} must be receiver, shares or part` });
      command = { type: 'IdentifyReceiver', code, receiver: receivers[0] ?? '', ...common };
    }
    if (legalBasis === '' && !problems.some((p) => p.field === 'fact')) {
      problems.push({ line: row.line, field: 'legal_basis', code: 'required', message: `no recorded change of ${code} on ${date} to take the legal basis from: give legal_basis` });
    }
    return { command, problems };
  },
  streamIdOf(c, rm) {
    const code = String(c['code'] ?? c['source'] ?? '');
    const date = String(c['effectiveDate'] ?? '');
    const chain = [code, ...rm.history.ancestorsAt(code, date), ...rm.history.ancestorsAt(code, (rm.history.unit(code)?.versions[0]?.from ?? date))];
    const province = chain.find((x) => rm.history.unit(x)?.versions.some((v) => v.kind === 'province'));
    return registerStreamId(province ?? '(unknown)');
  },
  decider: () => localityDecider as unknown as AnyDecider,
  eventData(c) {
    const { type: _type, ...data } = c;
    return data;
  },
  fieldOfPath(path) {
    const [a, b, c] = path;
    if (typeof a !== 'string') return null;
    if (a === 'receivers' || a === 'shares') return typeof c === 'string' && c === 'allocation' ? 'shares' : 'receivers';
    return LINEAGE_FIELDS[typeof b === 'string' ? `${a}.${b}` : a] ?? LINEAGE_FIELDS[a] ?? null;
  },
  // a unit missing on the date is the receiving unit of a part transfer when the error names it
  fieldOfRule: (code, details, command) => (code === 'locality_not_found_on_date' && details['code'] !== undefined && details['code'] === command['to'] ? 'receivers' : (LINEAGE_RULES[code] ?? null)),
  conflictRules: new Set(['receiver_already_identified', 'shares_already_allocated', 'part_transfer_exists']),
  correction: 'a recorded lineage fact is kept as evidence: record what is missing, never a second version of the same fact',
};

const SPECS: Record<ImportKind, ImportSpec> = { incidents, recognitions, lineage };

/**
 * The key of a row: its `key` column, or (when empty) `h` followed by 24 hex
 * digits of the SHA-256 of the row's other columns.
 *
 * @example
 * ```ts
 * rowKey({ line: 2, values: { key: 'hh-2024-001' } }, INCIDENT_CSV); // 'hh-2024-001'
 * rowKey({ line: 2, values: { key: '', locality_code: '14755' } }, INCIDENT_CSV); // 'h5b0c…' (24 hex digits)
 * ```
 */
export function rowKey(row: CsvRow, format: CsvFormat): string {
  const given = row.values['key'] ?? '';
  if (given !== '') return given;
  const content = format.columns.filter((c) => c !== 'key').map((c) => row.values[c] ?? '');
  return `h${createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 24)}`;
}

/**
 * The id of the `k`-th event written for a row key (`csv-incident-<key>-0`, `csv-recognition-<key>-0`).
 *
 * @example
 * ```ts
 * importEventId('incidents', 'hh-2024-001', 0); // 'csv-incident-hh-2024-001-0'
 * ```
 */
export function importEventId(kind: ImportKind, key: string, k: number): string {
  return `${SPECS[kind].eventPrefix}-${key}-${k}`;
}

/** Options of {@link importCsv}. */
export interface ImportCsvOptions {
  /** The file's name as shown in messages and recorded in event metadata. */
  readonly file: string;
  /** The file's bytes. */
  readonly bytes: Uint8Array;
  /** Import the valid rows and report the others, instead of rejecting the file. */
  readonly skipInvalid?: boolean;
  /** Progress of the row checks. */
  readonly progress?: Progress;
  /** Metadata recorded with every event (merged over the ledger's actor). */
  readonly metadata?: EventMetadata;
  /** The file is JSON (an array of objects keyed by the CSV's columns), not CSV. */
  readonly json?: boolean;
}

/** What an import did. */
export interface ImportSummary {
  readonly kind: ImportKind;
  readonly file: string;
  /** Data rows in the file (rows of only empty fields not counted). */
  readonly rows: number;
  /** Rows imported now. */
  readonly imported: number;
  /** Rows whose exact event was already recorded (an earlier import of the same row). */
  readonly alreadyPresent: number;
  /** Rows skipped (only with `skipInvalid`). */
  readonly skippedRows: number;
  /** Every problem of the skipped rows, in file order. */
  readonly skipped: readonly InputProblem[];
  /** Events appended. */
  readonly eventsAppended: number;
}

interface StreamView {
  state: unknown;
  readonly ids: Map<string, unknown>;
  /** Lines of this file whose commands changed the stream. */
  readonly lines: number[];
}

interface Candidate {
  readonly row: CsvRow;
  readonly line: number;
  readonly key: string;
  readonly command: Record<string, unknown>;
}

const normalise = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

/** A value quoted for a message, shortened when long. */
const quoted = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 56)}…" (${String(v).length} characters)` : s;
};

function issueProblem(spec: ImportSpec, row: CsvRow, command: Record<string, unknown>, issue: ValidationIssue): InputProblem {
  const field = spec.fieldOfPath(issue.path);
  let message = issue.message;
  if (issue.path[0] === 'labels' && typeof issue.path[1] === 'number') {
    const label = (command['labels'] as unknown[] | undefined)?.[issue.path[1]];
    message = `${quoted(label)}: ${message}`;
  } else if (field === null) {
    message = `${formatPath(issue.path)}: ${message}`;
  } else if ((row.values[field] ?? '') !== '' && field !== 'deaths' && field !== 'injuries') {
    message = `${quoted(row.values[field])}: ${message}`;
  }
  return { line: row.line, field, code: issue.code, message };
}

function errorProblems(spec: ImportSpec, row: CsvRow, command: Record<string, unknown>, e: unknown, earlierLines: readonly number[]): InputProblem[] {
  if (e instanceof ValidationError) {
    const issues = e.issues.map((i) => (i.path[0] === 'commands' && typeof i.path[1] === 'number' ? { ...i, path: i.path.slice(2) } : i));
    return issues.map((i) => issueProblem(spec, row, command, i));
  }
  if (e instanceof DomainRuleError) {
    const also = earlierLines.length === 0 || !spec.conflictRules.has(e.code) ? '' : ` (see line${earlierLines.length === 1 ? '' : 's'} ${earlierLines.join(', ')} of this file)`;
    return [{ line: row.line, field: spec.fieldOfRule(e.code, e.details, command), code: e.code, message: `${e.message.replace(/^command \d+: /, '')}${also}` }];
  }
  throw e;
}

/**
 * Imports a CSV of incidents or recognitions into the ledger, atomically.
 * Throws {@link ImportRejectedError} listing every problem (line, field,
 * message) when the file or any row is invalid — unless `skipInvalid`, which
 * imports the valid rows and returns the others in `skipped` (problems of the
 * whole file still reject it). Rows already imported (same key, same
 * content) are counted in `alreadyPresent` and not written again.
 *
 * @example
 * ```ts
 * const s = await importCsv(ledger, 'incidents', { file: 'incidents.csv', bytes: readFileSync('incidents.csv') });
 * console.log(`${s.imported} imported, ${s.alreadyPresent} already present`);
 * ```
 */
export async function importCsv(ledger: Ledger, kind: ImportKind, options: ImportCsvOptions): Promise<ImportSummary> {
  try {
    return await importOnce(ledger, kind, options);
  } catch (e) {
    // Another writer recorded some of these rows between the checks and the write (two imports of the same
    // file at once): checked again, they are "already present", as a re-import promises.
    if (!(e instanceof WriteRaceError)) throw e;
    try {
      return await importOnce(ledger, kind, options);
    } catch (again) {
      throw again instanceof WriteRaceError ? again.rejection : again;
    }
  }
}

/** The atomic write failed on a row that passed the checks: another writer changed the store meanwhile. */
class WriteRaceError extends Error {
  constructor(readonly rejection: ImportRejectedError) {
    super(rejection.message);
  }
}

async function importOnce(ledger: Ledger, kind: ImportKind, options: ImportCsvOptions): Promise<ImportSummary> {
  const spec = SPECS[kind];
  const skipInvalid = options.skipInvalid === true;
  const csv: CsvContent = options.json === true ? readJsonRows(options.bytes, spec.format) : readCsv(options.bytes, spec.format);
  if (csv.fileProblems.length > 0) throw new ImportRejectedError(options.file, [...csv.fileProblems, ...csv.rowProblems].sort(byLine), { fileLevel: true });

  const problems: InputProblem[] = [...csv.rowProblems];
  const rm = await ledger.readModels();
  const decider = spec.decider(rm);
  const streams = new Map<string, StreamView>();
  const view = async (streamId: string): Promise<StreamView> => {
    let v = streams.get(streamId);
    if (v === undefined) {
      let state = decider.initialState;
      const ids = new Map<string, unknown>();
      for await (const e of ledger.store.readStream(streamId)) {
        state = decider.evolve(state, e as unknown as DomainEvent);
        ids.set(e.id, e.data);
      }
      v = { state, ids, lines: [] };
      streams.set(streamId, v);
    }
    return v;
  };

  const firstLineOfKey = new Map<string, number>();
  const good: Candidate[] = [];
  let alreadyPresent = 0;
  const progress = options.progress;
  progress?.start(csv.rows.length, `checking ${kind}`);
  let done = 0;
  for (const row of csv.rows) {
    progress?.update(done++);
    const rowProblems: InputProblem[] = [];
    const key = rowKey(row, spec.format);
    if (!KEY_PATTERN.test(key) || key.length > MAX_KEY_LENGTH) {
      rowProblems.push({ line: row.line, field: 'key', code: 'invalid_key', message: `key ${quoted(key)} must be 1-${MAX_KEY_LENGTH} letters, digits and . _ : - (starting with a letter or digit)` });
      problems.push(...rowProblems);
      continue;
    }
    const first = firstLineOfKey.get(key);
    if (first !== undefined) {
      const derived = (row.values['key'] ?? '') === '';
      problems.push({
        line: row.line,
        field: 'key',
        code: 'duplicate_key',
        message: derived ? `same content as line ${first} (the derived key ${key} is used twice); remove the duplicate row or give each row its own key` : `key ${JSON.stringify(key)} is already used on line ${first}`,
      });
      continue;
    }
    firstLineOfKey.set(key, row.line);

    for (const f of spec.nonEmpty) if ((row.values[f] ?? '') === '') rowProblems.push({ line: row.line, field: f, code: 'required', message: 'must not be empty' });
    const { command, problems: conversion } = spec.toCommand(row, key, rm);
    rowProblems.push(...conversion);
    const flagged = new Set(rowProblems.map((p) => p.field));
    const keep = (ps: InputProblem[]) => ps.filter((p) => p.field === null || !flagged.has(p.field));

    const streamId = spec.streamIdOf(command, rm);
    const stream = await view(streamId);
    const eventId = importEventId(kind, key, 0);
    if (stream.ids.has(eventId)) {
      // imported before: the same row again is "already present"; a changed row under the same key is an error
      let same = false;
      if (rowProblems.length === 0) {
        try {
          const data = spec.eventData !== undefined ? spec.eventData(command) : decider.decide(command, decider.initialState)[0]?.data;
          same = data !== undefined && isDeepStrictEqual(normalise(data), normalise(stream.ids.get(eventId)));
        } catch {
          same = false;
        }
      }
      if (same) {
        alreadyPresent++;
        continue;
      }
      rowProblems.push({
        line: row.line,
        field: 'key',
        code: 'key_reused',
        message: `key ${JSON.stringify(key)} was imported before (event ${eventId}) with different content; an import never changes recorded data: give a new record a new key, or ${spec.correction}`,
      });
      problems.push(...rowProblems);
      continue;
    }

    try {
      const events = decider.decide(command, stream.state);
      if (rowProblems.length === 0) {
        for (const e of events) stream.state = decider.evolve(stream.state, e);
        stream.lines.push(row.line);
        good.push({ row, line: row.line, key, command });
      }
    } catch (e) {
      rowProblems.push(...keep(errorProblems(spec, row, command, e, stream.lines)));
    }
    problems.push(...rowProblems);
  }
  progress?.update(done);
  progress?.stop();

  problems.sort(byLine);
  if (problems.length > 0 && !skipInvalid) {
    const emptyRegister = rm.history.units.size === 0;
    throw new ImportRejectedError(options.file, problems, {
      details: { rows: csv.rows.length },
      ...(emptyRegister ? { hint: 'the administrative register is empty: load it with `ntm-antt load-units`, then import the file again' } : {}),
    });
  }

  // One atomic write. Should it still fail on a row (another writer, a key reused under another id), that row is reported.
  let batch = good;
  let appended = 0;
  for (;;) {
    if (batch.length === 0) break;
    try {
      const results = await ledger.executeAll(
        batch.map((c) => c.command as unknown as LedgerCommand),
        { eventIds: (i, k) => importEventId(kind, batch[i]!.key, k), ...(options.metadata === undefined ? {} : { metadata: options.metadata }) },
      );
      appended = results.reduce((n, r) => n + r.events.length, 0);
      break;
    } catch (e) {
      const index = failedIndex(e, batch, kind);
      if (index === undefined) throw e;
      const c = batch[index]!;
      const found =
        e instanceof EventIdConflictError
          ? [{ line: c.line, field: 'key', code: e.code, message: `key ${JSON.stringify(c.key)} was already used by an earlier import for another record (${e.message})` }]
          : errorProblems(spec, c.row, c.command, e, []);
      problems.push(...found);
      problems.sort(byLine);
      if (!skipInvalid) throw new WriteRaceError(new ImportRejectedError(options.file, problems, { details: { rows: csv.rows.length } }));
      batch = batch.filter((_, i) => i !== index);
    }
  }

  const skippedRows = new Set(problems.map((p) => p.line)).size;
  return { kind, file: options.file, rows: csv.rows.length, imported: batch.length, alreadyPresent, skippedRows, skipped: problems, eventsAppended: appended };
}

function failedIndex(e: unknown, batch: readonly Candidate[], kind: ImportKind): number | undefined {
  if (e instanceof EventIdConflictError) {
    const i = batch.findIndex((c) => e.eventId.startsWith(`${SPECS[kind].eventPrefix}-${c.key}-`) && /^\d+$/.test(e.eventId.slice(`${SPECS[kind].eventPrefix}-${c.key}-`.length)));
    return i < 0 ? undefined : i;
  }
  if (e instanceof DomainRuleError) {
    const i = e.details['commandIndex'];
    return typeof i === 'number' ? i : batch.length === 1 ? 0 : undefined;
  }
  if (e instanceof ValidationError) {
    const i = e.issues[0]?.path[1];
    return e.issues[0]?.path[0] === 'commands' && typeof i === 'number' ? i : batch.length === 1 ? 0 : undefined;
  }
  return undefined;
}

function byLine(a: InputProblem, b: InputProblem): number {
  return (a.line ?? 0) - (b.line ?? 0);
}

/**
 * One lineage fact given as column values (as in {@link LINEAGE_CSV}),
 * turned into its register command: the conversion the import uses, for a
 * fact typed on the command line.
 *
 * @example
 * ```ts
 * const { command, problems } = lineageCommand({ fact: 'receiver', code: '14827', date: '2019-12-01', receivers: '14821', evidence: 'secondary', source: 'https://…' }, rm);
 * ```
 */
export function lineageCommand(values: Readonly<Record<string, string>>, rm: ReadModels): { command: LedgerCommand; problems: InputProblem[] } {
  const row: CsvRow = { line: 0, values: Object.fromEntries(LINEAGE_CSV.columns.map((c) => [c, (values[c] ?? '').trim()])) };
  const problems: InputProblem[] = [];
  for (const f of lineage.nonEmpty) if ((row.values[f] ?? '') === '') problems.push({ line: null, field: f, code: 'required', message: 'must not be empty' });
  const converted = lineage.toCommand(row, '', rm);
  return { command: converted.command as unknown as LedgerCommand, problems: [...problems, ...converted.problems.map((p) => ({ ...p, line: null }))] };
}
