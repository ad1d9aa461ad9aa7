// The recognition, fact and list deciders through `handle` on the memory store.
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../adapters/memory/index.js';
import {
  KEY_COMPLEX_LIST_STREAM_ID,
  factDecider,
  factEventDefinitions,
  factsStreamId,
  holdsRecognition,
  isListed,
  keyComplexEventDefinitions,
  keyComplexListDecider,
  keyComplexListingOf,
  recognitionDecider,
  recognitionEventDefinitions,
  recognitionStreamId,
  recognitionsOf,
  type KeyComplexEventBody,
  type RecognitionEventBody,
} from '../../../src/domain/recognition/index.js';
import { eventRegistry, handle } from '../../../src/kernel/index.js';
import { localities, standards } from './fixtures.js';

const decision = (date: string) => ({ number: '1/QĐ-UBND', date, authority: 'UBND thành phố Thanh Hóa' });

describe('recognition deciders with a store', () => {
  it('round-trips recognitions, facts and listings', async () => {
    const store = memoryStore({ events: eventRegistry([...recognitionEventDefinitions, ...factEventDefinitions, ...keyComplexEventDefinitions]) });
    const rec = recognitionDecider({ localities, standards });
    await handle(store, recognitionStreamId('16001'), rec, { type: 'RecogniseStandard', recognitionId: 'r1', localityCode: '16001', standard: 'antt-safe-commune:art5', period: { fromYear: 2023 }, decision: decision('2023-12-20') });
    await handle(store, recognitionStreamId('16001'), rec, { type: 'RevokeRecognition', recognitionId: 'r1', localityCode: '16001', decision: decision('2025-01-10'), reason: 'criteria no longer met', fromYear: 2025 });
    const recEvents: RecognitionEventBody[] = [];
    for await (const e of store.readStream(recognitionStreamId('16001'))) recEvents.push(e as unknown as RecognitionEventBody);
    const list = recognitionsOf(recEvents);
    expect([2023, 2024, 2025].map((y) => holdsRecognition(list, 'antt-safe-commune:art5', y))).toEqual([true, true, false]);

    const facts = factDecider({ localities });
    const attest = { type: 'AttestFact', localityCode: '16000', fact: 'q1-resolution', year: 2023, value: true, attestedBy: 'Đảng ủy xã', attestedOn: '2023-03-01' } as const;
    expect((await handle(store, factsStreamId('16000'), facts, attest)).events).toHaveLength(1);
    expect((await handle(store, factsStreamId('16000'), facts, attest)).append).toBeUndefined();

    const kc = keyComplexListDecider({ localities });
    await handle(store, KEY_COMPLEX_LIST_STREAM_ID, kc, { type: 'ListKeyComplex', localityCode: '16000', effectiveDate: '2022-01-01', decision: decision('2021-12-20') });
    const kcEvents: KeyComplexEventBody[] = [];
    for await (const e of store.readStream(KEY_COMPLEX_LIST_STREAM_ID)) kcEvents.push(e as unknown as KeyComplexEventBody);
    expect(isListed(keyComplexListingOf(kcEvents), '16000', '2023-01-01')).toBe(true);
    await store.close();
  });
});
