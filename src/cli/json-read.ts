/**
 * Reading an import file written as JSON: an array of objects (or an object
 * whose `facts` or `rows` is that array) whose keys are the CSV format's
 * columns. Each object becomes one row, numbered by the line where it starts,
 * so that problems point into the file as they do for a CSV.
 *
 * @module
 */
import type { CsvContent, CsvFormat, CsvRow } from './csv-read.js';
import type { InputProblem } from './errors.js';

/**
 * The line (1-based) on which each element of the list of entries starts:
 * the top-level array, or the array under the top-level object's `facts`
 * (else `rows`) key. A small scanner of the (already parsed, so valid) text.
 */
function elementLines(text: string): number[] {
  let i = 0;
  let line = 1;
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) {
      if (text[i] === '\n') line++;
      i++;
    }
  };
  const skipString = (): string => {
    const start = ++i;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    return JSON.parse(`"${text.slice(start, i++)}"`) as string;
  };
  // skips one value; when `record` is set and the value is an array, records the line of each element
  const value = (record: number[] | undefined): void => {
    ws();
    const ch = text[i];
    if (ch === '"') return void skipString();
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        ws();
        record?.push(line);
        value(undefined);
        ws();
        if (text[i++] === ']') return;
      }
    }
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        skipString();
        ws();
        i++; // ':'
        value(undefined);
        ws();
        if (text[i++] === '}') return;
      }
    }
    while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
  };
  ws();
  const lines: number[] = [];
  if (text[i] === '[') {
    value(lines);
    return lines;
  }
  // a top-level object: the lines of its "facts" list, else of its "rows" list
  const found = new Map<string, number[]>();
  if (text[i] === '{') {
    i++;
    for (;;) {
      ws();
      if (text[i] === '}') break;
      const key = skipString();
      ws();
      i++; // ':'
      const mine: number[] = [];
      value(mine);
      found.set(key, mine);
      ws();
      if (text[i++] === '}') break;
    }
  }
  return found.get('facts') ?? found.get('rows') ?? lines;
}

/**
 * Reads an import file's bytes as JSON against a format. Values may be
 * strings or numbers; an array value (e.g. `"receivers": ["16609", "16645"]`)
 * is joined with `;`, as in the CSV.
 *
 * @example
 * ```ts
 * const rows = readJsonRows(readFileSync('receivers.json'), LINEAGE_CSV);
 * rows.rows[0]?.values.code; // '14827'
 * ```
 */
export function readJsonRows(bytes: Uint8Array, format: CsvFormat): CsvContent {
  const fileProblems: InputProblem[] = [];
  const rowProblems: InputProblem[] = [];
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return { header: [], rows: [], rowProblems, fileProblems: [{ line: null, field: null, code: 'not_utf8', message: 'the file is not valid UTF-8' }] };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { header: [], rows: [], rowProblems, fileProblems: [{ line: null, field: null, code: 'not_json', message: `the file is not valid JSON: ${(e as Error).message}` }] };
  }
  const list = Array.isArray(data) ? data : typeof data === 'object' && data !== null ? ((data as Record<string, unknown>)['facts'] ?? (data as Record<string, unknown>)['rows']) : undefined;
  if (!Array.isArray(list)) {
    return { header: [], rows: [], rowProblems, fileProblems: [{ line: null, field: null, code: 'not_a_list', message: 'the file must hold an array of objects (or an object with a "facts" array)' }] };
  }
  const starts = elementLines(text);
  const known = new Set(format.columns);
  const header = new Set<string>();
  const rows: CsvRow[] = [];
  list.forEach((entry, i) => {
    const line = starts[i] ?? null;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      rowProblems.push({ line, field: null, code: 'not_an_object', message: `entry ${i + 1} must be an object` });
      return;
    }
    const values: Record<string, string> = {};
    for (const c of format.columns) values[c] = '';
    let ok = true;
    for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
      if (!known.has(k)) {
        rowProblems.push({ line, field: k, code: 'unknown_column', message: `unknown key "${k}" (known keys: ${format.columns.join(', ')})` });
        ok = false;
        continue;
      }
      header.add(k);
      if (v === null || v === undefined) continue;
      if (typeof v === 'string' || typeof v === 'number') values[k] = String(v).trim();
      else if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) values[k] = v.map(String).join(';');
      else {
        rowProblems.push({ line, field: k, code: 'invalid_type', message: 'must be a string, a number or a list of them' });
        ok = false;
      }
    }
    if (ok) rows.push({ line: line ?? i + 1, values });
  });
  for (const r of format.required) {
    if (list.length > 0 && !header.has(r)) fileProblems.push({ line: null, field: r, code: 'missing_column', message: `required key "${r}" is in no entry` });
  }
  return { header: [...header], rows, rowProblems, fileProblems };
}
