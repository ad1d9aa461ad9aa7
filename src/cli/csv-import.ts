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
import { recognitionDecider, recognitionStreamId } from '../domain/recognition/index.js';
import type { Ledger, LedgerCommand } from '../ledger.js';
import type { ReadModels } from '../projections/read-models.js';
import { readCsv, type CsvFormat, type CsvRow } from './csv-read.js';
import { ImportRejectedError, type InputProblem } from './errors.js';
import type { Progress } from './progress.js';

/** What can be imported. */
export type ImportKind = 'incidents' | 'recognitions';

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
  toCommand(row: CsvRow, key: string): Converted;
  streamIdOf(command: Record<string, unknown>): string;
  decider(rm: ReadModels): AnyDecider;
  /** The CSV column a command path (zod issue path) comes from. */
  fieldOfPath(path: ReadonlyArray<string | number>): string | null;
  /** The CSV column a domain rule is about. */
  fieldOfRule(code: string): string | null;
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

const SPECS: Record<ImportKind, ImportSpec> = { incidents, recognitions };

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
    return [{ line: row.line, field: spec.fieldOfRule(e.code), code: e.code, message: `${e.message.replace(/^command \d+: /, '')}${also}` }];
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
  const spec = SPECS[kind];
  const skipInvalid = options.skipInvalid === true;
  const csv = readCsv(options.bytes, spec.format);
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
    const { command, problems: conversion } = spec.toCommand(row, key);
    rowProblems.push(...conversion);
    const flagged = new Set(rowProblems.map((p) => p.field));
    const keep = (ps: InputProblem[]) => ps.filter((p) => p.field === null || !flagged.has(p.field));

    const streamId = spec.streamIdOf(command);
    const stream = await view(streamId);
    const eventId = importEventId(kind, key, 0);
    if (stream.ids.has(eventId)) {
      // imported before: the same row again is "already present"; a changed row under the same key is an error
      let same = false;
      if (rowProblems.length === 0) {
        try {
          const [e] = decider.decide(command, decider.initialState);
          same = e !== undefined && isDeepStrictEqual(normalise(e.data), normalise(stream.ids.get(eventId)));
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
      if (!skipInvalid) throw new ImportRejectedError(options.file, problems, { details: { rows: csv.rows.length } });
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
