/** Inference on the ALE map: the Monte-Carlo null and FWE, FDR, contrasts and Fail-Safe N. */
export { significantZ } from './balancedContrast.ts';
export * from './contrast.ts';
export { CUTOFF_MODEL_FILES, CUTOFF_PREDICTION_SOURCE, predictCutoffsFor, readCutoffModels, type CutoffModels, type PredictedCutoffs } from './cutoffPrediction.ts';
export * from './failSafeN.ts';
export * from './fdr.ts';
export * from './fwe.ts';
export { liveClusterFwe, type LiveFwe } from './liveFwe.ts';
export * from './monteCarlo/index.ts';
export { Xoshiro128 } from './rng.ts';
