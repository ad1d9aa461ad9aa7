/**
 * The recognition read model: recognitions (with revocations), attested
 * facts and the key/complex ANTT list, per locality.
 *
 * @module
 */
import { defineProjection, getOwn, setOwn, type StoredEvent } from '../kernel/index.js';
import {
  evolveFacts,
  evolveKeyComplexListing,
  evolveRecognitions,
  factEventDefinitions,
  keyComplexEventDefinitions,
  recognitionEventDefinitions,
  type FactEventBody,
  type FactRecord,
  type KeyComplexEventBody,
  type KeyComplexListing,
  type Recognition,
  type RecognitionEventBody,
} from '../domain/recognition/index.js';

/** The recognition read model. */
export interface RecognitionState {
  /** locality code → its recognitions. */
  recognitions: Record<string, Recognition[]>;
  /** locality code → its attested facts. */
  facts: Record<string, FactRecord[]>;
  /** The key/complex ANTT list. */
  keyComplex: KeyComplexListing;
}

const RECOGNITION_TYPES = new Set<string>(recognitionEventDefinitions.map((d) => d.type));
const FACT_TYPES = new Set<string>(factEventDefinitions.map((d) => d.type));

/**
 * Folds recognitions, facts and the key/complex list.
 *
 * @example
 * ```ts
 * const { state } = await runProjection(store, recognitionProjection);
 * state.recognitions['15913']?.length;
 * ```
 */
export const recognitionProjection = defineProjection<RecognitionState>({
  name: 'recognitions',
  version: 1,
  handles: [...recognitionEventDefinitions, ...factEventDefinitions, ...keyComplexEventDefinitions].map((d) => d.type),
  initialState: () => ({ recognitions: {}, facts: {}, keyComplex: {} }),
  apply(state, event: StoredEvent) {
    const code = (event.data as { localityCode: string }).localityCode;
    if (RECOGNITION_TYPES.has(event.type)) {
      setOwn(state.recognitions, code, [...evolveRecognitions(getOwn(state.recognitions, code) ?? [], event as unknown as RecognitionEventBody)]);
    } else if (FACT_TYPES.has(event.type)) {
      setOwn(state.facts, code, [...evolveFacts(getOwn(state.facts, code) ?? [], event as unknown as FactEventBody)]);
    } else {
      state.keyComplex = evolveKeyComplexListing(state.keyComplex, event as unknown as KeyComplexEventBody);
    }
  },
});
