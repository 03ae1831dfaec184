/**
 * What reviewers of an ALE meta-analysis ask, checked against this run:
 * enough experiments (Eickhoff et al. 2016), corrected inference, one
 * experiment per study (Turkeltaub et al. 2012), known sample sizes, and
 * clusters not driven by one or two experiments.
 */
import type { ClusterContributions } from '../diagnostics/contributions.ts';
import type { Dataset } from '../input/dataset.ts';

export type CheckStatus = 'ok' | 'warn' | 'flag';

export interface CheckItem {
  id: 'experiments' | 'inference' | 'cluster-forming' | 'independence' | 'sample-size' | 'dominance';
  status: CheckStatus;
  title: string;
  detail: string;
}

export interface ChecklistInput {
  dataset: Dataset;
  /** Monte-Carlo iterations run (0: none, so no FWE correction). */
  iterations: number;
  /** The Monte Carlo ended early because every decision was settled (see inference/liveFwe.ts). */
  stoppedWhenSettled?: boolean;
  /** Uncorrected p that formed the clusters. */
  clusterFormingP: number;
  /** One sample size given for every experiment (the run's sampleSize parameter). */
  sampleSizeOverride?: number;
  /** The experiments' N are placeholders (as in the published-studies demo). */
  placeholderSampleSize?: number;
  /** Contributions of the significant clusters. */
  contributions: readonly ClusterContributions[];
}

const list = (items: readonly string[], n = 3) => (items.length <= n ? items.join(', ') : `${items.slice(0, n).join(', ')} and ${items.length - n} more`);

export function reviewChecklist(input: ChecklistInput): CheckItem[] {
  const { dataset, iterations } = input;
  const n = dataset.experiments.length;
  const perStudy = new Map<string, number>();
  for (const e of dataset.experiments) perStudy.set(e.study, (perStudy.get(e.study) ?? 0) + 1);
  const repeated = [...perStudy].filter(([, count]) => count > 1);
  const unknownN = dataset.experiments.filter((e) => e.sampleSize === null).length;
  const dominated = input.contributions.filter((c) => c.dominated).map((c) => `cluster ${c.clusterId}`);
  const nFixed = input.placeholderSampleSize ?? input.sampleSizeOverride;
  return [
    {
      id: 'experiments',
      status: n >= 20 ? 'ok' : n >= 17 ? 'warn' : 'flag',
      title: `${n} experiments`,
      detail:
        n >= 20
          ? 'At least the 17–20 experiments Eickhoff et al. (2016) found ALE needs for adequate power and to keep single experiments from driving results.'
          : `Fewer than the 17–20 experiments Eickhoff et al. (2016) recommend: results may be driven by one or two experiments and power is low.`,
    },
    {
      id: 'inference',
      status: iterations === 0 ? 'flag' : iterations < 1000 && !input.stoppedWhenSettled ? 'warn' : 'ok',
      title: iterations === 0 ? 'Uncorrected inference' : `Cluster-level FWE, ${iterations.toLocaleString('en')} Monte-Carlo iterations${input.stoppedWhenSettled ? ' (stopped once settled)' : ''}`,
      detail:
        iterations === 0
          ? 'No Monte Carlo was run, so the clusters are uncorrected. Eickhoff et al. (2016) recommend cluster-level FWE (voxel-level FDR is not recommended for ALE).'
          : input.stoppedWhenSettled
            ? 'Cluster-level FWE, as Eickhoff et al. (2016) recommend. The Monte Carlo stopped once every cluster’s decision at α was settled (its 99.9 % interval lay on one side of α), so the decisions stand although the p-values are coarser than a full run’s.'
            : iterations < 1000
              ? `Cluster-level FWE as recommended (Eickhoff et al. 2016), but with few iterations the p-values are coarse (smallest possible 1/${iterations}); use ≥ 1,000 (NiMARE and GingerALE use 1,000–10,000).`
              : 'Cluster-level FWE, as Eickhoff et al. (2016) recommend.',
    },
    {
      id: 'cluster-forming',
      status: input.clusterFormingP <= 0.001 ? 'ok' : 'flag',
      title: `Clusters formed at p < ${input.clusterFormingP}`,
      detail:
        input.clusterFormingP <= 0.001
          ? 'The cluster-forming threshold Eickhoff et al. (2016) recommend with cluster-level FWE (p < 0.001) or stricter.'
          : `More lenient than the p < 0.001 Eickhoff et al. (2016) recommend with cluster-level FWE: clusters grow together across the brain, and a significant cluster says little about where the convergence is.`,
    },
    {
      id: 'independence',
      status: repeated.length === 0 ? 'ok' : 'flag',
      title: repeated.length === 0 ? 'One experiment per study' : `${repeated.length} ${repeated.length === 1 ? 'study contributes' : 'studies contribute'} several experiments`,
      detail:
        repeated.length === 0
          ? 'No study contributes more than one experiment, so no subject group is counted twice.'
          : `${list(repeated.map(([study, count]) => `${study.length > 60 ? `${study.slice(0, 59)}…` : study} (${count})`))}. ALE treats experiments as independent; pool each study's contrasts of the same subjects into one experiment (Turkeltaub et al. 2012).`,
    },
    {
      id: 'sample-size',
      status: nFixed !== undefined || unknownN > 0 ? 'flag' : 'ok',
      title: input.placeholderSampleSize !== undefined ? `Sample sizes unknown (placeholder N = ${input.placeholderSampleSize})` : nFixed !== undefined ? `One N = ${nFixed} for every experiment` : unknownN > 0 ? `${unknownN} ${unknownN === 1 ? 'experiment' : 'experiments'} without N` : 'Every experiment has its own N',
      detail:
        nFixed !== undefined || unknownN > 0
          ? 'The kernel width follows each experiment’s sample size (Eickhoff et al. 2009); with a placeholder every kernel has the same width and the maps are approximate. Look up each study’s N before publishing.'
          : 'Kernel widths follow each experiment’s own sample size (Eickhoff et al. 2009).',
    },
    {
      id: 'dominance',
      status: dominated.length === 0 ? 'ok' : 'warn',
      title: dominated.length === 0 ? 'No cluster driven by one or two experiments' : `${dominated.length} ${dominated.length === 1 ? 'cluster is' : 'clusters are'} driven by one or two experiments`,
      detail:
        dominated.length === 0
          ? 'In every significant cluster, no experiment contributes 50 % or more and no two 80 % or more (Eickhoff et al. 2016).'
          : `${list(dominated)}: one experiment contributes ≥ 50 % or two ≥ 80 % (Eickhoff et al. 2016); see the Diagnostics tab.`,
    },
  ];
}
