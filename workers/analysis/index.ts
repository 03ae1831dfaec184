/** A whole analysis as the command line and the app run it: parameters, the ALE run, the contrast, the analysis worker's API. */
export * from './analysisWorkerApi.ts';
export type { FinishedRun } from './finishedRun.ts';
export * from './parameters.ts';
export * from './runAle.ts';
export * from './runContrast.ts';
export * from './runProbabilistic.ts';
export * from './runBalanced.ts';
export * from './runClustering.ts';
