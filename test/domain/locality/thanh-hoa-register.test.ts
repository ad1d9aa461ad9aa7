import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalityHistory, type LocalityEventBody } from '../../../src/domain/locality/index.js';
import { readThanhHoaData, thanhHoaRegisterEvents, type ThanhHoaData } from '../../../src/reference/thanh-hoa.js';
import type { UnitsSnapshotFile } from '../../../src/domain/locality/reference-register.js';

let data: ThanhHoaData;
let events: LocalityEventBody[];
let history: LocalityHistory;
const STALE = new Set(['16387', '16411']);

beforeAll(() => {
  data = readThanhHoaData();
  events = thanhHoaRegisterEvents(data).events;
  history = LocalityHistory.from(events);
});

function snapshotUnits(s: UnitsSnapshotFile) {
  const parent = (c: { districtCode?: string | undefined }) => c.districtCode ?? s.province.code;
  return [
    { code: s.province.code, name: s.province.name, kind: 'province', parentCode: null },
    ...s.districts.map((d) => ({ code: d.code, name: d.name, kind: d.kind, parentCode: s.province.code })),
    ...s.communes.filter((c) => !(STALE.has(c.code) && s.asOf.startsWith('2025'))).map((c) => ({ code: c.code, name: c.name, kind: c.kind, parentCode: parent(c) })),
  ].sort((a, b) => a.code.localeCompare(b.code));
}

describe('Thanh Hóa register from the reference data', () => {
  it('replays without anomalies', () => {
    expect(history.anomalies).toEqual([]);
  });

  it.each([
    ['2019-11-01', 'units2019'],
    ['2021-07-01', 'units2021'],
    ['2025-03-01', 'units2025March'],
    ['2025-07-01', 'units2025July'],
  ] as const)('hierarchyAt(%s) equals the snapshot file unit by unit (code, name, kind, parent)', (date, key) => {
    const h = history.hierarchyAt(date);
    const actual = [...h.units.values()].map((u) => ({ code: u.code, name: u.name, kind: u.kind, parentCode: u.parentCode })).sort((a, b) => a.code.localeCompare(b.code));
    expect(actual).toEqual(snapshotUnits(data[key]));
  });

  it('the stale 2025 entries are treated as not existing', () => {
    // 16387 existed in 2019 and was dissolved by 786; 16411 never appears before 2025; neither reappears in 2025
    expect(history.isOpen('16387', '2019-11-01')).toBe(true);
    expect(history.unit('16387')?.closedOn).toBe('2019-12-01');
    expect(history.unit('16411')).toBeUndefined();
    expect(history.isOpen('16387', '2025-03-01')).toBe(false);
    expect(history.hierarchyAt('2025-03-01').ofLevel('commune')).toHaveLength(547);
  });

  it('every high-confidence merge of 786/NQ-UBTVQH14: the survivor is made, whole, of itself, the units it absorbed and the receivers found in sources', () => {
    const t = data.changes.transitions[0]!;
    const high = t.merges.filter((m) => m.confidence === 'high');
    expect(high.length).toBe(27);
    const found = data.lineageEvidence.receivers.filter((r) => r.date === '2019-12-01');
    for (const m of high) {
      const f = history.footprint(m.into!, '2019-11-30', '2019-12-01')!;
      const identified = found.filter((r) => r.receiver === m.into).map((r) => r.code);
      expect(f.pieces.map((p) => [p.code, p.share.kind]), m.into!).toEqual([...new Set([m.into!, ...m.from, ...identified])].sort().map((c) => [c, 'whole']));
      expect(f.exact, m.into!).toBe(true);
    }
    // Xã Trường Xuân (15598): the source adds Xuân Tân to the two predecessors the codes show
    expect(history.footprint('15598', '2019-11-30', '2019-12-01')!.pieces.map((p) => p.code)).toEqual(['15595', '15598', '15601']);
  });

  it('a unit dissolved in 2019 whose receiver no source names makes its possible receivers inexact, while its district stays exact', () => {
    // 14893 Xã Thanh Xuân (Quan Hóa, 385): receiver not found
    expect(data.lineageEvidence.unresolved.map((u) => u.code)).toContain('14893');
    const dissolved = history.steps.find((s) => s.type === 'dissolve' && s.code === '14893');
    expect(dissolved).toMatchObject({ type: 'dissolve', date: '2019-12-01', receiver: undefined });
    const receivers = (dissolved as { possibleReceivers: readonly string[] }).possibleReceivers;
    expect(receivers.length).toBeGreaterThan(1);
    for (const r of receivers) {
      const f = history.footprint(r, '2019-06-30', '2024-12-31')!;
      expect(f.exact, r).toBe(false);
      expect(f.pieces.find((p) => p.code === '14893')?.share).toMatchObject({ kind: 'unknown', reason: 'receiver_unknown', because: [{ type: 'dissolve', code: '14893' }] });
    }
    const district = history.footprint('385', '2019-06-30', '2024-12-31')!;
    expect(district.exact).toBe(true);
    expect(district.pieces.find((p) => p.code === '14893')?.share).toEqual({ kind: 'whole' });
  });

  it('a receiver found in a source makes the receiver exact; its evidence travels with the lineage', () => {
    // 14851 Xã Tén Tằn → 14845 Thị trấn Mường Lát (documented)
    const f = history.footprint('14845', '2019-06-30', '2024-12-31')!;
    expect(f.exact).toBe(true);
    expect(f.pieces.map((p) => [p.code, p.share.kind])).toEqual([
      ['14845', 'whole'],
      ['14851', 'whole'],
    ]);
    const step = history.steps.find((s) => s.type === 'dissolve' && s.code === '14851');
    expect(step).toMatchObject({ receiver: { code: '14845', legalBasis: '786/NQ-UBTVQH14', evidence: { level: 'documented', quote: 'Ngày 1 tháng 12 năm 2019, sáp nhập xã Tén Tằn vào thị trấn Mường Lát.' } } });
    // every other possible receiver of Tén Tằn is exact again
    for (const r of (step as { possibleReceivers: readonly string[] }).possibleReceivers) expect(history.footprint(r, '2019-06-30', '2024-12-31')!.exact, r).toBe(true);
  });

  it('the 2025 reform: a commune made of whole units has an exact footprint; one with a part of a split unit does not', () => {
    const whole = history.footprint('16591', '2025-06-30', '2025-07-01')!; // Xã Các Sơn = Anh Sơn + Các Sơn (clause 1)
    expect(whole.pieces.map((p) => [p.code, p.share.kind])).toEqual([
      ['16579', 'whole'],
      ['16591', 'whole'],
    ]);
    const split = history.footprint('15271', '2025-06-30', '2025-07-01')!; // Xã Hà Trung: parts of TT Hà Trung and Hà Bình
    expect(split.exact).toBe(false);
    expect(split.pieces.filter((p) => p.share.kind === 'unknown').map((p) => p.code)).toEqual(['15271', '15328']);
    // the two new units that share the split units (Xã Hà Trung 15271, Xã Hoạt Giang 15286) are, together, exact
    const both = history.footprintOf(['15271', '15286'], '2025-06-30', '2025-07-01')!;
    expect(both.exact).toBe(true);
    expect(both.pieces.map((p) => p.code)).toEqual(['15271', '15283', '15286', '15304', '15307', '15319', '15328']);
    expect(both.steps.filter((s) => s.type === 'split').length).toBe(2);
  });

  it('Thị trấn Mường Lát becomes Xã Mường Lát on 2025-07-01 and enters the rural set from that day', () => {
    expect(history.kindAt('14845', '2025-06-30')).toBe('thi-tran');
    expect(history.at('14845', '2025-07-01')).toMatchObject({ kind: 'xa', name: 'Xã Mường Lát', parentCode: '38' });
  });

  it('every change carries an effective date and a legal basis; window-dated ones keep their window', () => {
    for (const e of events) {
      const d = e.data as { effectiveDate: string; legalBasis: string; provenance?: { observedWindow?: { firstSeen: string } } };
      expect(d.legalBasis.length).toBeGreaterThan(0);
      if (d.provenance?.observedWindow !== undefined) expect(d.effectiveDate).toBe(d.provenance.observedWindow.firstSeen);
    }
    const thieuPhu = events.find((e) => e.type === 'LocalitiesMerged' && e.data.sources.includes('15790'));
    expect(thieuPhu?.data).toMatchObject({ target: '15829', effectiveDate: '2024-05-01', provenance: { observedWindow: { after: '2024-02-01', firstSeen: '2024-05-01' } } });
  });

  it('examples/units-at.ts prints the counts of the acceptance', () => {
    const run = (date: string) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'examples/units-at.ts', date], { encoding: 'utf8' })) as unknown;
    expect(run('2019-11-01')).toEqual({ date: '2019-11-01', districts: { huyen: 24, 'thi-xa': 1, 'thanh-pho': 2 }, communes: { xa: 573, phuong: 34, 'thi-tran': 28 } });
    expect(run('2021-07-01')).toMatchObject({ communes: { xa: 469, phuong: 60, 'thi-tran': 30 } });
    expect(run('2025-03-01')).toEqual({ date: '2025-03-01', districts: { huyen: 22, 'thi-xa': 2, 'thanh-pho': 2 }, communes: { xa: 452, phuong: 63, 'thi-tran': 32 } });
    expect(run('2025-07-01')).toEqual({ date: '2025-07-01', districts: { huyen: 0, 'thi-xa': 0, 'thanh-pho': 0 }, communes: { xa: 147, phuong: 19, 'thi-tran': 0 } });
  }, 60_000);
});
