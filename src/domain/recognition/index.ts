/**
 * Recognition: official recognitions of standards and their revocations,
 * attested facts, and the key/complex ANTT commune list; their events,
 * commands, deciders and pure folds.
 *
 * @module
 */
export {
  FactAttested,
  KEY_COMPLEX_LIST_STREAM_ID,
  KeyComplexDelisted,
  KeyComplexListed,
  RecognitionPeriod,
  RecognitionRevoked,
  StandardId,
  StandardRecognised,
  factEventDefinitions,
  factsStreamId,
  keyComplexEventDefinitions,
  recognitionEventDefinitions,
  recognitionStreamId,
} from './events.js';
export type { FactEvent, FactEventBody, KeyComplexEvent, KeyComplexEventBody, RecognitionEvent, RecognitionEventBody } from './events.js';
export { AttestFact, DelistKeyComplex, FactCommand, KeyComplexCommand, ListKeyComplex, RecognitionCommand, RecogniseStandard, RevokeRecognition } from './commands.js';
export { effectiveYears, evolveRecognitions, holdsRecognition, recognitionHolding, recognitionsOf } from './recognitions.js';
export type { Recognition, RecognitionQueryOptions, Revocation } from './recognitions.js';
export { attestedFacts, evolveFacts, factValue } from './facts.js';
export type { Attestation, FactQueryOptions, FactRecord } from './facts.js';
export { evolveKeyComplexListing, isListed, keyComplexListingOf, listedOn, listingIntervals } from './key-complex-list.js';
export type { KeyComplexListing, ListingInterval } from './key-complex-list.js';
export { RECOGNITION_ERROR_CODES, recognitionDecider } from './recognition-decider.js';
export type { RecognitionDecider, RecognitionDeciderDeps, RecognitionErrorCode, RecognitionStreamState } from './recognition-decider.js';
export { FACT_ERROR_CODES, factDecider } from './fact-decider.js';
export type { FactDecider, FactDeciderDeps, FactErrorCode, FactStreamState } from './fact-decider.js';
export { KEY_COMPLEX_ERROR_CODES, keyComplexListDecider } from './key-complex-decider.js';
export type { KeyComplexDecider, KeyComplexDeciderDeps, KeyComplexErrorCode } from './key-complex-decider.js';
