/**
 * The final labels of a clustering of experiments (JALE's consensus over
 * subsamples): how often two experiments landed in different groups when a
 * subsample held both, clustered like the distances themselves.
 */
import { cutTree, linkage, type Linkage } from './hierarchical.ts';

/** Clusters the experiments on how often they were separated (separationMatrix). */
export function consensusLabels(labelsPerSubsample: readonly Int32Array[], n: number, k: number, method: Linkage): Int32Array {
  return cutTree(linkage(separationMatrix(labelsPerSubsample, n), n, method), k);
}

/** Per pair, the share of the subsamples holding both (label 0: not in that subsample) that put them in different clusters. */
export function separationMatrix(labelsPerSubsample: readonly Int32Array[], n: number): Float64Array {
  const separated = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let both = 0;
      let apart = 0;
      for (const labels of labelsPerSubsample) {
        if (labels[i] === 0 || labels[j] === 0) continue;
        both++;
        if (labels[i] !== labels[j]) apart++;
      }
      // Two experiments never in one subsample cannot be told apart from the rest: as far as possible.
      const d = both > 0 ? apart / both : 1;
      separated[i * n + j] = d;
      separated[j * n + i] = d;
    }
  }
  return separated;
}
