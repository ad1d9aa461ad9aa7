/**
 * Reading an import CSV (csv-parse): UTF-8 with an optional BOM, comma
 * separated (or semicolon, as Excel writes it under a Vietnamese locale),
 * RFC 4180 quotes, a header row. Every structural problem is
 * collected (not only the first), each with its line number, the header
 * being line 1.
 *
 * @module
 */
import { parse, type CsvError, type Info } from 'csv-parse/sync';
import type { InputProblem } from './errors.js';

/** The columns a CSV format knows, and those it requires in the header. */
export interface CsvFormat {
  /** Every known column, in the documented order. */
  readonly columns: readonly string[];
  /** Columns the header must have. */
  readonly required: readonly string[];
}

/** One data row: its line and its values by column (trimmed; missing columns are `''`). */
export interface CsvRow {
  /** Line of the row's first character (the header is line 1). */
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

/** What {@link readCsv} found. */
export interface CsvContent {
  /** Header columns as written (trimmed, lower-cased). */
  readonly header: readonly string[];
  /** Rows that could be split into fields (rows of only empty fields are dropped). */
  readonly rows: readonly CsvRow[];
  /** Problems of single rows (wrong number of fields): they can be skipped. */
  readonly rowProblems: readonly InputProblem[];
  /** Problems of the whole file (not UTF-8, empty, bad header, unclosed quote): nothing can be imported. */
  readonly fileProblems: readonly InputProblem[];
}

interface ParsedRecord {
  readonly record: string[];
  readonly info: Info;
  readonly raw: string;
}

/** Problems the parser reports for one record, after which it carries on. */
const ROW_LEVEL = new Set(['CSV_RECORD_INCONSISTENT_FIELDS_LENGTH', 'CSV_RECORD_INCONSISTENT_COLUMNS']);

/** The first line of a record from the parser's last line and the raw text. */
function firstLineOf(lastLine: number, raw: string): number {
  const body = raw.replace(/^(?:\r?\n|\r)+/, '').replace(/(?:\r?\n|\r)$/, '');
  const breaks = body.match(/\r\n|\n|\r/g)?.length ?? 0;
  return lastLine - breaks;
}

function parserMessage(e: CsvError): string {
  switch (e.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS': {
      const m = /expect (\d+), got (\d+)/.exec(e.message);
      return m === null ? 'the row does not have as many fields as the header' : `the row has ${m[2]} fields, the header has ${m[1]} (a comma inside a value needs "quotes")`;
    }
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted value opened here is never closed (a " is missing before the end of the file)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted value is followed by other characters before the next comma (write a " inside quotes as "")';
    default:
      return e.message.replace(/\s+(?:on|at) line \d+/, '').replace(/:\s*$/, '');
  }
}

/**
 * The separator of a CSV: `;` when the header row has semicolons and no
 * comma (what Excel writes under a Vietnamese locale, whose decimal mark is a
 * comma), else `,`.
 *
 * @example
 * ```ts
 * separatorOf('key;locality_code;occurred_on\r\n…'); // ';'
 * ```
 */
export function separatorOf(text: string): ',' | ';' {
  const header = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/, 1)[0] ?? '';
  return header.includes(';') && !header.includes(',') ? ';' : ',';
}

/** The offset of the first byte that does not belong to a valid UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= bytes.length || (bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return -1;
}

/**
 * Reads an import file's bytes against a format.
 *
 * @example
 * ```ts
 * const csv = readCsv(readFileSync('incidents.csv'), { columns: ['key', 'locality_code'], required: ['locality_code'] });
 * if (csv.fileProblems.length > 0) reject(csv.fileProblems);
 * ```
 */
export function readCsv(bytes: Uint8Array, format: CsvFormat): CsvContent {
  const fileProblems: InputProblem[] = [];
  const rowProblems: InputProblem[] = [];
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = at < 0 ? null : 1 + bytes.subarray(0, at).reduce((n, b) => n + (b === 0x0a ? 1 : 0), 0);
    const where = at < 0 ? '' : ` at byte ${at + 1} (line ${line})`;
    return { header: [], rows: [], rowProblems, fileProblems: [{ line, field: null, code: 'not_utf8', message: `the file is not valid UTF-8${where}: save it as "CSV UTF-8 (Comma delimited)"` }] };
  }
  if (text.trim() === '') {
    return { header: [], rows: [], rowProblems, fileProblems: [{ line: null, field: null, code: 'empty_file', message: 'the file is empty: a header row is required' }] };
  }

  let records: ParsedRecord[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: separatorOf(text),
      quote: '"',
      escape: '"',
      info: true,
      raw: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err: CsvError | undefined, raw: string | undefined) => {
        if (err === undefined) return undefined;
        const last = typeof err['lines'] === 'number' ? err['lines'] : null;
        const line = last === null ? null : raw === undefined ? last : firstLineOf(last, raw);
        const problem: InputProblem = { line, field: null, code: err.code, message: parserMessage(err) };
        (ROW_LEVEL.has(err.code) ? rowProblems : fileProblems).push(problem);
        return undefined;
      },
    }) as unknown as ParsedRecord[];
  } catch (e) {
    const err = e as CsvError;
    const line = typeof err['lines'] === 'number' ? err['lines'] : null;
    return { header: [], rows: [], rowProblems, fileProblems: [{ line, field: null, code: err.code ?? 'csv_error', message: err.code === undefined ? String(e) : parserMessage(err) }] };
  }

  const [head, ...body] = records;
  if (head === undefined || firstLineOf(head.info.lines, head.raw) !== 1) {
    fileProblems.unshift({ line: 1, field: null, code: 'bad_header', message: 'the first line must be the header row' });
    return { header: [], rows: [], rowProblems, fileProblems };
  }
  const header = head.record.map((h) => h.trim().toLowerCase());
  const known = new Set(format.columns);
  header.forEach((h, i) => {
    if (h === '') fileProblems.push({ line: 1, field: null, code: 'empty_column_name', message: `column ${i + 1} of the header has no name` });
    else if (!known.has(h)) fileProblems.push({ line: 1, field: h, code: 'unknown_column', message: `unknown column "${h}" (known columns: ${format.columns.join(', ')})` });
    else if (header.indexOf(h) !== i) fileProblems.push({ line: 1, field: h, code: 'duplicate_column', message: `column "${h}" appears more than once in the header` });
  });
  for (const r of format.required) {
    if (!header.includes(r)) fileProblems.push({ line: 1, field: r, code: 'missing_column', message: `required column "${r}" is missing from the header` });
  }

  const rows: CsvRow[] = [];
  for (const r of body) {
    if (r.record.every((v) => v.trim() === '')) continue;
    const values: Record<string, string> = {};
    for (const c of format.columns) values[c] = '';
    header.forEach((h, i) => {
      if (known.has(h)) values[h] = (r.record[i] ?? '').trim();
    });
    rows.push({ line: firstLineOf(r.info.lines, r.raw), values });
  }
  return { header, rows, rowProblems, fileProblems };
}
