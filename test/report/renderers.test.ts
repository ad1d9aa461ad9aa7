import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  CSV_COLUMNS,
  CSV_SECTIONS,
  REPORT_FORMATS,
  renderCsv,
  renderHtml,
  renderJson,
  renderMarkdown,
  renderReport,
  type ReportFormat,
  type ReportModel,
} from '../../src/report/index.js';
import { fixtureModel } from './fixture.js';
import { count, tagProblems } from './helpers.js';

const STATUS_VI = ['Đạt', 'Đúng tiến độ', 'Có nguy cơ không đạt', 'Không đạt', 'Không đánh giá được'];
const STATUS_EN = ['Met', 'On track', 'At risk', 'Not met', 'Not assessable'];

/** A copy of the fixture with hostile names from the data. */
function maliciousModel(): ReportModel {
  const m = fixtureModel();
  const evil = '<script>alert("x")</script> & <img src=x onerror=1>';
  return {
    ...m,
    map: { ...m.map, districts: m.map.districts.map((d, i) => (i === 0 ? { ...d, name: `Huyện ${evil}` } : d)) },
    trends: {
      ...m.trends,
      failing: m.trends.failing.map((f, i) => (i === 0 ? { ...f, name: `Xã ${evil} | x` } : i === 1 ? { ...f, name: '@SUM(A1:A9)' } : f)),
      notComparableList: m.trends.notComparableList.map((x, i) => (i === 0 ? { ...x, reason: { vi: '=HYPERLINK("http://evil.example")', en: '=HYPERLINK("http://evil.example")' } } : x)),
    },
    disagreements: [{ ...m.disagreements[0]!, name: `Xã ${evil}` }],
    meta: { ...m.meta, notes: [...m.meta.notes, { vi: `Ghi chú ${evil}`, en: `Note ${evil}` }] },
  };
}

function expectedCsvRows(m: ReportModel): number {
  return (
    m.targets.length +
    m.attainment.length +
    m.crime.series.length +
    m.map.districts.length +
    m.trends.failing.length +
    m.trends.notComparableList.length +
    m.disagreements.length +
    (m.followUp?.disputes.length ?? 0) +
    (m.diff?.length ?? 0)
  );
}

describe('renderJson', () => {
  it('round-trips to the model', () => {
    const m = fixtureModel();
    expect(JSON.parse(renderJson(m))).toEqual(m);
  });

  it('is stable: the same text whatever order the top-level and meta keys were built in', () => {
    const m = fixtureModel();
    const shuffled = {
      diff: m.diff,
      map: m.map,
      trends: m.trends,
      followUp: m.followUp,
      crime: m.crime,
      attainment: m.attainment,
      targets: m.targets,
      disagreements: m.disagreements,
      meta: { notes: m.meta.notes, plan: m.meta.plan, year: m.meta.year, title: m.meta.title, province: m.meta.province, asOf: m.meta.asOf, hierarchyAt: m.meta.hierarchyAt, generatedAt: m.meta.generatedAt },
    } as ReportModel;
    const text = renderJson(m);
    expect(renderJson(shuffled)).toBe(text);
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['meta', 'targets', 'attainment', 'crime', 'trends', 'map', 'disagreements', 'followUp', 'diff']);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('is pretty but keeps coordinate arrays on one line', () => {
    const text = renderJson(fixtureModel());
    expect(text).toContain('\n  "meta": {\n    "title": {');
    expect(text.split('\n').length).toBeLessThan(3000);
    expect(text).toMatch(/"coordinates": \[\[\[\[?105\.\d+,19\.\d+\]/);
  });

  it('keeps nulls and drops nothing else', () => {
    const m = { ...fixtureModel(), followUp: null, diff: null };
    const back = JSON.parse(renderJson(m)) as ReportModel;
    expect(back.followUp).toBeNull();
    expect(back.diff).toBeNull();
  });
});

describe('renderCsv', () => {
  const text = renderCsv(fixtureModel());
  const rows = parse(text, { bom: true, relax_column_count: false }) as string[][];

  it('starts with a UTF-8 byte-order mark and ends lines with CRLF', () => {
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/"[^"]*"/g, '').split('\n').every((l, i, all) => i === all.length - 1 || l.endsWith('\r'))).toBe(true);
  });

  it('has a Vietnamese header by default, an English one on request', () => {
    expect(rows[0]).toEqual(['Phần', 'Mã', 'Nội dung', 'Năm', 'Giá trị', 'Chỉ tiêu', 'Trạng thái', 'Ghi chú']);
    const en = parse(renderCsv(fixtureModel(), 'en'), { bom: true }) as string[][];
    expect(en[0]).toEqual(['Section', 'ID', 'Label', 'Year', 'Value', 'Target', 'Status', 'Note']);
    expect(en.find((r) => r[1] === 'district-9.4-60')?.[6]).toBe('Not assessable');
  });

  it('has one row per target, attainment, crime year, district, failing and not-comparable commune, disagreement, dispute year and diff entry', () => {
    const m = fixtureModel();
    expect(rows).toHaveLength(1 + expectedCsvRows(m));
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    const sections = rows.slice(1).map((r) => r[0]);
    expect(new Set(sections)).toEqual(new Set(CSV_SECTIONS));
    expect(sections.filter((s) => s === 'target')).toHaveLength(m.targets.length);
    expect(sections.filter((s) => s === 'attainment')).toHaveLength(20);
    expect(sections.filter((s) => s === 'failing_commune')).toHaveLength(31);
    expect(sections.filter((s) => s === 'diff')).toHaveLength(5);
  });

  it('keeps quoted Vietnamese text intact', () => {
    const quoted = rows.find((r) => r[1] === '16324')!;
    expect(quoted[2]).toBe('Xã "Quảng Hòa", mới');
    expect(text).toContain('"Xã ""Quảng Hòa"", mới"');
    const yoy = rows.find((r) => r[1] === 'yoy-crime-evils-accidents')!;
    expect(yoy[2]).toBe('Tội phạm, tệ nạn xã hội, tai nạn giao thông giảm so với năm trước');
    expect(rows.find((r) => r[1] === 'commune-19.2-99')![6]).toBe('Có nguy cơ không đạt');
  });

  it('writes plain machine numbers in value and target', () => {
    const t = rows.find((r) => r[1] === 'commune-19.2-99')!;
    expect([t[4], t[5]]).toEqual(['90.71', '99']);
    const crime2023 = rows.find((r) => r[0] === 'crime' && r[3] === '2023')!;
    expect([crime2023[4], crime2023[5]]).toEqual(['1319', '1444']);
    const gone = rows.find((r) => r[0] === 'attainment' && r[1] === 'district-standard-2021:9.4' && r[3] === '2025')!;
    expect(gone[4]).toBe('');
    expect(gone[6]).toBe('Không đánh giá được');
  });

  it('defuses spreadsheet formulas in texts from the data', () => {
    const evil = parse(renderCsv(maliciousModel()), { bom: true }) as string[][];
    expect(evil.find((r) => r[0] === 'not_comparable')?.[7]).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(evil.find((r) => r[0] === 'failing_commune' && r[2]!.startsWith("'@"))?.[2]).toBe("'@SUM(A1:A9)");
    expect(evil.find((r) => r[0] === 'failing_commune' && r[2]!.includes('<script>'))?.[2]).toContain('| x');
    expect(evil.every((r) => r.every((cell) => !/^[=+@]/.test(cell)))).toBe(true);
    expect(evil.find((r) => r[0] === 'crime' && r[3] === '2023')?.[7]).toContain('-13,22 %');
  });
});

describe('renderMarkdown', () => {
  const vi = renderMarkdown(fixtureModel());
  const en = renderMarkdown(fixtureModel(), 'en');

  it('contains every target id', () => {
    for (const t of fixtureModel().targets) {
      expect(vi).toContain(t.id);
      expect(en).toContain(t.id);
    }
  });

  it('uses Vietnamese status labels by default and English ones on request', () => {
    for (const s of STATUS_VI) expect(vi).toContain(`**${s}**`);
    for (const s of STATUS_EN) expect(en).toContain(`**${s}**`);
    expect(vi).not.toContain('**At risk**');
    expect(en).not.toContain('Có nguy cơ không đạt');
  });

  it('formats numbers the Vietnamese way in Vietnamese, the English way in English', () => {
    expect(vi).toContain('| 2023 | 1.319 | -13,22 % | Đạt |');
    expect(vi).toContain('90,71 % (410/452)');
    expect(vi).toContain('Năm gốc 2019: 1.520');
    expect(en).toContain('| 2023 | 1,319 | -13.22 % | Met |');
    expect(en).toContain('90.71 % (410/452)');
  });

  it('has the sections, the attainment table and the summary of trends', () => {
    for (const h of ['## Mục tiêu của kế hoạch', '## Tỷ lệ đạt chuẩn an ninh, trật tự theo năm', '## Tội phạm theo năm so với năm gốc', '## Xu hướng cấp xã so với năm gốc', '### Xã chưa đạt mức giảm, theo mức thiếu hụt', '### Xã không so sánh được và lý do', '## Chênh lệch giữa công nhận và kết quả tính', '## Theo dõi thực hiện kế hoạch', '## Ghi chú']) {
      expect(vi).toContain(h);
    }
    expect(vi).toContain('| Huyện NTM | 9.4 | 2025 | – | – | – | Không đánh giá được | 60 % |');
    expect(vi).toContain('| 166 | 120 | 31 | 9 | 6 |');
    expect(vi).toContain('Bộ Công an');
    expect(en).toContain("Provincial People's Committee");
  });

  it('lists the top 20 failing communes by gap and says how many there are', () => {
    const section = vi.slice(vi.indexOf('### Xã chưa đạt'), vi.indexOf('### Xã không so sánh'));
    expect(count(section, /^\| 1\d{4} \|/m)).toBe(20);
    expect(section).toContain('Hiển thị 20/31');
    expect(section.indexOf('Xã Hoằng Quang')).toBeLessThan(section.indexOf('Xã Quảng Tâm'));
  });

  it('shows the as-of differences only on an as-of report', () => {
    expect(vi).toContain('## Số liệu đã báo cáo ngày 20/01/2026 so với hiện nay');
    expect(vi).toContain('| Số vụ phạm tội về TTXH năm 2025 | 931 | 946 | **Đã thay đổi** |');
    expect(en).toContain('## As filed on 20 Jan 2026 vs today');
    const now = renderMarkdown({ ...fixtureModel(), diff: null, meta: { ...fixtureModel().meta, asOf: null } });
    expect(now).not.toContain('so với hiện nay');
    expect(now).toContain('Toàn bộ số liệu đã ghi nhận');
  });

  it('escapes table breakers and HTML from the data', () => {
    const md = renderMarkdown(maliciousModel());
    expect(md).not.toContain('<script');
    expect(md).toContain('&lt;script&gt;');
    expect(md).toContain('\\| x');
    const failingRow = md.split('\n').find((l) => l.includes('&lt;script&gt;') && l.startsWith('| 159'))!;
    expect(failingRow.split(/(?<!\\)\|/).length - 2).toBe(5);
  });
});

describe('renderHtml', () => {
  const html = renderHtml(fixtureModel());

  it('is one well-formed page in Vietnamese', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(count(html, /<html[\s>]/)).toBe(1);
    expect(count(html, '</html>')).toBe(1);
    expect(html).toContain('<html lang="vi">');
    expect(renderHtml(fixtureModel(), 'en')).toContain('<html lang="en">');
    expect(tagProblems(html)).toEqual([]);
    expect(count(html, '<body>')).toBe(1);
  });

  it('needs no script and loads nothing from outside', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\s(src|href)=/i);
    expect(html).not.toMatch(/<link|@import|url\(/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('escapes names from the data', () => {
    const evil = renderHtml(maliciousModel());
    expect(evil).not.toMatch(/<script/i);
    expect(evil).not.toMatch(/<img/i);
    expect(evil).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(tagProblems(evil)).toEqual([]);
  });

  it('has the three charts and 26 district paths', () => {
    expect(count(html, /<svg [^>]*data-chart="/)).toBe(3);
    for (const c of ['attainment', 'crime', 'map']) expect(count(html, `data-chart="${c}"`)).toBe(1);
    expect(count(html, /<path data-code="\d{3}"/)).toBe(26);
    expect(html).not.toContain('NaN');
  });

  it('shows the metadata, the knowledge cut-off and status badges', () => {
    expect(html).toContain('Số liệu tính đến ngày 20/01/2026');
    expect(html).toContain('Thanh Hóa (38)');
    expect(html).toContain('02/03/2026 15:15 (UTC+7)');
    for (const s of ['met', 'on_track', 'at_risk', 'not_met', 'not_assessable']) expect(html).toContain(`class="badge ${s}"`);
    for (const s of STATUS_VI) expect(html).toContain(`>${s}</span>`);
    expect(html).toContain('@page { size: A4;');
    const now = renderHtml({ ...fixtureModel(), diff: null, meta: { ...fixtureModel().meta, asOf: null } });
    expect(now).not.toContain('Số liệu tính đến ngày');
    expect(now).not.toContain('so với hiện nay');
  });

  it('has the trends, the lists, disagreements, follow-up, diff and notes', () => {
    for (const id of ['targets', 'attainment', 'crime', 'map', 'trends', 'disagreements', 'follow-up', 'diff', 'notes']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('Hiển thị 20/31');
    expect(html).toContain('Số liệu đã báo cáo ngày 20/01/2026 so với hiện nay');
    expect(html).toContain('Thiếu kinh phí xây dựng mô hình tự quản');
    expect(html).toContain('Số liệu vụ việc là dữ liệu tổng hợp giả lập');
    const en = renderHtml(fixtureModel(), 'en');
    expect(en).toContain('As filed on 20 Jan 2026 vs today');
    expect(en).toContain('Figures as of 20 Jan 2026');
  });

  it('copes with a model without plan, follow-up or diff', () => {
    const m = fixtureModel();
    const bare: ReportModel = { ...m, meta: { ...m.meta, plan: null, notes: [], asOf: null }, targets: [], disagreements: [], followUp: null, diff: null };
    const page = renderHtml(bare);
    expect(tagProblems(page)).toEqual([]);
    expect(page).not.toContain('NaN');
    expect(page).toContain('Không có');
  });
});

describe('renderReport', () => {
  const expected: Record<ReportFormat, [string, string]> = {
    json: ['json', 'application/json; charset=utf-8'],
    csv: ['csv', 'text/csv; charset=utf-8; header=present'],
    md: ['md', 'text/markdown; charset=utf-8'],
    html: ['html', 'text/html; charset=utf-8'],
  };
  for (const f of REPORT_FORMATS) {
    it(`renders ${f}`, () => {
      const r = renderReport(fixtureModel(), f, 'en');
      expect([r.extension, r.contentType]).toEqual(expected[f]);
      expect(r.text.length).toBeGreaterThan(1000);
    });
  }

  it('defaults to Vietnamese and rejects unknown formats', () => {
    expect(renderReport(fixtureModel(), 'md').text).toContain('Mục tiêu của kế hoạch');
    expect(() => renderReport(fixtureModel(), 'pdf' as ReportFormat)).toThrow(TypeError);
  });
});
