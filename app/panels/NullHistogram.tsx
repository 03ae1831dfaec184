/** The Monte-Carlo null of the largest cluster size, with the observed clusters marked. */
import { useStore } from '../store.ts';

const W = 360;
const H = 120;
const PAD = 24;

export function NullHistogram() {
  const nullMaxSize = useStore((s) => s.nullMaxSize);
  const run = useStore((s) => s.run);
  if (!nullMaxSize || !run || nullMaxSize.length === 0) return null;
  const sizes = run.summary.clusters.map((c) => c.size_voxels);
  const top = Math.max(...nullMaxSize, ...sizes, 1);
  const nBins = 40;
  const width = top / nBins;
  const counts = new Array<number>(nBins).fill(0);
  for (const v of nullMaxSize) counts[Math.min(nBins - 1, Math.floor(v / width))]++;
  const maxCount = Math.max(...counts);
  const x = (v: number) => PAD + ((W - 2 * PAD) * v) / top;
  const sorted = Float64Array.from(nullMaxSize).sort();
  const cut = sorted[sorted.length - Math.ceil(0.05 * sorted.length)];
  return (
    <figure className="null-histogram">
      <svg width={W} height={H} role="img" aria-label={`Null distribution of the largest cluster size over ${nullMaxSize.length} iterations`}>
        {counts.map((n, b) => (
          <rect key={b} x={x(b * width)} y={H - PAD - ((H - 2 * PAD) * n) / maxCount} width={Math.max(1, x(width) - PAD - 1)} height={((H - 2 * PAD) * n) / maxCount} fill="#7a8ca3" />
        ))}
        <line x1={x(cut)} x2={x(cut)} y1={PAD / 2} y2={H - PAD} stroke="#333" strokeDasharray="3 2" />
        {sizes.map((s, n) => (
          <line key={n} x1={x(s)} x2={x(s)} y1={PAD} y2={H - PAD} stroke="#d62728" strokeWidth={1.5}>
            <title>cluster {n + 1}: {s} voxels</title>
          </line>
        ))}
        <line x1={PAD} x2={W - PAD} y1={H - PAD} y2={H - PAD} stroke="#333" />
        <text x={PAD} y={H - 6} fontSize={10}>0</text>
        <text x={W - PAD} y={H - 6} fontSize={10} textAnchor="end">{Math.round(top)} voxels</text>
      </svg>
      <figcaption>
        Largest null cluster in each of {nullMaxSize.length} Monte-Carlo iterations (grey), the 5 % cut-off ({cut} voxels, dashed) and the observed clusters (red).
      </figcaption>
    </figure>
  );
}
