import { describe, expect, it } from 'vitest';
import { attainmentChart, CHART_COLOURS, crimeChart, districtMap, type ReportModel } from '../../src/report/index.js';
import { fixtureModel } from './fixture.js';
import { count, tagProblems } from './helpers.js';

const charts = [
  ['attainment', attainmentChart],
  ['crime', crimeChart],
  ['map', districtMap],
] as const;

/** Empty series, null values, no boundaries. */
function emptyModel(): ReportModel {
  const m = fixtureModel();
  return {
    ...m,
    attainment: [],
    crime: { ...m.crime, baseline: null, series: [] },
    trends: { ...m.trends, failing: [], notComparableList: [] },
    map: { ...m.map, note: null, geojson: { type: 'FeatureCollection', features: [] }, districts: [] },
  };
}

/** Every value null or not assessable. */
function nullModel(): ReportModel {
  const m = fixtureModel();
  return {
    ...m,
    attainment: m.attainment.map((a) => ({ ...a, eligible: null, recognised: null, computed: null, recognisedPercent: null, computedPercent: null, targetPercent: null, assessable: a.year !== 2025, reason: a.year === 2025 ? { vi: 'không có số liệu', en: 'no data' } : null })),
    crime: { ...m.crime, baseline: null, series: m.crime.series.map((p) => ({ ...p, value: null, changeVsBaselinePercent: null, outcome: 'baseline_missing' as const })) },
    map: { ...m.map, districts: m.map.districts.map((d) => ({ ...d, value: null, label: 'không so sánh được', outcome: 'not_comparable' as const })) },
  };
}

/** Zeros everywhere, a single year, degenerate and broken geometries. */
function zeroModel(): ReportModel {
  const m = fixtureModel();
  return {
    ...m,
    attainment: [{ ...m.attainment[0]!, eligible: 0, recognised: 0, computed: 0, recognisedPercent: 0, computedPercent: 0, targetPercent: 0 }],
    crime: { ...m.crime, baseline: 0, series: [{ year: 2025, value: 0, changeVsBaselinePercent: null, outcome: 'baseline_zero' }] },
    map: {
      ...m.map,
      geojson: {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { code: '380', name: 'A' }, geometry: { type: 'Polygon', coordinates: [[[105.7, 19.8], [105.7, 19.8], [105.7, 19.8], [105.7, 19.8]]] } },
          { type: 'Feature', properties: { code: '381' }, geometry: { type: 'Point', coordinates: [105, 20] } },
          { type: 'Feature', properties: {}, geometry: null },
          null,
          { type: 'Feature', properties: { code: '382', name: 'B' }, geometry: { type: 'Polygon', coordinates: [[[Number.NaN, 1], ['x', 2]]] } },
        ],
      },
      districts: [{ code: '380', name: 'A', value: 0, label: '0 %', outcome: 'not_met' }],
    },
  };
}

describe.each(charts)('%s chart', (name, chart) => {
  it('is an accessible SVG with its data-chart attribute', () => {
    for (const lang of ['vi', 'en'] as const) {
      const svg = chart(fixtureModel(), lang);
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ')).toBe(true);
      expect(svg).toMatch(new RegExp(`^<svg [^>]*role="img" aria-label="[^"]+" data-chart="${name}"`));
      expect(svg.endsWith('</svg>')).toBe(true);
      expect(tagProblems(svg)).toEqual([]);
      expect(svg).not.toMatch(/NaN|Infinity|undefined/);
      expect(svg).not.toMatch(/<script|\shref=|\son[a-z]+=|@font-face|url\(/i);
    }
  });

  for (const [what, model] of [
    ['empty series', emptyModel],
    ['null values', nullModel],
    ['zeros and broken geometry', zeroModel],
  ] as const) {
    it(`handles ${what} without NaN`, () => {
      const svg = chart(model(), 'vi');
      expect(svg).not.toMatch(/NaN|Infinity|undefined/);
      expect(tagProblems(svg)).toEqual([]);
      expect(svg).toContain(`data-chart="${name}"`);
    });
  }
});

describe('attainmentChart', () => {
  const svg = attainmentChart(fixtureModel());

  it('draws one panel per standard with bars, a computed marker and a dashed target line', () => {
    expect(count(svg, /<g data-standard="/)).toBe(5);
    expect(svg.indexOf('data-standard="commune-standard-2021:19.2"')).toBeLessThan(svg.indexOf('data-standard="district-advanced-2021:9.1"'));
    expect(count(svg, `stroke="${CHART_COLOURS.target}" stroke-width="2" stroke-dasharray="6 4"`)).toBe(5);
    expect(count(svg, `fill="${CHART_COLOURS.bar}"`)).toBe(1 + 3 * 4 + 2 * 3);
    expect(svg).toContain('Mục tiêu 99 %');
    expect(svg).toContain('>90,7<');
  });

  it('shows the district sets in 2025 as not assessable, with the reason', () => {
    // a dash in the bar, explained in words below the chart: no abbreviation to decode
    expect(count(svg, '>–<')).toBe(2);
    expect(svg).not.toContain('k.đ.g.');
    expect(svg).toContain('– = Không đánh giá được');
    expect(svg).toContain('Huyện NTM, Huyện NTM nâng cao (2025)');
    expect(svg).toContain('Luật 72/2025/QH15');
    expect(count(attainmentChart(fixtureModel(), 'en'), '>–<')).toBe(2);
  });
});

describe('crimeChart', () => {
  const svg = crimeChart(fixtureModel());

  it('draws bars per year, the baseline and the 5 % cut line', () => {
    expect(svg).toContain('Năm gốc 2019: 1.520');
    expect(svg).toContain('Mức giảm 5 %: 1.444');
    expect(svg).toContain(`stroke="${CHART_COLOURS.target}" stroke-width="2" stroke-dasharray="7 4"`);
    expect(count(svg, `fill="${CHART_COLOURS.notMet}"`)).toBeGreaterThanOrEqual(1);
    expect(svg).toContain('>1.319<');
    for (const y of [2019, 2020, 2021, 2022, 2023, 2024, 2025]) expect(svg).toContain(`>${y}<`);
    expect(crimeChart(fixtureModel(), 'en')).toContain('5 % cut: 1,444');
  });

  it('says when there is no baseline', () => {
    expect(crimeChart(nullModel())).toContain('Không có số liệu năm gốc 2019');
  });
});

describe('districtMap', () => {
  const svg = districtMap(fixtureModel());
  const paths = [...svg.matchAll(/<path data-code="(\d+)" d="([^"]+)" fill="(#[0-9a-f]{6})"[^>]*><title>([^<]*)<\/title><\/path>/g)];

  it('colours a district with no change (0 %) as unchanged, not as a rise, and says so in the legend', () => {
    const m = fixtureModel();
    const code = m.map.districts.find((d) => d.value !== null)!.code;
    const model: ReportModel = { ...m, map: { ...m.map, districts: m.map.districts.map((d) => (d.code === code ? { ...d, value: 0, label: '0 %' } : d)) } };
    const out = districtMap(model);
    const fill = new RegExp(`<path data-code="${code}" d="[^"]+" fill="(#[0-9a-f]{6})"`).exec(out)?.[1];
    expect(fill).toBe(CHART_COLOURS.unchanged);
    expect(CHART_COLOURS.diverging).not.toContain(fill);
    expect(out).toContain('0 % (không thay đổi)');
    expect(svg).not.toContain('không thay đổi');
  });

  it('draws the 26 districts with a fill and a tooltip', () => {
    expect(paths).toHaveLength(26);
    const byCode = new Map(paths.map((p) => [p[1], p]));
    expect(byCode.get('380')?.[3]).toBe(CHART_COLOURS.missing);
    expect(byCode.get('380')?.[4]).toBe('Thành phố Thanh Hóa: Không so sánh được');
    expect(byCode.get('396')?.[3]).toBe(CHART_COLOURS.missing);
    expect(byCode.get('393')?.[4]).toBe('Huyện Vĩnh Lộc: -30,2 % — Đạt');
    expect(byCode.get('400')?.[3]).not.toBe(CHART_COLOURS.missing);
    expect(CHART_COLOURS.diverging.slice(0, 3)).toContain(byCode.get('393')?.[3]);
    expect(CHART_COLOURS.diverging.slice(3)).toContain(byCode.get('400')?.[3]);
  });

  it('fits the projected province into the drawing', () => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const p of paths) for (const m of p[2]!.matchAll(/(-?[\d.]+) (-?[\d.]+)/g)) xs.push(Number(m[1])), ys.push(Number(m[2]));
    const [w, h] = [Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)];
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(680);
    expect(Math.max(w, h)).toBeGreaterThan(550);
    // Thanh Hóa spans about 1.75° of longitude and 1.4° of latitude at 20° N: wider than tall once scaled by cos(lat).
    expect(w / h).toBeGreaterThan(1.05);
    expect(w / h).toBeLessThan(1.3);
  });

  it('has a legend with the classes, the grey for missing values, and the note', () => {
    // Long texts are wrapped over several <text> lines.
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ');
    expect(texts).toContain('Xanh: giảm; đỏ: tăng; xám: không so sánh được');
    expect(texts).toContain('Không có số liệu / không so sánh được');
    expect(texts).toContain('Cấp huyện đã chấm dứt hoạt động từ 01/7/2025');
    for (const colour of CHART_COLOURS.diverging) expect(svg).toContain(`fill="${colour}" stroke="#4d4d4d"`);
    expect(svg).toContain('Quan Sơn');
  });
});
