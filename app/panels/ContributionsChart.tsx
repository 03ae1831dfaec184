/**
 * Which experiments drive a cluster: JALE's normalised contribution per
 * experiment (bars), its voxelwise maximum (ticks), the foci it has in the
 * cluster, NiMARE's jackknife (in each bar's title), and Eickhoff et al.'s warning.
 */
import { useCallback } from 'react';
import { listedContributions, type ClusterContributions } from '../../workers/diagnostics/index.ts';
import { contributionsFigure } from '../plots/contributionsFigure.ts';
import { PlotView } from '../plots/PlotView.tsx';

export function ContributionsChart({ data, names }: { data: ClusterContributions; names: ReadonlyMap<string, string> }) {
  const draw = useCallback((width: number) => contributionsFigure(listedContributions(data), (id) => names.get(id) ?? id, width), [data, names]);
  return (
    <figure data-testid="contributions-chart" className="contributions" aria-label={`Contributions of experiments to cluster ${data.clusterId}`}>
      {data.warning && (
        <p className="warning" role="note">
          ⚠ {data.warning}. Eickhoff et al. (2016) recommend that no experiment contributes 50 % or more, and no two 80 % or more.
        </p>
      )}
      <PlotView draw={draw} testId="contributions-plot" />
      <figcaption>
        Share of cluster {data.clusterId}'s ALE due to each experiment (bars, normalised to 100 %), its largest share at any voxel (ticks) and its foci inside the cluster.
      </figcaption>
    </figure>
  );
}
