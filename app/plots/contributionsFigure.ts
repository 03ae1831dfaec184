/**
 * Which experiments drive a cluster, as an Observable Plot figure: a bar per
 * experiment (its share of the cluster's ALE), a tick at its largest share at
 * any voxel, red where one experiment reaches half (Eickhoff et al. 2016).
 */
import { counted } from '../../workers/reports/index.ts';
import * as Plot from '@observablehq/plot';
import type { ExperimentContribution } from '../../workers/diagnostics/index.ts';

const shorten = (text: string, n: number) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

export function contributionsFigure(rows: readonly ExperimentContribution[], name: (id: string) => string, width: number): Element {
  // Names fit the left margin (about 6.5 px a character at 12 px); numbered, so two experiments with
  // the same shortened name keep their own rows.
  const marginLeft = Math.round(Math.min(420, Math.max(200, width * 0.36)));
  const data = rows.map((e, n) => ({ ...e, label: `${n + 1}. ${shorten(name(e.id), Math.floor((marginLeft - 16) / 6.5) - 4)}` }));
  const top = Math.max(1, ...data.map((e) => Math.max(e.percent, e.maxPercent)));
  return Plot.plot({
    width,
    height: 40 + 20 * data.length,
    marginLeft,
    marginRight: 120,
    style: { background: 'transparent', color: 'var(--text)', fontSize: '12px' },
    x: { domain: [0, top], label: 'share of the cluster’s ALE (%) →', grid: true },
    y: { domain: data.map((d) => d.label), label: null },
    marks: [
      Plot.barX(data, { x: 'percent', y: 'label', fill: (d: ExperimentContribution) => (d.percent >= 50 ? 'var(--plot-observed)' : 'var(--accent)'), title: (d: ExperimentContribution) => `${name(d.id)}\n${d.percent.toFixed(1)} % (largest at a voxel ${d.maxPercent.toFixed(1)} %), ${counted(d.foci, 'focus', 'foci')} in the cluster, jackknife ${d.jackknife.toFixed(4)}` }),
      Plot.tickX(data, { x: 'maxPercent', y: 'label', stroke: 'var(--text)', strokeWidth: 1.5 }),
      // The numbers in a column of their own, in the right margin.
      Plot.text(data, { y: 'label', frameAnchor: 'right', text: (d: ExperimentContribution) => `${d.percent.toFixed(1)} % · ${d.foci} ${d.foci === 1 ? 'focus' : 'foci'}`, textAnchor: 'start', dx: 10, fill: 'var(--text)' }),
      Plot.ruleX([0]),
    ],
  });
}
