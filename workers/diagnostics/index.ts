/** What a reader asks of each cluster: anatomy, the experiments that drive it, and teaching material. */
export * from './atlas.ts';
export * from './clusterReport.ts';
export * from './contributions.ts';
export * from './kernelExample.ts';
