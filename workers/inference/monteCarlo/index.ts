/** The Monte-Carlo null: its plain-data model, the iteration engine and its strategies. */
export { createNullEngine, runIterations, type NullIterationEngine } from './engine.ts';
export { nullModelSpec, perIterationFormingP, type NullMaxima, type NullModelSpec } from './nullModel.ts';
export { allocateNull, nullArraysOf, storeChunk } from './nullArrays.ts';
