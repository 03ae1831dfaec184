/**
 * The ALE math of the observed data: grid and coordinates, kernels, modeled
 * activation, the ALE union, NiMARE's analytic null, p/z maps and clusters.
 */
export * from './ale.ts';
export * from './clusterLabeller.ts';
export * from './coordinates.ts';
export * from './grid.ts';
export * from './kernel.ts';
export * from './modeledActivation.ts';
export * from './normal.ts';
export * from './numpyRounding.ts';
export * from './nullHistogram.ts';
export * from './observedAnalysis.ts';
export * from './observedClusters.ts';
export * from './prepare.ts';
export * from './statMaps.ts';
