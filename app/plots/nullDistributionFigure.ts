/**
 * The Monte-Carlo null of the largest cluster size as an Observable Plot
 * figure: the histogram (even bins on a symlog axis), the FWE cut-off and
 * every observed cluster (the significant ones numbered).
 */
import * as Plot from '@observablehq/plot';
import type { NullPlot } from '../../workers/reports/index.ts';

export interface ObservedCluster {
  id: number;
  size: number;
  significant: boolean;
}

/** 0, 1, 2, 5, 10, 20, 50, … up to the axis' end: even steps on a symlog axis. */
function symlogTicks(top: number): number[] {
  const ticks = [0];
  for (let decade = 1; decade <= top; decade *= 10) for (const m of [1, 2, 5]) if (m * decade <= top) ticks.push(m * decade);
  return ticks;
}

export function nullDistributionFigure(plot: NullPlot, observed: readonly ObservedCluster[], alpha: number, width: number): Element {
  const bins = Array.from(plot.counts, (count, b) => ({ x1: plot.edges[b], x2: plot.edges[b + 1], count }));
  const cut = Number.isFinite(plot.cut) ? [plot.cut] : [];
  // Only the significant clusters are numbered: dozens of small ones would overlap.
  const significant = observed.filter((d) => d.significant);
  return Plot.plot({
    width,
    height: Math.max(220, Math.min(360, width * 0.32)),
    marginLeft: 56,
    marginBottom: 44,
    style: { background: 'transparent', color: 'var(--text)', fontSize: '12px' },
    x: { type: 'symlog', domain: [0, plot.top * 1.05], ticks: symlogTicks(plot.top * 1.05), tickFormat: (d: number) => d.toLocaleString('en'), label: 'largest cluster size (voxels) →', grid: true },
    y: { label: '↑ Monte-Carlo iterations', grid: true },
    marks: [
      Plot.rectY(bins, { x1: 'x1', x2: 'x2', y: 'count', fill: 'var(--plot-bar)', inset: 0.5, title: (d: { x1: number; x2: number; count: number }) => `${d.count} iterations with a largest cluster of ${Math.ceil(d.x1)}–${Math.floor(d.x2)} voxels` }),
      Plot.ruleY([0]),
      Plot.ruleX(cut, { stroke: 'var(--plot-cut)', strokeDasharray: '5 3', strokeWidth: 1.5 }),
      Plot.text(cut, { x: (d: number) => d, frameAnchor: 'top', dy: -2, text: (d: number) => `FWE ${alpha} cut: ${Math.round(d)} voxels`, textAnchor: 'start', dx: 4, fill: 'var(--plot-cut)' }),
      Plot.ruleX(observed, { x: 'size', stroke: (d: ObservedCluster) => (d.significant ? 'var(--plot-observed)' : 'var(--muted)'), strokeWidth: (d: ObservedCluster) => (d.significant ? 2 : 1), strokeOpacity: (d: ObservedCluster) => (d.significant ? 1 : 0.5), title: (d: ObservedCluster) => `cluster ${d.id}: ${d.size} voxels${d.significant ? ', significant' : ''}` }),
      // Clusters of near sizes stand close on the axis: their numbers stack downwards instead of overlapping.
      Plot.text(significant, Plot.dodgeY({ anchor: 'top', r: 8, padding: 0 }, { x: 'size', dy: 16, text: (d: ObservedCluster) => String(d.id), fill: 'var(--plot-observed)', fontWeight: 'bold' })),
    ],
  });
}
