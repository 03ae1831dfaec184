/** Results as files and documents: summary.json, tables, NIfTI maps, the methods report, plots. */
export * from './methodsReport.ts';
export * from './niftiWriter.ts';
export * from './nullDistributionPlot.ts';
export * from './outputFiles.ts';
export * from './summary.ts';
export * from './tables.ts';
export * from './formatP.ts';
export * from './reviewChecklist.ts';
export { SOFTWARE, SOFTWARE_VERSION } from './version.ts';
export * from './wording.ts';
export * from './publicationTable.ts';
export * from './exercises.ts';
export * from './clusteringReport.ts';
