/** The input gate: coordinate files, pasted text and masks in; datasets (or errors with their lines) out; writers back out. */
export * from './dataset.ts';
export { readNifti, type Volume } from './nifti.ts';
export { MAX_INPUT_BYTES } from './parseCoordinates.ts';
export { parseInput, readAnalysisSheet } from './parseInput.ts';
export { ANALYSIS_KINDS, selectAnalyses, type AnalysisSheet, type JaleAnalysis, type SelectedGroup } from './jaleAnalyses.ts';
export { splitDataset, type SplitRule } from './split.ts';
export { DATASET_FORMATS, datasetStem, writeDataset, WriteError, type DatasetFormat } from './writers.ts';
export { DEFAULT_MASK_NAME, SHIPPED_MASKS, type ShippedMaskName } from './shippedMasks.ts';
export { readMask, type MaskResult } from './mask.ts';
export { parseSampleSize } from './diagnostics.ts';
export { studysetAddress, studysetFetchProblem } from './neurostore.ts';
export { joinChunks } from './bytes.ts';
