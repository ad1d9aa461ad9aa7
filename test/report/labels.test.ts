import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatNumber,
  shortfallText,
  formatPercent,
  label,
  LABELS,
  localiseNumbers,
  outcomeLabel,
  recipientLabel,
  setLabel,
  statusLabel,
  type ReportOutcome,
  type ReportTargetStatus,
} from '../../src/report/index.js';
import { countText, nounText } from '../../src/report/labels.js';

describe('labels', () => {
  it('has every label in both languages', () => {
    for (const [key, text] of Object.entries(LABELS)) {
      expect(text.vi.trim(), key).not.toBe('');
      expect(text.en.trim(), key).not.toBe('');
      const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(params(text.vi), key).toEqual(params(text.en));
    }
  });

  it('writes Vietnamese as an official would: no English words, no internal ids', () => {
    const english = /\b(the|of|and|or|with|each|group|groups|commune|communes|district|districts|case|cases|met|not|assessed|alone|source|sources|fact|facts|unit|units|file|share|cut|gap|baseline|province|showing)\b/i;
    for (const [key, text] of Object.entries(LABELS)) {
      const vi = text.vi.replace(/\{\w+\}/g, '');
      expect(vi, key).not.toMatch(english);
      expect(vi, key).not.toMatch(/[a-z]+-[a-z]+-\d{4}|\w+\.\w+:\w+/);
    }
  });

  it('counts with units: xã, huyện, nhóm, vụ', () => {
    expect(countText(1319, 'case')).toBe('1.319 vụ');
    expect(countText(24, 'commune')).toBe('24 xã');
    expect(countText(5, 'group')).toBe('5 nhóm');
    expect(countText(27, 'district')).toBe('27 huyện');
    expect(countText(1, 'group', 'en')).toBe('1 group');
    expect(countText(24, 'commune', 'en')).toBe('24 communes');
    expect(countText(0, 'district', 'en')).toBe('0 districts');
    expect(countText(null, 'case')).toBe('–');
    expect(nounText('unit', 'en', 31)).toBe('units of assessment');
    expect(label('trends.rule', 'vi', { unit: nounText('district', 'vi', 1), pct: '5 %', year: 2019 })).toBe('Mục tiêu: mỗi huyện giảm ít nhất 5 % so với năm 2019.');
    expect(label('misc.showing', 'vi', { n: 20, total: 31, what: nounText('unit') })).toBe('Hiển thị 20/31 đơn vị đánh giá; danh sách đầy đủ có trong tệp CSV và JSON của báo cáo.');
  });

  it('names the statuses and outcomes', () => {
    const statuses: Record<ReportTargetStatus, [string, string]> = {
      met: ['Đạt', 'Met'],
      on_track: ['Đúng tiến độ', 'On track'],
      at_risk: ['Có nguy cơ không đạt', 'At risk'],
      not_met: ['Không đạt', 'Not met'],
      not_assessable: ['Không đánh giá được', 'Not assessable'],
    };
    for (const [s, [vi, en]] of Object.entries(statuses)) {
      expect(statusLabel(s as ReportTargetStatus)).toBe(vi);
      expect(statusLabel(s as ReportTargetStatus, 'en')).toBe(en);
      expect(label(`status.${s as ReportTargetStatus}`, 'vi')).toBe(vi);
    }
    const outcomes: ReportOutcome[] = ['met', 'not_met', 'no_data', 'baseline_missing', 'baseline_zero', 'not_comparable'];
    for (const o of outcomes) expect(outcomeLabel(o, 'en')).not.toBe(outcomeLabel(o, 'vi'));
    expect(outcomeLabel('not_comparable')).toBe('Không so sánh được');
  });

  it('fills placeholders and defaults to Vietnamese', () => {
    expect(label('section.diff', 'vi', { date: '20/01/2026' })).toBe('Số liệu đã báo cáo ngày 20/01/2026 so với hiện nay');
    expect(label('section.diff', 'en', { date: '20 Jan 2026' })).toBe('As filed on 20 Jan 2026 vs today');
    expect(label('meta.asOf', undefined, { date: '20/01/2026' })).toBe('Số liệu tính đến ngày 20/01/2026');
    expect(label('section.diff', 'en')).toBe('As filed on {date} vs today');
  });

  it('names recipients and criteria sets, passing unknown ones through', () => {
    expect(recipientLabel('provincial-peoples-committee')).toBe('UBND tỉnh');
    expect(recipientLabel('ministry-of-public-security', 'en')).toBe('Ministry of Public Security');
    expect(recipientLabel('toString')).toBe('toString');
    expect(setLabel('commune-model-2021')).toBe('Xã NTM kiểu mẫu');
    expect(setLabel('unknown-set')).toBe('unknown-set');
    expect(setLabel('unknown-set', 'en', 'Fallback')).toBe('Fallback');
  });
});

describe('number and date formats', () => {
  it('formats numbers in Vietnamese and English', () => {
    expect(formatNumber(1319)).toBe('1.319');
    expect(formatNumber(1319, 'en')).toBe('1,319');
    expect(formatNumber(1234567.891, 'vi')).toBe('1.234.567,89');
    expect(formatNumber(1234567.891, 'en')).toBe('1,234,567.89');
    expect(formatNumber(87.2149)).toBe('87,21');
    expect(formatNumber(87.2)).toBe('87,2');
    expect(formatNumber(87.2, 'vi', { minDecimals: 2 })).toBe('87,20');
    expect(formatNumber(-0.001)).toBe('0');
    expect(formatNumber(-12.5, 'vi', { signed: true })).toBe('-12,5');
    expect(formatNumber(3, 'en', { signed: true })).toBe('+3');
    expect(formatNumber(0, 'en', { signed: true })).toBe('0');
    expect(formatNumber(null)).toBe('–');
    expect(formatNumber(Number.NaN)).toBe('–');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('–');
  });

  it('formats percentages', () => {
    expect(formatPercent(87.21)).toBe('87,21 %');
    expect(formatPercent(87.21, 'en')).toBe('87.21 %');
    expect(formatPercent(-37.76, 'vi', { signed: true })).toBe('-37,76 %');
    expect(formatPercent(null)).toBe('–');
  });

  it('rewrites English-formatted numbers in display strings for Vietnamese', () => {
    expect(localiseNumbers('87.21 % (409/469)', 'vi')).toBe('87,21 % (409/469)');
    expect(localiseNumbers('1,319.5 cases in 2023', 'vi')).toBe('1.319,5 cases in 2023');
    expect(localiseNumbers('+12.5 %', 'vi')).toBe('+12,5 %');
    expect(localiseNumbers('version 1.2.3, 2025-12-31', 'vi')).toBe('version 1.2.3, 2025-12-31');
    expect(localiseNumbers('87.21 %', 'en')).toBe('87.21 %');
  });

  it('formats dates and times (in Vietnam time)', () => {
    expect(formatDate('2025-12-31')).toBe('31/12/2025');
    expect(formatDate('2025-12-31', 'en')).toBe('31 Dec 2025');
    expect(formatDate('2025-12-31T20:00:00Z')).toBe('01/01/2026');
    expect(formatDate('not a date')).toBe('not a date');
    expect(formatDate(null)).toBe('–');
    expect(formatDateTime('2026-03-02T08:15:00Z')).toBe('02/03/2026 15:15 (UTC+7)');
    expect(formatDateTime('2026-01-20T00:00:00+07:00', 'en')).toBe('20 Jan 2026');
    expect(formatDateTime('2026-01-20')).toBe('20/01/2026');
  });
});

describe('shortfallText', () => {
  it('gives the shortfall with its unit, and nothing for a met target', () => {
    expect(shortfallText({ kind: 'shareRecognised', status: 'at_risk', gap: 8.29, targetPercent: 99 }, 'vi')).toBe('8,29 điểm %');
    expect(shortfallText({ kind: 'shareRecognised', status: 'at_risk', gap: 8.29, targetPercent: 99 }, 'en')).toBe('8.29 pp');
    expect(shortfallText({ kind: 'reductionVsBaseline', status: 'not_met', gap: 45, targetPercent: 100 }, 'vi')).toBe('45 đơn vị đánh giá');
    expect(shortfallText({ kind: 'yearOnYearReduction', status: 'not_met', gap: 2, targetPercent: 100 }, 'en')).toBe('2 comparisons');
    // met: blank, even where the value passed the target (a negative gap)
    expect(shortfallText({ kind: 'shareRecognised', status: 'met', gap: -0.32, targetPercent: 99 }, 'vi')).toBe('');
    expect(shortfallText({ kind: 'shareRecognised', status: 'not_assessable', gap: null, targetPercent: 60 }, 'vi')).toBe('');
  });
});
