// Issue #16, item 8: CSV as Excel writes it (vi-VN: ';'-separated), and an encoding error that says where.
import { describe, expect, it } from 'vitest';
import { readCsv, separatorOf } from '../../src/cli/csv-read.js';

const FORMAT = { columns: ['key', 'locality_code', 'labels', 'description'], required: ['locality_code'] };

describe('readCsv', () => {
  it('given a file as vi-VN Excel saves it (semicolons, a BOM, quoted fields with ; inside), when read, then the rows equal those of the comma file', () => {
    const comma = '\uFEFFkey,locality_code,labels,description\r\na-1,14755,"crime.social-order;social-evil.gambling","Đánh bạc, gây thương tích"\r\na-2,14824,traffic-accident,\r\n';
    const semicolon = '\uFEFFkey;locality_code;labels;description\r\na-1;14755;"crime.social-order;social-evil.gambling";"Đánh bạc, gây thương tích"\r\na-2;14824;traffic-accident;\r\n';
    expect(separatorOf(semicolon)).toBe(';');
    expect(separatorOf(comma)).toBe(',');
    const a = readCsv(new TextEncoder().encode(comma), FORMAT);
    const b = readCsv(new TextEncoder().encode(semicolon), FORMAT);
    expect(a.fileProblems).toEqual([]);
    expect(b.fileProblems).toEqual([]);
    expect(b.rows).toEqual(a.rows);
    expect(b.rows[0]!.values['labels']).toBe('crime.social-order;social-evil.gambling');
  });

  it('a file that is not UTF-8 is refused with the byte and the line of the first bad byte', () => {
    // "Hà" in Windows-1258 (à = 0xE0) on line 3
    const bytes = new Uint8Array([...new TextEncoder().encode('key,locality_code\r\na-1,14755\r\nH'), 0xe0, ...new TextEncoder().encode(',14824\r\n')]);
    const csv = readCsv(bytes, FORMAT);
    expect(csv.fileProblems).toEqual([{ line: 3, field: null, code: 'not_utf8', message: 'the file is not valid UTF-8 at byte 32 (line 3): save it as "CSV UTF-8 (Comma delimited)"' }]);
  });
});
