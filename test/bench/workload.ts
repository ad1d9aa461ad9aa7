/**
 * The benchmark workload: one deterministic stream of ~220-byte incident
 * events over 600 commune streams with a skewed (Zipf-like) distribution.
 */
import { z } from 'zod';
import { defineEvent, eventRegistry } from '../../src/kernel/index.js';
import { mulberry32 } from '../../src/demo/mulberry32.js';
import { pickWeighted } from '../../src/demo/pick-weighted.js';

export const BenchIncident = defineEvent(
  'BenchIncident',
  z.object({
    incidentId: z.string(),
    localityCode: z.string(),
    category: z.enum(['crime.social-order', 'crime.drug', 'social-evil.gambling', 'traffic-accident', 'mass-complaint']),
    severity: z.enum(['less-serious', 'serious', 'very-serious', 'especially-serious']).nullable(),
    occurredOn: z.iso.date(),
    reportedOn: z.iso.date(),
    casualties: z.object({ deaths: z.number().int().min(0), injuries: z.number().int().min(0) }),
    note: z.string().max(200),
  }),
);
export const benchEvents = eventRegistry([BenchIncident]);

export interface BenchEvent {
  readonly id: string;
  readonly streamId: string;
  readonly type: 'BenchIncident';
  readonly data: z.infer<typeof BenchIncident.schema>;
}


export const STREAMS = 600;
const CATEGORIES = ['crime.social-order', 'crime.drug', 'social-evil.gambling', 'traffic-accident', 'mass-complaint'] as const;
const SEVERITIES = ['less-serious', 'serious', 'very-serious', 'especially-serious'] as const;
const NOTES = ['Cố ý gây thương tích tại khu dân cư', 'Trộm cắp tài sản tại chợ trung tâm', 'Đánh bạc trái phép tại nhà dân', 'Va chạm giao thông trên quốc lộ 1A', 'Tranh chấp đất đai giữa hai hộ gia đình'];

/** N events in append order; stream k is chosen with probability ∝ 1/(k+1)^0.9. */
export function workload(n: number, seed = 38): BenchEvent[] {
  const rand = mulberry32(seed);
  const weights = Array.from({ length: STREAMS }, (_, k) => 1 / Math.pow(k + 1, 0.9));
  const cum: number[] = [];
  let s = 0;
  for (const w of weights) cum.push((s += w));
  const pick = () => pickWeighted(cum, rand);
  const out: BenchEvent[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = pick();
    const day = Math.floor(rand() * 2555);
    const occurred = new Date(Date.UTC(2019, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    const reported = new Date(Date.UTC(2019, 0, 1) + (day + Math.floor(rand() * 3)) * 86_400_000).toISOString().slice(0, 10);
    const cat = CATEGORIES[Math.floor(rand() * CATEGORIES.length)]!;
    out[i] = {
      id: `bench-${seed}-${String(i).padStart(8, '0')}`,
      streamId: `commune-${String(14000 + k * 3).padStart(5, '0')}`,
      type: 'BenchIncident',
      data: {
        incidentId: `inc-${String(i).padStart(8, '0')}-${k}`,
        localityCode: String(14000 + k * 3),
        category: cat,
        severity: cat.startsWith('crime') ? SEVERITIES[Math.floor(rand() * 4)]! : null,
        occurredOn: occurred,
        reportedOn: reported,
        casualties: { deaths: rand() < 0.05 ? 1 : 0, injuries: Math.floor(rand() * 3) },
        note: NOTES[Math.floor(rand() * NOTES.length)]!,
      },
    };
  }
  return out;
}

/** Groups consecutive events of one stream into batches of at most `max`. */
export function batches(events: readonly BenchEvent[], max = 100): BenchEvent[][] {
  // deterministic: walk the events, accumulate per stream, flush at max
  const open = new Map<string, BenchEvent[]>();
  const out: BenchEvent[][] = [];
  for (const e of events) {
    let b = open.get(e.streamId);
    if (b === undefined) open.set(e.streamId, (b = []));
    b.push(e);
    if (b.length >= max) {
      out.push(b);
      open.delete(e.streamId);
    }
  }
  for (const b of open.values()) out.push(b);
  return out;
}

/** The rebuild fold: counts per (stream, year, category). */
export type Counts = Record<string, number>;
export function foldKey(streamId: string, occurredOn: string, category: string): string {
  return `${streamId}|${occurredOn.slice(0, 4)}|${category}`;
}
