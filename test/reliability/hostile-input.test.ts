// Issue #7, hostile input: generated inputs (fast-check) at three entry points — store.append (SQLite and memory,
// with and without an event registry), ledger commands through ledger.execute, and CSV rows through the import —
// with wrong types, huge strings and arrays, deep nesting, own __proto__/constructor/prototype keys, names of
// Object.prototype members, SQL-looking strings, control characters, lone surrogates and impossible dates.
// Each input is either refused with a typed error that names the field, leaving the store exactly as it was
// (SHA-256 of the readAll serialisation), or accepted and read back verbatim; no input pollutes a prototype.
// NTM_ANTT_FUZZ_RUNS sets the runs per entry point (default 1,000; 10,000 with NTM_ANTT_SLOW=1).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUtf8 } from 'node:buffer';
import { join } from 'node:path';
import { memoryStore } from '../../adapters/memory/index.js';
import { sqliteStore } from '../../adapters/sqlite/index.js';
import { ImportRejectedError } from '../../src/cli/errors.js';
import { importCsv, INCIDENT_CSV } from '../../src/cli/csv-import.js';
import {
  CRITERIA_ERROR_CODES,
  FACT_ERROR_CODES,
  INCIDENT_ERROR_CODES,
  KEY_COMPLEX_ERROR_CODES,
  LOCALITY_ERROR_CODES,
  PLAN_ERROR_CODES,
  RECOGNITION_ERROR_CODES,
} from '../../src/domain/index.js';
import { checkJson, ConcurrencyError, DomainRuleError, EventIdConflictError, NtmAnttError, ValidationError, type EventStore, type ValidationIssue } from '../../src/kernel/index.js';
import { Ledger, ledgerEvents, type LedgerCommand } from '../../src/ledger.js';
import { reliabilityEvents } from './fixtures/events.js';
import { ALWAYS_INVALID, describeValue, hostile, SQL_STRINGS, type Hostile } from './hostile.js';
import { SEED, SLOW, envInt, figure, globalsSnapshot, storeFingerprint, tempDir } from './support.js';

const RUNS = envInt('NTM_ANTT_FUZZ_RUNS', SLOW ? 10_000 : 1_000);
const tmp = tempDir('ntm-hostile-');
afterAll(() => tmp.cleanup());
const GLOBALS = globalsSnapshot();

type Path = ReadonlyArray<string | number>;
type Verdict = 'yes' | 'no' | 'maybe';

const startsWith = (path: Path, prefix: Path) => prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** An issue that names the field at `slot`: at it or under it, or at its parent and naming its key. */
function namesField(issues: readonly ValidationIssue[], slot: Path, eventPath?: Path): boolean {
  const key = slot[slot.length - 1];
  return issues.some(
    (i) =>
      startsWith(i.path, slot) ||
      (startsWith(slot, i.path) && typeof key === 'string' && (i.message.includes(key) || i.message.includes(JSON.stringify(key).slice(1, -1)))) ||
      // the size limit is per event: it names the event
      (i.code === 'too_large' && eventPath !== undefined && startsWith(slot, eventPath) && startsWith(i.path, eventPath)),
  );
}

const isIdentifier = (v: unknown, max: number): boolean =>
  typeof v === 'string' && v.length > 0 && v.length <= max && !/[\u0000-\u001f\u007f-\u009f]/.test(v) && !LONE.test(v) && v.trim() === v; // eslint-disable-line no-control-regex

function jsonClean(v: unknown): boolean {
  const issues: ValidationIssue[] = [];
  checkJson(v, [], issues);
  return issues.length === 0;
}

const KNOWN_RULE_CODES = new Set<string>([
  ...INCIDENT_ERROR_CODES,
  ...LOCALITY_ERROR_CODES,
  ...RECOGNITION_ERROR_CODES,
  ...PLAN_ERROR_CODES,
  ...CRITERIA_ERROR_CODES,
  ...FACT_ERROR_CODES,
  ...KEY_COMPLEX_ERROR_CODES,
]);

/** Puts `value` at `path` in a fresh copy of `base` (or deletes it when `value` is the DELETE marker). */
const DELETE = Symbol('delete');
function withValue(base: Record<string, unknown>, path: Path, value: unknown): Record<string, unknown> {
  const root = structuredClone(base);
  let node: Record<string | number, unknown> = root;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === DELETE) delete node[last];
  // defineProperty, not assignment: a key named __proto__ becomes an own key, as JSON.parse would make it
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  return root;
}

// ---------------------------------------------------------------------------------------------- store.append

interface AppendSlot {
  readonly name: string;
  /** Where the hostile value goes, in the `{ streamId, events, expectedVersion }` shape the validator reports. */
  readonly path: Path;
  /** Whether the slot accepts the value, with and without a registry (`maybe`: it depends, e.g. on the size). */
  accepts(value: unknown, registry: boolean): Verdict;
}

const sized = (ok: boolean): Verdict => (ok ? 'maybe' : 'no'); // within 1 MiB or not: the oracle leaves it to the store

const APPEND_SLOTS: readonly AppendSlot[] = [
  { name: 'streamId', path: ['streamId'], accepts: (v) => (isIdentifier(v, 256) ? 'yes' : 'no') },
  { name: 'events', path: ['events'], accepts: (v) => (Array.isArray(v) && v.length === 0 ? 'yes' : 'no') },
  { name: 'events[0]', path: ['events', 0], accepts: () => 'no' },
  { name: 'type', path: ['events', 0, 'type'], accepts: (v, registry) => (registry ? 'no' : isIdentifier(v, 200) ? 'yes' : 'no') },
  { name: 'id', path: ['events', 0, 'id'], accepts: (v) => (v === undefined || isIdentifier(v, 128) ? 'maybe' : 'no') }, // maybe: an id used before is a conflict
  { name: 'data', path: ['events', 0, 'data'], accepts: (v, registry) => (registry ? 'no' : typeof v === 'object' && v !== null && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) ? sized(jsonClean(v)) : 'no') },
  { name: 'data.batch', path: ['events', 0, 'data', 'batch'], accepts: (v, registry) => (typeof v === 'string' ? sized(!registry || v.length > 0) : registry ? 'no' : v === undefined ? 'maybe' : sized(jsonClean(v))) },
  { name: 'data.writer', path: ['events', 0, 'data', 'writer'], accepts: (v, registry) => (typeof v === 'string' ? 'maybe' : registry ? 'no' : v === undefined ? 'maybe' : sized(jsonClean(v))) },
  { name: 'data.index', path: ['events', 0, 'data', 'index'], accepts: (v, registry) => (registry ? (Number.isSafeInteger(v) && (v as number) >= 0 ? 'yes' : 'no') : v === undefined ? 'maybe' : sized(jsonClean(v))) },
  { name: 'data.<extra key>', path: ['events', 0, 'data', '__extra__'], accepts: (v, registry) => (registry ? (v === undefined ? 'maybe' : 'no') : v === undefined ? 'maybe' : sized(jsonClean(v))) },
  { name: 'metadata', path: ['events', 0, 'metadata'], accepts: (v) => (v === undefined ? 'yes' : typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype ? sized(jsonClean(v)) : 'no') },
  { name: 'metadata.note', path: ['events', 0, 'metadata', 'note'], accepts: (v) => (v === undefined ? 'maybe' : sized(jsonClean(v))) },
  { name: 'schemaVersion', path: ['events', 0, 'schemaVersion'], accepts: (v, registry) => (v === undefined || v === 1 ? 'yes' : registry ? 'no' : Number.isSafeInteger(v) && (v as number) >= 1 ? 'yes' : 'no') },
  { name: 'expectedVersion', path: ['expectedVersion'], accepts: (v) => (v === undefined || v === 'any' ? 'yes' : v === 'no_stream' || v === 'stream_exists' || (Number.isSafeInteger(v) && (v as number) >= 0) ? 'maybe' : 'no') },
];

/** Keys for the extra-key slot: own __proto__ (via defineProperty), Object.prototype names, SQL, control characters. */
const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', "'; DROP TABLE events; --", 'a\u0000b', 'k\ud800', '', ' '] as const;

interface AppendInput {
  readonly slot: AppendSlot;
  readonly hostile: Hostile;
  readonly extraKey: string;
}

function appendCall(input: AppendInput, n: number): { streamId: unknown; events: unknown; options: { expectedVersion?: unknown }; value: unknown; slotPath: Path } {
  const value = input.hostile.make();
  const base = {
    streamId: 's-1',
    events: [{ type: 'Marked', id: `fuzz-${n}`, data: { batch: `b-${n}`, index: 0, size: 1, writer: 'w', pad: 'p' }, metadata: { actor: 'fuzz' } }],
    expectedVersion: 'any',
  };
  const slotPath = input.slot.name === 'data.<extra key>' ? ['events', 0, 'data', input.extraKey] : input.slot.path;
  const call = withValue(base as unknown as Record<string, unknown>, slotPath, value);
  const options = Object.prototype.hasOwnProperty.call(call, 'expectedVersion') ? { expectedVersion: call['expectedVersion'] } : {};
  return { streamId: call['streamId'], events: call['events'], options, value, slotPath };
}

type Outcome = { ok: true; appended: number } | { ok: false; error: unknown };

async function tryAppend(store: EventStore, call: ReturnType<typeof appendCall>): Promise<Outcome> {
  try {
    const r = await store.append(call.streamId as string, call.events as never, call.options as never);
    return { ok: true, appended: r.firstPosition === null ? 0 : r.lastPosition! - r.firstPosition + 1 };
  } catch (error) {
    return { ok: false, error };
  }
}

function errorSummary(o: Outcome): string {
  if (o.ok) return `ok ${o.appended}`;
  const e = o.error as NtmAnttError;
  return e instanceof ValidationError ? `${e.code} ${e.issues.map((i) => `${i.path.join('.')}:${i.code}`).join(',')}` : `${e.name} ${e.code}`;
}

describe('hostile input', { timeout: 600_000 }, () => {
  it(`store.append: ${RUNS} generated calls on SQLite and memory stores with a registry, and ${RUNS} on a SQLite store without one`, async () => {
    const started = Date.now();
    // Fresh stores every 25 calls keep the fingerprints cheap (accepted payloads may be near 1 MiB each).
    let generation = 0;
    let withRegistry: EventStore[] = [];
    let withoutRegistry: EventStore | undefined;
    const rotate = async (): Promise<void> => {
      for (const s of [...withRegistry, ...(withoutRegistry === undefined ? [] : [withoutRegistry])]) await s.close();
      generation++;
      withRegistry = [sqliteStore(join(tmp.dir, `append-registry-${generation}.db`), { events: reliabilityEvents }), memoryStore({ events: reliabilityEvents })];
      withoutRegistry = sqliteStore(join(tmp.dir, `append-any-${generation}.db`));
      // a little history, so that "unchanged" is not "empty"
      for (const st of [...withRegistry, withoutRegistry]) await st.append('s-1', [{ type: 'Marked', id: `seed-${generation}`, data: { batch: 'seed', index: 0, size: 1, writer: 'w', pad: '' } }]);
    };
    await rotate();
    const tally = { refused: 0, accepted: 0, sqlVerbatim: 0, conflicts: 0 };
    const categories = new Map<string, number>();
    let n = 0;

    const check = async (stores: EventStore[], registry: boolean, input: AppendInput): Promise<void> => {
      n++;
      const outcomes: Outcome[] = [];
      for (const store of stores) {
        const call = appendCall(input, n);
        const before = await storeFingerprint(store);
        const headBefore = await store.headPosition();
        const outcome = await tryAppend(store, call);
        outcomes.push(outcome);
        const what = `${input.slot.name} = ${input.hostile.label}${input.slot.name === 'data.<extra key>' ? ` under key ${JSON.stringify(input.extraKey)}` : ''} (${store.adapter}, registry ${registry})`;
        const verdict = input.slot.accepts(call.value, registry);
        expect(globalsSnapshot(), `${what}: a prototype or built-in was modified`).toBe(GLOBALS);
        if (!outcome.ok) {
          const e = outcome.error;
          expect(e, `${what}: untyped error ${String(e)}`).toBeInstanceOf(NtmAnttError);
          expect(verdict, `${what}: refused (${errorSummary(outcome)}) but the value is valid there`).not.toBe('yes');
          if (e instanceof ValidationError) expect(namesField(e.issues, call.slotPath, ['events', 0]), `${what}: the error does not name the field: ${e.message.slice(0, 300)}`).toBe(true);
          else if (e instanceof ConcurrencyError) expect(input.slot.name).toBe('expectedVersion');
          else if (e instanceof EventIdConflictError) expect(input.slot.name).toBe('id');
          else throw new Error(`${what}: unexpected ${(e as NtmAnttError).code}`);
          expect(await storeFingerprint(store), `${what}: a refused append changed the store`).toBe(before);
        } else {
          expect(verdict, `${what}: accepted but the value is invalid there`).not.toBe('no');
          // read back verbatim: the last event of the stream is the one written
          if (outcome.appended > 0) {
            expect(await store.headPosition()).toBe(headBefore + outcome.appended);
            const sid = call.streamId as string;
            let last: unknown;
            for await (const e of store.readStream(sid, { direction: 'backward', limit: 1, raw: true })) last = e;
            const written = (call.events as Array<{ data: unknown; type: unknown; id?: unknown }>)[0]!;
            expect((last as { data: unknown }).data, `${what}: read back`).toEqual(JSON.parse(JSON.stringify(written.data)) as unknown);
            expect((last as { type: unknown }).type).toBe(written.type);
            if (typeof call.value === 'string' && (SQL_STRINGS as readonly string[]).includes(call.value)) tally.sqlVerbatim++;
          } else expect(await storeFingerprint(store)).toBe(before);
        }
      }
      // the memory store (the reference) and the SQLite store agree
      if (outcomes.length === 2 && input.slot.name !== 'id') expect(errorSummary(outcomes[0]!), `${input.slot.name} = ${input.hostile.label}: adapters disagree`).toBe(errorSummary(outcomes[1]!));
      for (const o of outcomes) {
        if (o.ok) tally.accepted++;
        else tally.refused++;
        if (!o.ok && (o.error instanceof ConcurrencyError || o.error instanceof EventIdConflictError)) tally.conflicts++;
      }
      categories.set(input.hostile.category, (categories.get(input.hostile.category) ?? 0) + 1);
    };

    const arbitrary = fc.record({ slot: fc.constantFrom(...APPEND_SLOTS), hostile: hostile(), extraKey: fc.constantFrom(...EXTRA_KEYS) });
    const every25 = async (): Promise<void> => {
      if (n % 25 === 0) await rotate();
    };
    await fc.assert(
      fc.asyncProperty(arbitrary, async (input) => {
        await every25();
        await check(withRegistry, true, input);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    await fc.assert(
      fc.asyncProperty(arbitrary, async (input) => {
        await every25();
        await check([withoutRegistry!], false, input);
      }),
      { numRuns: RUNS, seed: SEED + 1, endOnFailure: true },
    );
    for (const s of [...withRegistry, withoutRegistry!]) await s.close();
    figure(
      `fuzz store.append: ${2 * RUNS} generated calls (${RUNS} on SQLite + memory with a registry, ${RUNS} on SQLite without), ${tally.refused} refused with a typed error naming the field and the store unchanged, ` +
        `${tally.accepted} accepted and read back verbatim (${tally.sqlVerbatim} SQL-looking strings), memory and SQLite outcomes identical; categories ${[...categories].map(([k, v]) => `${k} ${v}`).join(', ')}; ` +
        `no prototype or built-in modified; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });

  it('append with options that are not an object (null, a number, a string): a ValidationError at `options`, nothing written (was defect D1)', async () => {
    for (const store of [memoryStore(), sqliteStore(':memory:')]) {
      for (const options of [null, 5, 'no_stream', [1]]) {
        const e = await store.append('s', [{ type: 'T', data: {} }], options as never).then(
          () => undefined,
          (x: unknown) => x,
        );
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).issues.map((i) => i.path)).toEqual([['options']]);
      }
      for (const options of [null, 7]) {
        const e = await (async () => {
          for await (const x of store.readAll(options as never)) void x;
        })().then(
          () => undefined,
          (x: unknown) => x,
        );
        expect(e).toBeInstanceOf(ValidationError);
      }
      expect(await store.headPosition()).toBe(0);
      await store.close();
    }
  });
});

// ------------------------------------------------------------------------------------------- ledger.execute

interface CommandTemplate {
  readonly type: string;
  make(n: number): Record<string, unknown>;
  /** What each field accepts. */
  readonly fields: Readonly<Record<string, FieldKind>>;
  /** Fields the ledger routes on (a malformed value is a ValidationError naming it, an unknown one a documented rule naming it). */
  readonly routedOn?: readonly string[];
}

type FieldKind = 'code' | 'date' | 'text' | 'name' | 'legal-basis' | 'labels' | 'severity' | 'casualties' | 'year' | 'object' | 'count' | 'type';

const CODE = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const realDate = (v: unknown) => {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const t = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v;
};
const textOk = (v: unknown, max: number) => typeof v === 'string' && v.length <= max && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v) && !LONE.test(v); // eslint-disable-line no-control-regex

function fieldAccepts(kind: FieldKind, v: unknown, optional: boolean): Verdict {
  if (v === undefined) return optional ? 'maybe' : 'no';
  switch (kind) {
    case 'code':
      return typeof v === 'string' && v.length <= 64 && CODE.test(v) ? 'maybe' : 'no';
    case 'date':
      return realDate(v) ? 'maybe' : 'no';
    case 'text':
      return textOk(v, 4000) ? 'maybe' : 'no';
    case 'name':
      return textOk(v, 4000) && (v as string).trim().length >= 1 && (v as string).trim().length <= 200 ? 'maybe' : 'no';
    case 'legal-basis':
      // LegalBasis: one line of text, trimmed, 1-500 characters, no control characters (tabs and newlines included)
      return typeof v === 'string' && v.trim().length >= 1 && v.trim().length <= 500 && !/[\u0000-\u001f\u007f]/.test(v.trim()) && !LONE.test(v) ? 'maybe' : 'no'; // eslint-disable-line no-control-regex
    case 'year':
      return Number.isSafeInteger(v) && (v as number) >= 1900 && (v as number) <= 2100 ? 'maybe' : 'no';
    case 'count':
      return Number.isSafeInteger(v) && (v as number) >= 0 ? 'maybe' : 'no';
    default:
      return 'no'; // labels, severity, casualties, objects and the type: no hostile value is one
  }
}

describe('hostile input: ledger commands', { timeout: 600_000 }, () => {
  let ledger: Ledger;
  let renameable: string;
  beforeAll(async () => {
    ledger = await Ledger.open(memoryStore({ events: ledgerEvents }), { actor: 'fuzz' });
    await ledger.loadThanhHoaRegister();
    await ledger.publishBuiltInCriteria();
    renameable = (await ledger.hierarchyAt('2025-08-01')).ofLevel('commune')[0]!.code;
  });

  it(`ledger.execute: ${RUNS} generated commands`, async () => {
    const started = Date.now();
    const templates: readonly CommandTemplate[] = [
      {
        type: 'RecordIncident',
        make: (n) => ({ type: 'RecordIncident', incidentId: `fz-${n}`, localityCode: '14755', occurredOn: '2024-03-02', reportedOn: '2024-03-03', labels: ['crime.social-order'], severity: 'serious', casualties: { deaths: 0, injuries: 1 }, description: 'x', externalRef: `ref-${n}` }),
        fields: { type: 'type', incidentId: 'code', localityCode: 'code', residentialAreaCode: 'code', occurredOn: 'date', reportedOn: 'date', labels: 'labels', 'labels.0': 'labels', severity: 'severity', casualties: 'casualties', 'casualties.deaths': 'count', description: 'text', externalRef: 'text' },
      },
      {
        type: 'RecogniseStandard',
        make: (n) => ({ type: 'RecogniseStandard', recognitionId: `fz-r-${n}`, localityCode: '14824', standard: 'antt-safe-commune:art5', period: { fromYear: 2021 + (n % 4), toYear: 2021 + (n % 4) }, decision: { number: `${n}/QĐ-UBND`, date: '2025-06-20', authority: 'UBND tỉnh Thanh Hóa' } }),
        fields: { type: 'type', recognitionId: 'code', localityCode: 'code', standard: 'code', period: 'object', 'period.fromYear': 'year', decision: 'object', 'decision.number': 'name', 'decision.date': 'date', 'decision.authority': 'name' },
      },
      {
        type: 'AdoptPlan',
        make: (n) => ({ type: 'AdoptPlan', planId: `fz-plan-${n}`, title: { vi: 'Kế hoạch' }, legalBasis: '926/QĐ-TTg', issuer: 'UBND tỉnh', provinceCode: '38', period: { fromYear: 2022, toYear: 2025 }, baselineYear: 2019, adoptedOn: '2022-10-01' }),
        fields: { type: 'type', planId: 'code', title: 'object', 'title.vi': 'name', legalBasis: 'legal-basis', issuer: 'name', provinceCode: 'code', period: 'object', 'period.toYear': 'year', baselineYear: 'year', adoptedOn: 'date' },
      },
      {
        type: 'RenameLocality',
        make: (n) => ({ type: 'RenameLocality', code: renameable, name: `Tên mới ${n}`, effectiveDate: '2025-09-01', legalBasis: '12/NQ-HĐND' }),
        fields: { type: 'type', code: 'code', name: 'name', effectiveDate: 'date', legalBasis: 'legal-basis', note: 'text' },
        routedOn: ['code'],
      },
    ];
    const OPTIONAL = new Set(['residentialAreaCode', 'severity', 'casualties', 'description', 'externalRef', 'toYear', 'note', 'title.en']);
    const tally = { refused: 0, accepted: 0, ruleErrors: 0, sqlVerbatim: 0 };
    let n = 0;
    const arbitrary = fc.record({
      template: fc.constantFrom(...templates),
      mutation: fc.constantFrom('replace', 'replace', 'replace', 'extra-key', 'delete', 'whole'),
      pick: fc.nat(),
      hostile: hostile(),
      extraKey: fc.constantFrom(...EXTRA_KEYS),
    });
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ template, mutation, pick, hostile: h, extraKey }) => {
        n++;
        const base = template.make(n);
        const fields = Object.keys(template.fields);
        const field = fields[pick % fields.length]!;
        const path: Path = field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
        const value = h.make();
        let command: unknown;
        let slot: Path;
        let verdict: Verdict;
        if (mutation === 'whole') {
          command = value;
          slot = [];
          verdict = 'no';
        } else if (mutation === 'extra-key') {
          command = withValue(base, [extraKey], value);
          slot = [extraKey];
          verdict = value === undefined ? 'maybe' : 'no';
        } else if (mutation === 'delete') {
          command = withValue(base, path, DELETE);
          slot = path;
          verdict = OPTIONAL.has(String(path[path.length - 1])) ? 'maybe' : 'no';
        } else {
          command = withValue(base, path, value);
          slot = path;
          verdict = fieldAccepts(template.fields[field]!, value, OPTIONAL.has(String(path[path.length - 1])));
          if (ALWAYS_INVALID.has(h.category)) verdict = 'no';
        }
        const what = `${template.type}: ${mutation} ${mutation === 'extra-key' ? JSON.stringify(extraKey) : field} = ${h.label}`;
        const before = await storeFingerprint(ledger.store);
        let error: unknown;
        let result: Awaited<ReturnType<Ledger['execute']>> | undefined;
        try {
          result = await ledger.execute(command as LedgerCommand);
        } catch (e) {
          error = e;
        }
        expect(globalsSnapshot(), `${what}: a prototype or built-in was modified`).toBe(GLOBALS);
        if (error !== undefined) {
          if (!(error instanceof NtmAnttError)) expect.fail(`${what}: untyped error ${String(error)}`);
          if (error instanceof ValidationError) {
            expect(namesField(error.issues, slot), `${what}: the error does not name the field: ${error.message.slice(0, 300)}`).toBe(true);
          } else if (error instanceof DomainRuleError) {
            expect(verdict, `${what}: rule ${error.code} for a value that the schema refuses`).not.toBe('no');
            expect(KNOWN_RULE_CODES.has(error.code), `${what}: undocumented rule code ${error.code}`).toBe(true);
            tally.ruleErrors++;
          } else throw new Error(`${what}: unexpected ${(error as NtmAnttError).code}: ${(error as Error).message}`);
          expect(await storeFingerprint(ledger.store), `${what}: a refused command changed the store`).toBe(before);
          tally.refused++;
        } else {
          expect(verdict, `${what}: accepted but the value (${describeValue(value)}) is invalid there`).not.toBe('no');
          tally.accepted++;
          // the value is recorded verbatim (Name and LegalBasis trim surrounding spaces by design)
          if (mutation === 'replace' && typeof value === 'string' && result!.events.length > 0) {
            let stored: unknown = result!.events[0]!.data;
            for (const p of path) stored = (stored as Record<string | number, unknown> | undefined)?.[p];
            if (stored !== undefined) expect([value, value.trim()], `${what}: stored ${describeValue(stored)}`).toContain(stored);
            let last: { data: unknown } | undefined;
            for await (const e of ledger.store.readStream(result!.streamId, { direction: 'backward', limit: 1 })) last = e;
            expect(last?.data).toEqual(result!.events[result!.events.length - 1]!.data);
            if ((SQL_STRINGS as readonly string[]).includes(value)) tally.sqlVerbatim++;
          }
        }
      }),
      { numRuns: RUNS, seed: SEED + 2, endOnFailure: true },
    );
    figure(
      `fuzz ledger.execute: ${RUNS} generated commands (RecordIncident, RecogniseStandard, AdoptPlan, RenameLocality; a field replaced, deleted or added, or the whole command), ` +
        `${tally.refused} refused with a typed error and the store unchanged (${tally.ruleErrors} by a documented domain rule, the others naming the field), ` +
        `${tally.accepted} accepted and recorded verbatim (${tally.sqlVerbatim} SQL-looking strings); no prototype or built-in modified; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });

  it('a legal basis with control characters or lone surrogates is refused (was defect D7)', async () => {
    for (const legalBasis of ['12/NQ\u0000', '12/NQ\u001b[31m', '12/NQ\ud800']) {
      const e = await ledger.execute({ type: 'AdoptPlan', planId: `d8-${legalBasis.length}-${legalBasis.charCodeAt(5)}`, title: { vi: 'Kế hoạch' }, legalBasis, issuer: 'UBND tỉnh', provinceCode: '38', period: { fromYear: 2022, toYear: 2025 }, baselineYear: 2019, adoptedOn: '2022-10-01' } as never).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(ValidationError);
    }
  });

  it('a command whose type is a BigInt, a cycle or deeply nested gets a ValidationError (was defect D8)', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5_000; i++) deep = [deep];
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    for (const type of [10n, cycle, deep]) {
      const e = await ledger.execute({ type } as never).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(ValidationError);
    }
  });

  it('ledger.execute(null) and ledger.execute(undefined) get a ValidationError (was defect D2)', async () => {
    for (const c of [null, undefined]) {
      const e = await ledger.execute(c as never).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(ValidationError);
    }
  });

  it('a locality command with a malformed code gets a ValidationError naming `code`, not province_not_found (was defect D3)', async () => {
    const e = await ledger.execute({ type: 'RenameLocality', code: 42, name: 'X', effectiveDate: '2025-09-01', legalBasis: '1/NQ' } as never).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).issues.map((i) => i.path)).toContainEqual(['code']);
  });

  it('a unit whose code is an Object.prototype member (toString, constructor, …) works like any other, and nothing global changes (was defect D6)', async () => {
    const before = globalsSnapshot();
    const district = (await ledger.hierarchyAt('2024-01-01')).ofLevel('district')[0]!.code;
    const problems: string[] = [];
    for (const code of ['constructor', 'hasOwnProperty', 'toString', 'valueOf']) {
      await ledger.execute({ type: 'EstablishLocality', code, name: `Xã ${code}`, kind: 'xa', parentCode: district, effectiveDate: '2023-01-01', legalBasis: 'test' } as never);
      await ledger.execute({ type: 'RecordIncident', incidentId: `d7-${code}`, localityCode: code, occurredOn: '2024-03-02', reportedOn: '2024-03-03', labels: ['mass-complaint'] } as never);
      await ledger.execute({ type: 'ResolveDisputeAtGrassroots', incidentId: `d7-${code}`, resolvedOn: '2024-04-01' } as never);
      await ledger.execute({ type: 'RecogniseStandard', recognitionId: `d7-r-${code}`, localityCode: code, standard: 'commune-standard-2021:19.2', period: { fromYear: 2024 }, decision: { number: '1/QĐ', date: '2024-12-20', authority: 'UBND' } } as never);
      try {
        await ledger.attainment({ locality: code, standard: 'commune-standard-2021:19.2', year: 2024 });
      } catch (e) {
        problems.push(`attainment(${code}): ${String(e)}`);
      }
    }
    if (globalsSnapshot() !== before) problems.push('a built-in was modified');
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------- CSV import

const CSV_COLUMNS = INCIDENT_CSV.columns;

function csvField(v: string): string {
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

describe('hostile input: CSV rows', { timeout: 600_000 }, () => {
  it(`import incidents (the CLI's importCsv): ${RUNS} generated files`, async () => {
    const started = Date.now();
    const ledger = await Ledger.open(memoryStore({ events: ledgerEvents }), { actor: 'fuzz' });
    await ledger.loadThanhHoaRegister();
    const tally = { rejected: 0, imported: 0, sqlVerbatim: 0, fileLevel: 0 };
    let n = 0;
    const stringHostile = hostile().filter((x) => typeof x.make() === 'string' || x.category === 'huge-array' || x.category === 'number-edge');
    const arbitrary = fc.record({
      column: fc.constantFrom(...CSV_COLUMNS),
      hostile: stringHostile,
      rowsBefore: fc.integer({ min: 0, max: 3 }),
      rowsAfter: fc.integer({ min: 0, max: 2 }),
      encoding: fc.constantFrom('utf8', 'utf8', 'utf8', 'utf8', 'bom', 'raw-surrogate', 'latin1'),
      header: fc.constantFrom('plain', 'plain', 'plain', 'plain', 'upper', 'hostile-column'),
    });
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ column, hostile: h, rowsBefore, rowsAfter, encoding, header }) => {
        n++;
        const made = h.make();
        const value = Array.isArray(made) ? made.join(';') : String(made);
        const row = (i: number, override?: string): string => {
          const v: Record<string, string> = { key: `f${n}-${i}`, incident_id: '', locality_code: ['14755', '14758', '14824'][i % 3]!, residential_area_code: '', occurred_on: '2024-03-02', reported_on: '2024-03-03', labels: 'crime.social-order', severity: '', deaths: '', injuries: '', description: `row ${i}` };
          if (override !== undefined) v[column] = override;
          return CSV_COLUMNS.map((c) => csvField(v[c]!)).join(',');
        };
        const hostileLine = 2 + rowsBefore;
        const head = header === 'upper' ? CSV_COLUMNS.join(',').toUpperCase() : header === 'hostile-column' ? `${CSV_COLUMNS.join(',')},${csvField(value)}` : CSV_COLUMNS.join(',');
        const lines = [head, ...Array.from({ length: rowsBefore }, (_, i) => row(i)), row(rowsBefore, value), ...Array.from({ length: rowsAfter }, (_, i) => row(rowsBefore + 1 + i))];
        let text = `${lines.join('\n')}\n`;
        if (header === 'hostile-column') text = text.replace(/\n/g, ',\n').replace(/^([^\n]*),\n/, '$1\n'); // an empty value for the extra column
        let bytes: Buffer = Buffer.from(text, 'utf8'); // a lone surrogate becomes U+FFFD here, as in any UTF-8 file
        if (encoding === 'bom') bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
        if (encoding === 'latin1') bytes = Buffer.from(`${text}x,,14755,,2024-03-02,2024-03-03,crime.social-order,,,,hàng đầu\n`, 'latin1');
        if (encoding === 'raw-surrogate') bytes = Buffer.concat([bytes, Buffer.from([0xed, 0xa0, 0x80, 0x0a])]); // CESU-8 of a lone surrogate
        const utf8 = isUtf8(bytes);
        const what = `column ${column} = ${h.label} (line ${hostileLine}, ${encoding}, header ${header})`;

        const before = await storeFingerprint(ledger.store);
        let error: unknown;
        let summary: Awaited<ReturnType<typeof importCsv>> | undefined;
        try {
          summary = await importCsv(ledger, 'incidents', { file: `fuzz-${n}.csv`, bytes });
        } catch (e) {
          error = e;
        }
        expect(globalsSnapshot(), `${what}: a prototype or built-in was modified`).toBe(GLOBALS);
        if (error !== undefined) {
          if (!(error instanceof ImportRejectedError)) expect.fail(`${what}: ${String(error)}`);
          const problems = (error as ImportRejectedError).problems;
          expect((error as ImportRejectedError).code).toBe('import_rejected');
          // a file problem: the header's, or an encoding that is not UTF-8 (it names the line of its first bad byte)
          const fileLevel = problems.some((p) => p.line === null || p.line === 1 || p.code === 'not_utf8');
          if (!utf8) expect(problems.map((p) => p.code), what).toContain('not_utf8');
          if (fileLevel) tally.fileLevel++;
          else {
            // the hostile row is named, with its column (a value that breaks the row's shape names the row)
            const named = problems.some((p) => p.line === hostileLine && (p.field === column || p.field === null || (column === 'deaths' && p.field === 'injuries')));
            if (!named) expect.fail(`${what}: problems ${JSON.stringify(problems.slice(0, 10)).slice(0, 600)}`);
          }
          expect(await storeFingerprint(ledger.store), `${what}: a rejected file changed the store`).toBe(before);
          tally.rejected++;
        } else {
          expect(summary!.imported, what).toBe(rowsBefore + rowsAfter + 1);
          expect(utf8, `${what}: a file that is not UTF-8 was imported`).toBe(true);
          tally.imported++;
          if (column === 'description') {
            const expected = Buffer.from(value, 'utf8').toString('utf8').trim();
            for await (const e of ledger.store.readStream(`incident-csv-f${n}-${rowsBefore}`)) {
              expect((e.data as { description?: string }).description, what).toBe(expected === '' ? undefined : expected);
            }
            if ((SQL_STRINGS as readonly string[]).includes(value)) tally.sqlVerbatim++;
          }
        }
      }),
      { numRuns: RUNS, seed: SEED + 3, endOnFailure: true },
    );
    figure(
      `fuzz CSV import: ${RUNS} generated files (1-6 rows, one hostile value in a random column or an extra hostile column; BOM, Latin-1 and CESU-8 variants), ` +
        `${tally.rejected} rejected whole with the line and column named and the store unchanged (${tally.fileLevel} as problems of the whole file), ` +
        `${tally.imported} imported whole (${tally.sqlVerbatim} SQL-looking descriptions read back verbatim); no prototype or built-in modified; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });
});
