/** The Monte-Carlo null of the largest cluster size, with the observed clusters and the FWE cut-off marked. */
import { nullPlot } from '../../workers/reports/index.ts';
import { useStore } from '../store.ts';

const W = 360;
const H = 120;
const PAD = 24;

export function NullHistogram() {
  const nullMaxima = useStore((s) => s.nullMaxima);
  const run = useStore((s) => s.run);
  const alpha = useStore((s) => s.fweAlpha);
  if (!nullMaxima || !run || nullMaxima.maxSize.length === 0) return null;
  const sizes = run.summary.clusters.map((c) => c.size_voxels);
  const plot = nullPlot(nullMaxima.maxSize, sizes, alpha);
  const x = (v: number) => PAD + ((W - 2 * PAD) * v) / plot.top;
  const barHeight = (n: number) => ((H - 2 * PAD) * n) / Math.max(1, plot.maxCount);
  return (
    <figure className="null-histogram">
      <svg width={W} height={H} role="img" aria-label={`Null distribution of the largest cluster size over ${plot.iterations} iterations`}>
        {Array.from(plot.counts, (n, b) => (
          <rect key={b} x={x(b * plot.width)} y={H - PAD - barHeight(n)} width={Math.max(1, x(plot.width) - PAD - 1)} height={barHeight(n)} fill="#7a8ca3" />
        ))}
        <line x1={x(plot.cut)} x2={x(plot.cut)} y1={PAD / 2} y2={H - PAD} stroke="#333" strokeDasharray="3 2" />
        {sizes.map((s, n) => (
          <line key={n} x1={x(s)} x2={x(s)} y1={PAD} y2={H - PAD} stroke="#d62728" strokeWidth={1.5}>
            <title>cluster {n + 1}: {s} voxels</title>
          </line>
        ))}
        <line x1={PAD} x2={W - PAD} y1={H - PAD} y2={H - PAD} stroke="#333" />
        <text x={PAD} y={H - 6} fontSize={10}>0</text>
        <text x={W - PAD} y={H - 6} fontSize={10} textAnchor="end">{Math.round(plot.top)} voxels</text>
      </svg>
      <figcaption>
        Largest null cluster in each of {plot.iterations} Monte-Carlo iterations (grey), the FWE {alpha} cut-off ({plot.cut} voxels, dashed; larger clusters are significant) and the observed clusters (red).
      </figcaption>
    </figure>
  );
}
