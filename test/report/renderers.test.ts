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
import { fixtureModel, fixtureModel2024 } from './fixture.js';
import { escapeXml } from '../../src/report/common.js';
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
      groupList: m.trends.groupList.map((g, i) => (i === 0 ? { ...g, members: [{ code: '14758', name: `Phường ${evil}` }, ...g.members.slice(1)], reason: { vi: `Lý do ${evil}`, en: `Reason ${evil}` } } : g)),
      evidence: [
        ...m.trends.evidence,
        { kind: 'receiver', date: '2019-12-01', legalBasis: bi2('786/NQ-UBTVQH14'), fact: { vi: `Sự kiện ${evil}`, en: `Fact ${evil}` }, level: 'secondary', source: 'javascript:alert(document.cookie)', quote: `-1+${evil}`, caveat: '=cmd|" /C calc"!A0', localities: ['15286'] },
        { kind: 'receiver', date: '2019-12-01', legalBasis: bi2('786/NQ-UBTVQH14'), fact: bi2('Sự kiện'), level: 'secondary', source: 'https://evil.example/x"><script>alert(1)</script>', quote: null, caveat: null, localities: [] },
      ],
    },
    disagreements: [{ ...m.disagreements[0]!, name: `Xã ${evil}` }],
    meta: { ...m.meta, notes: [...m.meta.notes, { vi: `Ghi chú ${evil}`, en: `Note ${evil}` }] },
  };
}

function bi2(s: string): { vi: string; en: string } {
  return { vi: s, en: s };
}

/** Rows of a level's trends in the CSV: the 20 summary figures and every list entry (or one row saying why there are none). */
function trendCsvRows(t: ReportModel['trends'] | null, note: ReportModel['districtTrendsNote']): number {
  if (t === null) return note === null ? 0 : 1;
  return 20 + t.failing.length + t.groupList.length + t.missingFacts.length + t.evidence.length + t.notComparableList.length + t.verdicts.length;
}

function expectedCsvRows(m: ReportModel): number {
  return (
    m.targets.length +
    m.attainment.length +
    m.crime.series.length +
    m.map.districts.length +
    trendCsvRows(m.trends, null) +
    trendCsvRows(m.districtTrends, m.districtTrendsNote) +
    m.disagreements.length +
    (m.followUp?.disputes.length ?? 0) +
    (m.diff?.length ?? 0)
  );
}

/** The text of a Markdown section from its heading to the next heading of the same or a higher level. */
function mdSection(md: string, heading: string): string {
  const start = md.indexOf(heading);
  if (start < 0) throw new Error(`no heading ${heading}`);
  const level = /^#+/.exec(heading)![0].length;
  const rest = md.slice(start + heading.length);
  const next = new RegExp(`^#{1,${level}} `, 'm').exec(rest);
  return heading + (next === null ? rest : rest.slice(0, next.index));
}

/** The HTML of a section by id. */
function htmlSection(html: string, id: string): string {
  const start = html.indexOf(`<section class="trends" id="${id}">`);
  if (start < 0) throw new Error(`no section ${id}`);
  return html.slice(start, html.indexOf('</section>', start) + '</section>'.length);
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
      districtTrendsNote: m.districtTrendsNote,
      followUp: m.followUp,
      districtTrends: m.districtTrends,
      crime: m.crime,
      attainment: m.attainment,
      targets: m.targets,
      disagreements: m.disagreements,
      meta: { notes: m.meta.notes, plan: m.meta.plan, year: m.meta.year, title: m.meta.title, province: m.meta.province, asOf: m.meta.asOf, hierarchyAt: m.meta.hierarchyAt, generatedAt: m.meta.generatedAt },
    } as ReportModel;
    const text = renderJson(m);
    expect(renderJson(shuffled)).toBe(text);
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['meta', 'targets', 'attainment', 'crime', 'trends', 'districtTrends', 'districtTrendsNote', 'map', 'disagreements', 'followUp', 'diff']);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('is pretty but keeps coordinate arrays on one line', () => {
    const text = renderJson(fixtureModel());
    expect(text).toContain('\n  "meta": {\n    "title": {');
    const geojson = text.slice(text.indexOf('"geojson": {'), text.indexOf('"districts": ['));
    expect(geojson.split('\n').length).toBeLessThan(400);
    expect(text.split('\n').length).toBeLessThan(6000);
    expect(text).toMatch(/"coordinates": \[\[\[\[?105\.\d+,19\.\d+\]/);
  });

  it('keeps nulls and drops nothing else', () => {
    const m = { ...fixtureModel(), followUp: null, diff: null };
    const back = JSON.parse(renderJson(m)) as ReportModel;
    expect(back.followUp).toBeNull();
    expect(back.diff).toBeNull();
    expect(back.districtTrends).toBeNull();
    expect(back.districtTrendsNote).toEqual(m.districtTrendsNote);
  });

  it('round-trips the district trends of a 2024-like model', () => {
    const m = fixtureModel2024();
    expect(JSON.parse(renderJson(m))).toEqual(m);
  });
});

describe('renderCsv', () => {
  it('writes a target\'s shortfall with its unit in the note, and none for a met target', () => {
    const rows = parse(renderCsv(fixtureModel(), 'vi').replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;
    const targets = rows.filter((r) => r['Phần'] === 'target');
    expect(targets.find((r) => r['Mã'] === 'commune-19.2-99')?.['Ghi chú']).toContain('Còn thiếu: 8,29 điểm %');
    const met = fixtureModel().targets.filter((t) => t.status === 'met').map((t) => t.id);
    expect(met.length).toBeGreaterThan(0);
    for (const r of targets.filter((x) => met.includes(x['Mã']!))) expect(r['Ghi chú']).not.toContain('Còn thiếu');
  });

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

  it('has one row per target, attainment, crime year, district, trend figure and list entry, disagreement, dispute year and diff entry', () => {
    const m = fixtureModel();
    expect(rows).toHaveLength(1 + expectedCsvRows(m));
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    const sections = rows.slice(1).map((r) => r[0]);
    const known = new Set<string>(CSV_SECTIONS);
    expect(sections.every((x) => known.has(x!))).toBe(true);
    expect(new Set(sections)).toEqual(new Set(CSV_SECTIONS.filter((x) => !x.endsWith('_district') || x === 'summary_district')));
    expect(sections.filter((s) => s === 'target')).toHaveLength(m.targets.length);
    expect(sections.filter((s) => s === 'attainment')).toHaveLength(20);
    expect(sections.filter((s) => s === 'failing_commune')).toHaveLength(31);
    expect(sections.filter((s) => s === 'group_commune')).toHaveLength(5);
    expect(sections.filter((s) => s === 'missing_fact_commune')).toHaveLength(7);
    expect(sections.filter((s) => s === 'evidence_commune')).toHaveLength(4);
    expect(sections.filter((s) => s === 'no_verdict_commune')).toHaveLength(11);
    expect(sections.filter((s) => s === 'verdict_commune')).toHaveLength(166);
    expect(sections.filter((s) => s === 'diff')).toHaveLength(6);
  });

  it('uses every section, districts included, on a report with district trends', () => {
    const m = fixtureModel2024();
    const all = parse(renderCsv(m), { bom: true }) as string[][];
    expect(all).toHaveLength(1 + expectedCsvRows(m));
    expect(new Set(all.slice(1).map((r) => r[0]))).toEqual(new Set(CSV_SECTIONS));
    expect(all.filter((r) => r[0] === 'verdict_district')).toHaveLength(27);
    expect(all.find((r) => r[0] === 'verdict_district' && r[1] === '405')?.[7]).toBe('Đánh giá chung trong nhóm 380+405');
    expect(all.find((r) => r[0] === 'verdict_district' && r[1] === '381')?.[7]).toBe('Đánh giá riêng');
    expect(all.find((r) => r[0] === 'summary_district' && r[1] === 'alone.not_met')?.[4]).toBe('6');
    expect(all.some((r) => r[0] === 'summary_district' && r[1] === 'not_assessable')).toBe(false);
  });

  it('says why there are no district trends when the district level is gone', () => {
    const row = rows.filter((r) => r[0] === 'summary_district');
    expect(row).toEqual([['summary_district', 'not_assessable', 'Xu hướng cấp huyện so với năm gốc', '', '', '', 'Không đánh giá được', 'Cấp huyện chấm dứt hoạt động từ 01/07/2025 (Luật 72/2025/QH15).']]);
  });

  it('writes the summary figures of a level, the groups apart from the localities alone', () => {
    const summary = new Map(rows.filter((r) => r[0] === 'summary_commune').map((r) => [r[1], r]));
    expect([...summary.keys()]).toEqual([
      'localities',
      'alone.total', 'alone.met', 'alone.not_met', 'alone.no_data', 'alone.baseline_missing', 'alone.baseline_zero', 'alone.not_comparable',
      'groups.total', 'groups.met', 'groups.not_met', 'groups.no_data', 'groups.baseline_missing', 'groups.baseline_zero', 'groups.not_comparable',
      'groups.localities', 'groups.min_size', 'groups.max_size', 'alone_share', 'province',
    ]);
    const v = (id: string) => summary.get(id)?.[4];
    expect([v('localities'), v('alone.total'), v('alone.met'), v('alone.not_met'), v('groups.total'), v('groups.met'), v('groups.not_met'), v('groups.localities'), v('groups.min_size'), v('groups.max_size'), v('alone_share')]).toEqual(['166', '142', '103', '29', '5', '2', '2', '24', '2', '8', '85.54']);
    expect(summary.get('alone.not_met')?.[2]).toBe('Xã đánh giá riêng: Không đạt');
    expect(summary.get('groups.not_met')?.[2]).toBe('Nhóm xã đánh giá chung: Không đạt');
    expect(summary.get('province')).toEqual(['summary_commune', 'province', 'Toàn tỉnh: Tỉnh Thanh Hóa', '2025', '-37.76', '-5', 'Đạt', 'Số vụ năm 2025: 946; Số vụ năm 2019: 1.520']);
  });

  it('holds every group with its members and reason, every missing fact with its command, every source', () => {
    const m = fixtureModel();
    const groups = rows.filter((r) => r[0] === 'group_commune');
    expect(groups.map((r) => r[1])).toEqual(m.trends.groupList.map((g) => g.code));
    const muongLat = groups.find((r) => r[1] === '14845+14848+14854+14857+14860+14863+14864+14866')!;
    expect(muongLat.slice(3, 7)).toEqual(['2025', '7.69', '-5', 'Không đạt']);
    expect(muongLat[7]).toContain('Các đơn vị trong nhóm: Xã Mường Lát (14845), Xã Tam Chung (14848)');
    expect(muongLat[7]).toContain('Lý do chưa tách được: Không tách riêng được vì chưa xác định đơn vị tiếp nhận Xã Tén Tằn (14851).');
    const facts = rows.filter((r) => r[0] === 'missing_fact_commune');
    expect(facts.map((r) => r[1])).toEqual(m.trends.missingFacts.map((f) => `${f.kind}:${f.unit.code}:${f.date}`));
    const tenTan = facts.find((r) => r[1] === 'receiver:14851:2019-12-01')!;
    expect(tenTan[6]).toBe('Chưa xác định đơn vị tiếp nhận');
    expect(tenTan[7]).toBe('Lệnh ghi nhận: ntm-antt lineage receiver --code 14851 --date 2019-12-01 --receiver <mã> --evidence <documented|secondary> --source "<nguồn>" --quote "<trích dẫn>"; Nhóm liên quan: 14845+14848+14854+14857+14860+14863+14864+14866');
    expect(facts.find((r) => r[1] === 'day_within_half_month:15010:2019-06-16')?.[7]).toContain('Lệnh ghi nhận: Không ghi nhận được bằng lệnh');
    const sources = rows.filter((r) => r[0] === 'evidence_commune');
    expect(sources.map((r) => r[6])).toEqual(['nguồn thứ cấp', 'nguồn thứ cấp', 'suy luận từ mã và tên, độ tin cậy cao', 'có văn bản trích dẫn']);
    expect(sources[1]![7]).toContain('Nguồn: https://m.baomoi.com/huyen-tinh-gia');
    expect(sources[1]![7]).toContain('Trích dẫn: “Nhập toàn bộ diện tích tự nhiên, quy mô dân số của xã Triêu Dương vào xã Hải Ninh.”');
    expect(sources[3]![7]).toContain('Đơn vị sử dụng: 15127+15142+15148+15163+15178');
    const failingGroup = rows.find((r) => r[0] === 'failing_commune' && r[1] === '15016+15019')!;
    expect(failingGroup[7]).toContain('Các đơn vị trong nhóm: Xã Quan Sơn (15016), Xã Tam Lư (15019)');
    expect(rows.find((r) => r[0] === 'no_verdict_commune' && r[1] === '15010+15022')?.[6]).toBe('Năm gốc bằng 0');
  });

  it('holds complete lists, however long', () => {
    const m = fixtureModel();
    const facts = Array.from({ length: 25 }, (_, i) => ({ ...m.trends.missingFacts[0]!, unit: { code: String(14000 + i), name: `Phường ${i}` } }));
    const long = parse(renderCsv({ ...m, trends: { ...m.trends, missingFacts: facts } }), { bom: true }) as string[][];
    expect(long.filter((r) => r[0] === 'missing_fact_commune')).toHaveLength(25);
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
    expect(evil.find((r) => r[0] === 'no_verdict_commune')?.[7]).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(evil.find((r) => r[0] === 'evidence_commune' && r[2]!.includes('<script>'))?.[7]).toContain('Nguồn: javascript:alert(document.cookie)');
    expect(evil.find((r) => r[0] === 'failing_commune' && r[2]!.startsWith("'@"))?.[2]).toBe("'@SUM(A1:A9)");
    expect(evil.find((r) => r[0] === 'failing_commune' && r[2]!.includes('<script>'))?.[2]).toContain('| x');
    expect(evil.every((r) => r.every((cell) => !/^[=+@]/.test(cell)))).toBe(true);
    expect(evil.find((r) => r[0] === 'crime' && r[3] === '2023')?.[7]).toContain('-13,22 %');
  });
});

describe('renderMarkdown', () => {
  const vi = renderMarkdown(fixtureModel());
  const en = renderMarkdown(fixtureModel(), 'en');

  it('numbers the targets and shows no target id (ids are for JSON and CSV)', () => {
    const targets = fixtureModel().targets;
    for (const t of targets) {
      expect(vi).not.toContain(t.id);
      expect(en).not.toContain(t.id);
      expect(vi).toContain(t.description.vi);
    }
    expect(vi).toContain('| STT | Mục tiêu |');
    expect(vi).toMatch(new RegExp(`\\| ${targets.length} \\| `));
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
    // the baseline year is the reference, not a year that met the cut
    expect(vi).toMatch(/\| 2019 \| 1\.520 \| [^|]* \| Năm gốc \|/);
    expect(en).toMatch(/\| 2019 \| 1,520 \| [^|]* \| Baseline \|/);
    expect(en).toContain('| 2023 | 1,319 | -13.22 % | Met |');
    expect(en).toContain('90.71 % (410/452)');
  });

  it('writes a target value as the model holds it: Vietnamese thousands stay 1.287, not 1,287 (one convention per file)', () => {
    const m = fixtureModel();
    const value = { vi: '70/123 xã đạt; toàn tỉnh: 1.287 vụ năm 2025 so với 1.887 vụ năm 2019 (-31,8 %)', en: '70/123 communes met; province: 1287 cases in 2025 against 1887 in 2019 (-31.8 %)' };
    const model = { ...m, targets: m.targets.map((t, i) => (i === 0 ? { ...t, value } : t)) };
    for (const text of [renderMarkdown(model), renderHtml(model)]) {
      expect(text).toContain('1.287 vụ năm 2025 so với 1.887 vụ năm 2019 (-31,8 %)');
      expect(text).not.toContain('1,287');
    }
  });

  it('has the sections, the attainment table and the summary of trends', () => {
    for (const h of [
      '## Mục tiêu của kế hoạch',
      '## Tỷ lệ đạt chuẩn an ninh, trật tự theo năm',
      '## Tội phạm theo năm so với năm gốc',
      '## Xu hướng cấp xã so với năm gốc',
      '### Xã, nhóm xã chưa đạt mức giảm, theo mức thiếu hụt',
      '### Các nhóm xã đánh giá chung',
      '### Thông tin cần bổ sung để đánh giá riêng từng xã',
      '### Nguồn tài liệu về sắp xếp đơn vị hành chính làm căn cứ tính số liệu',
      '### Xã, nhóm xã chưa có kết quả đánh giá và lý do',
      '## Xu hướng cấp huyện so với năm gốc',
      '## Chênh lệch giữa công nhận và kết quả tính',
      '## Theo dõi thực hiện kế hoạch',
      '## Ghi chú',
    ]) {
      expect(vi).toContain(h);
    }
    expect(vi).toContain('| Huyện NTM | 9.4 | 2025 | – | – | – | Không đánh giá được | 60 % |');
    expect(vi).toContain('Bộ Công an');
    expect(en).toContain("Provincial People's Committee");
  });

  it('sums the trends up: localities alone and groups apart, the share alone, the province beside them', () => {
    const trends = mdSection(vi, '## Xu hướng cấp xã so với năm gốc');
    expect(trends).toContain('Chỉ số: Số vụ phạm tội về trật tự xã hội, năm 2025 so với năm 2019. Mục tiêu: mỗi xã giảm ít nhất 5 % so với năm 2019.');
    expect(trends).not.toContain('social-order-crime');
    expect(trends).toContain('| Xã đánh giá riêng | 142 xã | 103 xã | 29 xã | 10 xã | Năm gốc bằng 0: 3 xã; Không so sánh được: 7 xã |');
    expect(trends).toContain('| Nhóm xã đánh giá chung | 5 nhóm (24 xã) | 2 nhóm | 2 nhóm | 1 nhóm | Năm gốc bằng 0: 1 nhóm |');
    expect(trends).toContain('5 nhóm gồm 24 xã, mỗi nhóm từ 2 đến 8 xã. Các xã trong cùng một nhóm được đánh giá chung vì chỉ xác định được chính xác địa giới năm 2019 của cả nhóm');
    expect(trends).toContain('Tỷ lệ xã được đánh giá riêng: 85,54 % (142/166 xã).');
    expect(trends).toContain('Toàn tỉnh (Tỉnh Thanh Hóa): 946 vụ năm 2025 so với 1.520 vụ năm 2019 (-37,76 %). Kết quả: Đạt.');
    const en2 = mdSection(en, '## Commune trends against the baseline');
    expect(en2).toContain('| Communes assessed alone | 142 communes | 103 communes | 29 communes | 10 communes | Baseline is zero: 3 communes; Not comparable: 7 communes |');
    expect(en2).toContain('| Groups of communes assessed together | 5 groups (24 communes) | 2 groups | 2 groups | 1 group | Baseline is zero: 1 group |');
    expect(en2).toContain('5 groups holding 24 communes, of 2 to 8 communes each.');
    expect(en2).toContain('Share of communes assessed alone: 85.54 % (142 of 166 communes).');
    expect(en2).toContain('The province as a whole (Tỉnh Thanh Hóa): 946 cases in 2025 against 1,520 cases in 2019 (-37.76 %). Outcome: Met.');
  });

  it('lists the top 20 units below the cut by gap, groups by their members, and points to the CSV for the rest', () => {
    const section = mdSection(vi, '### Xã, nhóm xã chưa đạt mức giảm, theo mức thiếu hụt');
    expect(count(section, /^\| (1\d{4}|Nhóm \d+) \|/m)).toBe(20);
    expect(section).toContain('Hiển thị 20/31 đơn vị đánh giá; danh sách đầy đủ có trong tệp CSV và JSON của báo cáo.');
    expect(section.indexOf('Xã Hoằng Quang')).toBeLessThan(section.indexOf('Xã Quảng Tâm'));
    expect(section).toContain('| Nhóm 2 | Nhóm 8 xã: Xã Mường Lát, Xã Tam Chung, Xã Mường Lý, Xã Trung Lý, Xã Quang Chiểu, Xã Pù Nhi, Xã Nhi Sơn, Xã Mường Chanh | 14 | 13 | +7,69 % | 12,69 |');
    expect(section).toContain('| 15900 | Xã Hoằng Quang | 56 | 50 | +12 % | 17 |');
    expect(section).not.toContain('Xã Quan Sơn');
    expect(mdSection(en, '### Communes and groups of communes below the cut, by gap')).toContain("Showing 20 of 31 units of assessment; the full list is in the report's CSV and JSON files.");
  });

  it('lists every comparison group with its members, verdict, counts, change and reason', () => {
    const section = mdSection(vi, '### Các nhóm xã đánh giá chung');
    for (const g of fixtureModel().trends.groupList) {
      for (const m of g.members) expect(section).toContain(`${m.name} (${m.code})`);
      expect(section).toContain(g.reason.vi);
    }
    expect(section).toContain('| Nhóm 4 | Xã Quan Sơn (15016), Xã Tam Lư (15019) | Không đạt | 7 | 7 | 0 % | Không tách riêng được vì chưa xác định tỷ lệ chia Thị trấn Sơn Lư (15016). |');
    expect(section).toContain('| Nhóm 3 | Xã Sơn Thủy (15010), Xã Sơn Điện (15022) | Năm gốc bằng 0 | 2 | 0 | – |');
    expect(section).not.toContain('Hiển thị');
    expect(mdSection(en, '### Groups of communes assessed together')).toContain('| Group 1 | Phường Hàm Rồng (14758), Phường Hạc Thành (14797)');
  });

  it('says how to close the gap: each missing fact, its command, the groups it splits, and the file import', () => {
    const section = mdSection(vi, '### Thông tin cần bổ sung để đánh giá riêng từng xã');
    for (const f of fixtureModel().trends.missingFacts) {
      expect(section).toContain(f.text.vi);
      if (f.command !== null) expect(section).toContain(`\`${f.command}\``);
    }
    expect(section).toContain('1. Chưa xác định đơn vị tiếp nhận Phường Tân Sơn (14788), giải thể từ ngày 01/01/2025 theo 1290/NQ-UBTVQH15');
    expect(section).toContain('   - Lệnh ghi nhận: `ntm-antt lineage shares --code 15016 --date 2025-07-01 --share 15019=<tử số/mẫu số> --share 15016=<tử số/mẫu số> --evidence <documented|secondary> --source "<nguồn>"`\n   - Nhóm liên quan: nhóm 4');
    expect(section).toContain('   - Lệnh ghi nhận: Không ghi nhận được bằng lệnh\n   - Nhóm liên quan: nhóm 3');
    expect(section).toContain('Có thể nhập nhiều thông tin cùng lúc từ tệp CSV hoặc JSON bằng lệnh `ntm-antt import lineage <tệp>` (các cột của tệp được mô tả tại docs/cli.md).');
    expect(mdSection(en, '### How to close the gap: the facts that would let each commune be assessed alone')).toContain('Facts can also be imported from a CSV or JSON file with `ntm-antt import lineage <file>` (its columns are documented in docs/cli.md).');
  });

  it('cuts a long list of missing facts at 20 and points to the CSV and JSON for the rest', () => {
    const m = fixtureModel();
    const facts = Array.from({ length: 25 }, (_, i) => ({ ...m.trends.missingFacts[0]!, text: { vi: `Thông tin ${i + 1}.`, en: `Fact ${i + 1}.` } }));
    const section = mdSection(renderMarkdown({ ...m, trends: { ...m.trends, missingFacts: facts } }), '### Thông tin cần bổ sung để đánh giá riêng từng xã');
    expect(count(section, /^\d+\. Thông tin/m)).toBe(20);
    expect(section).toContain('Hiển thị 20/25 thông tin; danh sách đầy đủ có trong tệp CSV và JSON của báo cáo.');
    expect(section).not.toContain('Thông tin 21.');
  });

  it('gives the sources: level, fact, link, quote, caveat and the units resting on each', () => {
    const section = mdSection(vi, '### Nguồn tài liệu về sắp xếp đơn vị hành chính làm căn cứ tính số liệu');
    expect(section).toContain('- **Xã Triêu Dương (16573) nhập vào Xã Hải Ninh (16576) từ ngày 01/12/2019** (nguồn thứ cấp; Căn cứ: 786/NQ-UBTVQH14)');
    expect(section).toContain('  - Nguồn: <https://m.baomoi.com/huyen-tinh-gia-cong-bo-nghi-quyet-so-786-nq-ubtvqh14-cua-uy-ban-thuong-vu-quoc-hoi-ve-sap-xep-cac-don-vi-hanh-chinh-cap-xa/c/33139957.epi> (bản tin huyện Tĩnh Gia công bố Nghị quyết 786/NQ-UBTVQH14)');
    expect(section).toContain('  - Trích dẫn: “Nhập toàn bộ diện tích tự nhiên, quy mô dân số của xã Triêu Dương vào xã Hải Ninh.”');
    expect(section).toContain('  - Lưu ý: Nguồn thứ cấp; chưa đối chiếu với văn bản Nghị quyết.');
    expect(section).toContain('  - Đơn vị sử dụng: Xã Hoạt Giang (15286)');
    expect(section).toContain('  - Đơn vị sử dụng: nhóm 5');
    expect(section).toContain('(suy luận từ mã và tên, độ tin cậy cao; Căn cứ: 786/NQ-UBTVQH14)');
    expect(section).toContain('  - Nguồn: Danh mục đơn vị hành chính của Tổng cục Thống kê, bản ngày 01/12/2019');
    expect(mdSection(en, '### Sources: the reorganisation facts the figures rest on')).toContain('(secondary source; Legal basis: 786/NQ-UBTVQH14)');
  });

  it('lists the units without a verdict with their outcome and reason, groups included', () => {
    const section = mdSection(vi, '### Xã, nhóm xã chưa có kết quả đánh giá và lý do');
    expect(section).toContain('| 15031 | Xã Yên Khương | Năm gốc bằng 0 | năm gốc bằng 0 |');
    expect(section).toContain('| 15604 | Xã Pù Nhi | Không so sánh được | not comparable: 2019 incidents without a commune |');
    expect(section).toContain('| Nhóm 3 | Nhóm 2 xã: Xã Sơn Thủy, Xã Sơn Điện | Năm gốc bằng 0 | năm gốc bằng 0 |');
    expect(count(section, /^\| (1\d{4}|Nhóm \d+) \|/m)).toBe(11);
  });

  it('prints why there are no district trends when the district level is gone', () => {
    const section = mdSection(vi, '## Xu hướng cấp huyện so với năm gốc');
    expect(section.trim()).toBe('## Xu hướng cấp huyện so với năm gốc\n\nCấp huyện chấm dứt hoạt động từ 01/07/2025 (Luật 72/2025/QH15).');
    expect(en).toContain('## District trends against the baseline\n\nThe district level was abolished on 2025-07-01 (Luật 72/2025/QH15).');
    const bare = renderMarkdown({ ...fixtureModel(), districtTrendsNote: null });
    expect(bare).not.toContain('Xu hướng cấp huyện');
  });

  it('gives the districts their own section, in the same shape, on a report that has them', () => {
    const md = renderMarkdown(fixtureModel2024());
    const section = mdSection(md, '## Xu hướng cấp huyện so với năm gốc');
    expect(section).toContain('Mục tiêu: mỗi huyện giảm ít nhất 5 % so với năm 2019.');
    expect(section).toContain('| Huyện đánh giá riêng | 25 huyện | 18 huyện | 6 huyện | 1 huyện | Năm gốc bằng 0: 1 huyện |');
    expect(section).toContain('| Nhóm huyện đánh giá chung | 1 nhóm (2 huyện) | 1 nhóm | 0 nhóm | 0 nhóm | – |');
    expect(section).toContain('1 nhóm gồm 2 huyện, mỗi nhóm 2 huyện.');
    expect(section).toContain('Tỷ lệ huyện được đánh giá riêng: 92,59 % (25/27 huyện).');
    expect(section).toContain('Toàn tỉnh (Tỉnh Thanh Hóa): 1.498 vụ năm 2024 so với 1.520 vụ năm 2019 (-1,45 %). Kết quả: Không đạt.');
    for (const h of ['### Huyện, nhóm huyện chưa đạt mức giảm, theo mức thiếu hụt', '### Các nhóm huyện đánh giá chung', '### Thông tin cần bổ sung để đánh giá riêng từng huyện', '### Huyện, nhóm huyện chưa có kết quả đánh giá và lý do']) {
      expect(section).toContain(h);
    }
    expect(count(mdSection(section, '### Huyện, nhóm huyện chưa đạt mức giảm, theo mức thiếu hụt'), /^\| \d{3} \|/m)).toBe(6);
    expect(section).toContain('| Nhóm 1 | Thành phố Thanh Hóa (380), Huyện Đông Sơn (405) | Đạt | 301 | 344 | -12,5 % |');
    expect(section).toContain('`ntm-antt lineage receiver --code 16393 --date 2019-12-01');
    expect(section).toContain('  - Đơn vị sử dụng: Thị xã Nghi Sơn (407)');
    expect(section).not.toContain('Hiển thị');
    expect(renderMarkdown(fixtureModel2024(), 'en')).toContain('## District trends against the baseline\n\nMetric: Social-order crime cases, 2024 against 2019. Target: each district cuts at least 5 % against 2019.');
  });

  it('names standards by their set and indicator, never by their ids, in disagreements', () => {
    const section = mdSection(vi, '## Chênh lệch giữa công nhận và kết quả tính');
    expect(section).toContain('| 15913 | Xã Hoằng Quang | Xã NTM 19.2 | 2025 |');
    expect(section).toContain('| 16033 | Xã Thiệu Vận | Xã NTM nâng cao 19.2 | 2025 |');
    expect(section).not.toMatch(/commune-(standard|advanced)-2021/);
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
    expect(failingRow.split(/(?<!\\)\|/).length - 2).toBe(6);
    const groupRow = md.split('\n').find((l) => l.includes('&lt;script&gt;') && l.startsWith('| Nhóm 1 |'))!;
    expect(groupRow.split(/(?<!\\)\|/).length - 2).toBe(7);
    expect(md).not.toContain('<img');
    expect(md).not.toContain('<javascript:');
    expect(md).toContain('Nguồn: javascript:alert(document.cookie)');
    expect(md).toContain('Nguồn: <https://evil.example/x> "&gt;&lt;script&gt;');
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

  it('needs no script and loads nothing from outside: its only addresses are links to the sources', () => {
    const sources = fixtureModel().trends.evidence.flatMap((e) => (e.source !== null && /^https?:\/\//.test(e.source) ? [e.source.split(' ')[0]!] : []));
    expect(sources.length).toBeGreaterThan(0);
    const link = /<a href="([^"]*)" rel="noopener noreferrer">([^<]*)<\/a>/g;
    const links = [...html.matchAll(link)];
    expect(links.map((l) => l[1])).toEqual(sources.map((u) => u.replace(/&/g, '&amp;')));
    expect(links.every((l) => l[1] === l[2])).toBe(true);
    const rest = html.replace(link, '');
    expect(html).not.toMatch(/<script/i);
    expect(rest).not.toMatch(/https?:\/\//);
    expect(rest).not.toMatch(/\s(src|href)=/i);
    expect(html).not.toMatch(/\ssrc=/i);
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
    expect(evil).not.toMatch(/href="(?!https?:\/\/)/);
    expect(evil).toContain('<span class="sub">Nguồn: javascript:alert(document.cookie)</span>');
    expect(evil).toContain('<a href="https://evil.example/x" rel="noopener noreferrer">https://evil.example/x</a> &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(evil).toContain('<td>Lý do &lt;script&gt;');
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
    // the Vietnamese page names each figure, not its internal key; the English page keeps the key for cross-reference
    const diff = html.slice(html.indexOf('id="diff"'), html.indexOf('</section>', html.indexOf('id="diff"')));
    for (const d of fixtureModel().diff ?? []) expect(diff).not.toContain(`<code>${d.key}</code>`);
    expect(renderHtml(fixtureModel(), 'en')).toContain(`<code>${fixtureModel().diff![0]!.key}</code>`);
    expect(html).toContain('Thiếu kinh phí xây dựng mô hình tự quản');
    expect(html).toContain('Số liệu vụ việc là dữ liệu tổng hợp giả lập');
    const en = renderHtml(fixtureModel(), 'en');
    expect(en).toContain('As filed on 20 Jan 2026 vs today');
    expect(en).toContain('Figures as of 20 Jan 2026');
  });

  it('has a trends section per level: the summary, the lists, and why there are no districts', () => {
    const communes = htmlSection(html, 'trends');
    expect(tagProblems(communes)).toEqual([]);
    expect(communes).toContain('<h2>Xu hướng cấp xã so với năm gốc</h2>');
    expect(communes).toContain('<tr><th scope="row">Xã đánh giá riêng</th><td class="num">142 xã</td><td class="num">103 xã</td><td class="num">29 xã</td><td class="num">10 xã</td><td>Năm gốc bằng 0: 3 xã; Không so sánh được: 7 xã</td></tr>');
    expect(communes).toContain('<tr><th scope="row">Nhóm xã đánh giá chung</th><td class="num">5 nhóm<span class="sub">24 xã</span></td><td class="num">2 nhóm</td><td class="num">2 nhóm</td><td class="num">1 nhóm</td><td>Năm gốc bằng 0: 1 nhóm</td></tr>');
    expect(communes).toContain('<p>Tỷ lệ xã được đánh giá riêng: 85,54 % (142/166 xã).</p>');
    expect(communes).toContain('<p>Toàn tỉnh (Tỉnh Thanh Hóa): 946 vụ năm 2025 so với 1.520 vụ năm 2019 (-37,76 %). Kết quả: Đạt.</p>');
    for (const h of ['Xã, nhóm xã chưa đạt mức giảm, theo mức thiếu hụt', 'Các nhóm xã đánh giá chung', 'Thông tin cần bổ sung để đánh giá riêng từng xã', 'Nguồn tài liệu về sắp xếp đơn vị hành chính làm căn cứ tính số liệu', 'Xã, nhóm xã chưa có kết quả đánh giá và lý do']) {
      expect(communes).toContain(`<h3>${h}</h3>`);
    }
    const districts = htmlSection(html, 'district-trends');
    expect(districts).toBe('<section class="trends" id="district-trends"><h2>Xu hướng cấp huyện so với năm gốc</h2><p>Cấp huyện chấm dứt hoạt động từ 01/07/2025 (Luật 72/2025/QH15).</p></section>');
  });

  it('shows the groups with their members and reasons, the commands, the sources and the units without a verdict', () => {
    const communes = htmlSection(html, 'trends');
    for (const g of fixtureModel().trends.groupList) {
      expect(communes).toContain(escapeXml(g.members.map((m) => `${m.name} (${m.code})`).join(', ')));
      expect(communes).toContain(`<td>${escapeXml(g.reason.vi)}</td>`);
    }
    expect(communes).toContain('<td class="nowrap">Nhóm 2</td><td>Nhóm 8 xã: Xã Mường Lát, Xã Tam Chung');
    expect(communes).toContain('<td><span class="badge not_met">Không đạt</span></td><td class="num">14</td><td class="num">13</td><td class="num">+7,69 %</td>');
    for (const f of fixtureModel().trends.missingFacts) if (f.command !== null) expect(communes).toContain(`<code class="cmd">${escapeXml(f.command)}</code>`);
    expect(communes).toContain('<span class="na">Không ghi nhận được bằng lệnh</span>');
    expect(communes).toContain('<p>Có thể nhập nhiều thông tin cùng lúc từ tệp CSV hoặc JSON bằng lệnh <code>ntm-antt import lineage &lt;tệp&gt;</code> (các cột của tệp được mô tả tại docs/cli.md).</p>');
    expect(communes).toContain('<span class="desc">Xã Hà Thanh (15289) nhập vào Xã Hoạt Giang (15283) từ ngày 01/12/2019</span> <span class="badge other">nguồn thứ cấp</span>');
    expect(communes).toContain('<span class="sub">Trích dẫn: “Nhập toàn bộ diện tích tự nhiên, quy mô dân số của xã Hà Thanh vào xã Hoạt Giang.”</span>');
    expect(communes).toContain('<span class="sub">Đơn vị sử dụng: nhóm 5</span>');
    expect(communes).toContain('<span class="sub">Nguồn: Nghị quyết 1686/NQ-UBTVQH15 ngày 16/6/2025, Điều 1</span>');
    expect(communes).toContain('<td class="nowrap">Nhóm 3</td><td>Nhóm 2 xã: Xã Sơn Thủy, Xã Sơn Điện</td><td><span class="badge other">Năm gốc bằng 0</span></td>');
    expect(count(communes, 'Hiển thị 20/31 đơn vị đánh giá; danh sách đầy đủ có trong tệp CSV và JSON của báo cáo.')).toBe(1);
  });

  it('gives the districts their own section on a report that has them', () => {
    const page = renderHtml(fixtureModel2024());
    expect(tagProblems(page)).toEqual([]);
    const districts = htmlSection(page, 'district-trends');
    expect(districts).toContain('<h2>Xu hướng cấp huyện so với năm gốc</h2>');
    expect(districts).toContain('<tr><th scope="row">Huyện đánh giá riêng</th><td class="num">25 huyện</td><td class="num">18 huyện</td><td class="num">6 huyện</td><td class="num">1 huyện</td><td>Năm gốc bằng 0: 1 huyện</td></tr>');
    expect(districts).toContain('<td>Thành phố Thanh Hóa (380), Huyện Đông Sơn (405)</td><td><span class="badge met">Đạt</span></td>');
    expect(districts).toContain('<h3>Thông tin cần bổ sung để đánh giá riêng từng huyện</h3>');
    expect(districts).not.toContain('Hiển thị');
    const en = htmlSection(renderHtml(fixtureModel2024(), 'en'), 'district-trends');
    expect(en).toContain('<h2>District trends against the baseline</h2>');
    expect(en).toContain('<p>The province as a whole (Tỉnh Thanh Hóa): 1,498 cases in 2024 against 1,520 cases in 2019 (-1.45 %). Outcome: Not met.</p>');
  });

  it('copes with trends that have nothing to list', () => {
    const m = fixtureModel();
    const empty = {
      ...m.trends,
      alone: { total: 0, met: 0, notMet: 0, noData: 0, baselineMissing: 0, baselineZero: 0, notComparable: 0 },
      groups: { total: 0, met: 0, notMet: 0, noData: 0, baselineMissing: 0, baselineZero: 0, notComparable: 0, localities: 0, minSize: null, maxSize: null },
      localities: 0,
      aloneSharePercent: null,
      province: { ...m.trends.province, outcome: 'no_data' as const, current: null, baseline: null, changePercent: null },
      failing: [],
      groupList: [],
      notComparableList: [],
      missingFacts: [],
      evidence: [],
      verdicts: [],
    };
    const page = renderHtml({ ...m, trends: empty, districtTrendsNote: null });
    expect(tagProblems(page)).toEqual([]);
    expect(page).not.toContain('NaN');
    expect(page).not.toContain('id="district-trends"');
    const section = htmlSection(page, 'trends');
    expect(count(section, '<p class="muted">Không có</p>')).toBe(5);
    expect(section).toContain('<p>Toàn tỉnh (Tỉnh Thanh Hóa): Không có số liệu.</p>');
    expect(section).toContain('Không có nhóm đánh giá chung: mọi xã đều được đánh giá riêng.');
    const md = renderMarkdown({ ...m, trends: empty, districtTrendsNote: null });
    expect(count(mdSection(md, '## Xu hướng cấp xã so với năm gốc'), /^Không có$/m)).toBe(5);
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
