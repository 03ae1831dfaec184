/** The tour's numbers and stops: the map's largest ALE, and other data's own clusters to visit. */
import { describe, expect, it } from 'vitest';
import { clusterStops, networkStops, peakAle } from '../app/engine/tour.ts';
import type { FinishedRun } from '../workers/analysis/index.ts';
import type { ClusterReport } from '../workers/diagnostics/index.ts';
import { fakeRun } from './support/storeHarness.ts';

const report = (id: number, pFweSize: number, xyz: [number, number, number], ale: number) => ({ id, pFweSize, pFweTfce: null, cluster: { peak: { xyz, ale } } }) as unknown as ClusterReport;

describe('the tour', () => {
  it('quotes the largest ALE of the map, not the first (largest) cluster’s peak', () => {
    const run = { ...fakeRun(), volumes: { ...fakeRun().volumes, ale: Float32Array.of(0, 0.0337, 0.04496, 0.01) } } as FinishedRun;
    expect(peakAle(run)).toBe(Math.fround(0.04496));
  });

  it('visits the largest significant clusters of other data, named by the atlas where it knows them', () => {
    const run = { ...fakeRun(), reports: [report(1, 0.01, [38, 4, 2], 0.034), report(2, 0.2, [0, 0, 0], 0.03), report(3, 0.001, [-40, -20, 10], 0.03), report(4, 0.02, [1, 1, 1], 0.02), report(5, 0.03, [2, 2, 2], 0.02), report(6, 0.04, [3, 3, 3], 0.02)] } as FinishedRun;
    const stops = clusterStops(run, 0.05, (mni) => (mni[0] === 38 ? 'Insula_R' : null));
    expect(stops).toEqual([
      { key: 'cluster 1', name: 'the peak of cluster 1 (Insula_R)', mni: [38, 4, 2] },
      { key: 'cluster 3', name: 'the peak of cluster 3', mni: [-40, -20, 10] },
      { key: 'cluster 4', name: 'the peak of cluster 4', mni: [1, 1, 1] },
      { key: 'cluster 5', name: 'the peak of cluster 5', mni: [2, 2, 2] },
    ]);
    expect(clusterStops(run, 0.0001, () => null)).toEqual([]);
  });

  it('keeps the motor network’s literature stops for the published demo', () => {
    expect(networkStops(null).map((s) => s.key)).toEqual(['M1', 'SMA', 'putamen', 'cerebellum']);
    expect(networkStops([{ name: 'left primary motor cortex', mni: [-40, -6, 52] }] as never)[0]).toEqual({ key: 'M1', name: 'left primary motor cortex', mni: [-40, -6, 52] });
  });
});
