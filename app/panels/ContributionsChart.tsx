/**
 * Which experiments drive a cluster: a bar per experiment (JALE's
 * normalised contribution, with its voxelwise maximum as a tick), the foci
 * it has in the cluster, NiMARE's jackknife, and Eickhoff et al.'s warning.
 */
import { listedContributions, type ClusterContributions } from '../../workers/diagnostics/index.ts';

const ROW = 16;
const LABEL = 230;
const BAR = 220;

export function ContributionsChart({ data }: { data: ClusterContributions }) {
  const rows = listedContributions(data);
  // Bars and ticks share one scale, set by the largest value so small shares stay visible.
  const scale = Math.max(1, ...rows.map((e) => Math.max(e.percent, e.maxPercent))) / BAR;
  return (
    <figure data-testid="contributions-chart" className="contributions">
      {data.warning && (
        <p className="warning" role="note">
          ⚠ {data.warning}. Eickhoff et al. (2016) recommend that no experiment contributes 50 % or more, and no two 80 % or more.
        </p>
      )}
      <svg width={LABEL + BAR + 120} height={ROW * rows.length + 20} role="img" aria-label={`Contributions of ${rows.length} experiments to cluster ${data.clusterId}`}>
        {rows.map((e, n) => (
          <g key={e.id} transform={`translate(0 ${n * ROW + 4})`}>
            <text x={LABEL - 6} y={11} fontSize={11} textAnchor="end">
              {e.id.length > 38 ? `${e.id.slice(0, 36)}…` : e.id}
            </text>
            <rect x={LABEL} y={2} width={Math.max(1, e.percent / scale)} height={ROW - 5} fill={e.percent >= 50 ? '#d62728' : '#4c72b0'}>
              <title>{`${e.id}: ${e.percent.toFixed(1)} % (max ${e.maxPercent.toFixed(1)} %), ${e.foci} foci in the cluster, jackknife ${e.jackknife.toFixed(4)}`}</title>
            </rect>
            <line x1={LABEL + e.maxPercent / scale} x2={LABEL + e.maxPercent / scale} y1={1} y2={ROW - 2} stroke="#333" />
            <text x={LABEL + BAR + 8} y={11} fontSize={11}>
              {e.percent.toFixed(1)} % · {e.foci} foci
            </text>
          </g>
        ))}
      </svg>
      <figcaption>
        Share of cluster {data.clusterId}'s ALE due to each experiment (bars, normalised to 100 %), its largest share at any voxel (ticks) and its foci inside the cluster.
      </figcaption>
    </figure>
  );
}
