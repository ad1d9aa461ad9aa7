// The looked-up lineage facts shipped in data/thanh-hoa/lineage-evidence.json,
// checked against their own quotes and against the inferred lineage.
import { describe, expect, it } from 'vitest';
import { LocalityHistory } from '../../../src/domain/locality/index.js';
import { readThanhHoaData, thanhHoaRegisterEvents } from '../../../src/reference/thanh-hoa.js';

const data = readThanhHoaData();
const evidence = data.lineageEvidence;
const { events, ids } = thanhHoaRegisterEvents(data);
const history = LocalityHistory.from(events);
const bare = (name: string) => name.replace(/^(Thị [Tt]rấn|Phường|Xã) /, '').normalize('NFC').toLowerCase();
const unresolvedLinks = data.changes.transitions.flatMap((t) => t.merges.filter((m) => m.into === null).flatMap((m) => m.from));

describe('lineage-evidence.json', () => {
  it('accounts for each of the 44 dissolutions changes.json leaves without a receiver, once', () => {
    const accounted = [...evidence.receivers.map((r) => r.code), ...evidence.divisions.map((d) => d.code), ...evidence.unresolved.map((u) => u.code)];
    expect(accounted.sort()).toEqual([...unresolvedLinks].sort());
    expect(unresolvedLinks).toHaveLength(44);
    expect(evidence.receivers).toHaveLength(38);
    expect(evidence.unresolved.map((u) => u.code).sort()).toEqual(['14893', '15193', '15217', '16054', '16060']);
  });

  it('every receiver exists on the dissolution date at the same level, named as in the file, and the quote names the dissolved unit (and the receiver, or the caveat says why not)', () => {
    for (const r of evidence.receivers) {
      const step = history.steps.find((s) => s.type === 'dissolve' && s.code === r.code);
      expect(step?.date, r.code).toBe(r.date);
      const unit = history.at(r.receiver, r.date);
      expect(unit?.level, r.receiver).toBe('commune');
      expect(history.at(r.code, '2019-11-30')?.name ?? history.at(r.code, '2024-12-31')?.name, r.code).toBe(r.name);
      const quote = (r.evidence.quote ?? '').normalize('NFC').toLowerCase();
      expect(quote, r.code).toContain(bare(r.name));
      if (!quote.includes(bare(r.receiverName))) expect(r.evidence.caveat, `${r.code}: the quote does not name ${r.receiverName}`).toMatch(/đơn vị tiếp nhận|bị cắt/);
      expect(r.check?.['quoteNamesUnit']).toBe(true);
      expect(r.check?.['quoteNamesReceiver']).toBe(quote.includes(bare(r.receiverName)));
      expect(r.evidence.source ?? r.check?.['alsoIn'] ?? r.evidence.caveat, `${r.code} has a source`).toBeTruthy();
    }
  });

  it('records how each receiver compares with the inferred lineage; two contradict changes.json as the issue says', () => {
    const candidates = new Map(data.changes.transitions.flatMap((t) => t.merges.filter((m) => m.into === null).flatMap((m) => m.from.map((f) => [f, m.candidates ?? []] as const))));
    const contradicting: string[] = [];
    for (const r of evidence.receivers) {
      const step = history.steps.find((s) => s.type === 'dissolve' && s.code === r.code);
      if (step?.type !== 'dissolve') throw new Error(`${r.code} is dissolved`);
      const possible = step.possibleReceivers.includes(r.receiver);
      const cands = candidates.get(r.code)!;
      const note = String(r.check?.['againstData']);
      if (!possible) {
        expect(note, r.code).toMatch(/^contradicts the inferred lineage/);
        contradicting.push(r.code);
      } else if (cands.length > 0 && !cands.includes(r.receiver)) {
        expect(note, r.code).toMatch(/candidates/);
        if (/^contradicts the candidates/.test(note)) contradicting.push(r.code);
      } else expect(note, r.code).toMatch(/^among the possible receivers/);
    }
    // Minh Dân / Minh Châu → Thị trấn Triệu Sơn; Xuân Tân → Trường Xuân
    expect(contradicting.sort()).toEqual(['15595', '15694', '15697']);
  });

  it('is loaded as identifications on top of the dissolutions, with ids by what they are about', () => {
    const facts = events.map((e, i) => [e, ids[i]!] as const).filter(([e]) => e.type === 'LocalityReceiverIdentified' || e.type === 'LocalityDivisionIdentified' || e.type === 'LocalityPartTransferred');
    expect(facts.map(([e]) => e.type).filter((t) => t === 'LocalityReceiverIdentified')).toHaveLength(38);
    expect(facts.map(([, id]) => id)).toContain('ref-lineage-38-receiver-14851-2019-12-01');
    expect(facts.map(([, id]) => id)).toContain('ref-lineage-38-division-16651-2025-01-01');
    expect(facts.map(([, id]) => id)).toContain('ref-lineage-38-part-15070-to-15061-2019-12-01');
    expect(new Set(ids).size).toBe(ids.length);
    // the dissolutions are still recorded as such: the inferred lineage stays apart from the looked-up facts
    expect(events.filter((e) => e.type === 'LocalityDissolved')).toHaveLength(44);
    expect(history.anomalies).toEqual([]);
    for (const [e] of facts) expect((e.data as { evidence: { level: string } }).evidence.level).toMatch(/^(documented|secondary)$/);
  });
});
