/**
 * Known answers for what the cluster table reports: sub-peaks as nilearn's
 * get_clusters_table keeps them (NiMARE's table), and each experiment's
 * contribution and the dominance warning on a three-experiment toy.
 */
import { describe, expect, it } from 'vitest';
import { createGeometry, type Shape3 } from '../workers/core/grid.ts';
import type { AleKernel } from '../workers/core/kernel.ts';
import { observedClusters } from '../workers/core/observedClusters.ts';
import { clusterContributions, dominanceWarning, listedContributions } from '../workers/diagnostics/contributions.ts';
import { kernelExample } from '../workers/diagnostics/kernelExample.ts';
import { aleKernel, fwhmFromSampleSize } from '../workers/core/kernel.ts';

/** A 2 mm grid whose voxel (i, j, k) sits at (2i, 2j, 2k) mm; every voxel in the mask. */
function grid(shape: Shape3) {
  const affine = Float64Array.from([2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]);
  return createGeometry(shape, affine, new Uint8Array(shape[0] * shape[1] * shape[2]).fill(1));
}

/** An ALE map that is zero except along the line j = k = 1, where it takes `line`'s values. */
function lineMap(line: number[]) {
  const geometry = grid([line.length, 3, 3]);
  const ale = new Float32Array(geometry.nMasked);
  line.forEach((v, i) => (ale[(i * 3 + 1) * 3 + 1] = v));
  return { geometry, ale };
}

const peaksOf = (line: number[]) => {
  const { geometry, ale } = lineMap(line);
  const [cluster] = observedClusters(ale, ale, 0.1, geometry, 6).clusters;
  return [cluster.peak, ...cluster.subPeaks].map((p) => [p.xyz[0], p.ale]);
};

describe('sub-peaks, as nilearn keeps them', () => {
  it('drops a sub-peak exactly 8 mm from the peak (kept only when more than 8 mm away)', () => {
    //            x = 0    2    4    6    8   10   12    14   16   18
    const line = [0.9, 0.5, 0.4, 0.5, 0.8, 0.5, 0.4, 0.35, 0.5, 0.7];
    expect(peaksOf(line)).toEqual([
      [0, Math.fround(0.9)],
      [18, Math.fround(0.7)],
    ]);
  });

  it('judges each peak against the last kept stronger peak only, and keeps at most four', () => {
    // Peaks by strength: x = 0 (0.9), 20 (0.8), 6 (0.7), 28 (0.6), 40 (0.5). The peak at 6 mm is
    // within 8 mm of the strongest, but nilearn compares it with the last kept peak (20 mm), 14 mm away.
    // Valleys between the peaks fall and rise strictly, so no plateau makes a peak of its own.
    const line = [0.9, 0.4, 0.35, 0.7, 0.45, 0.4, 0.35, 0.3, 0.35, 0.4, 0.8, 0.45, 0.4, 0.45, 0.6, 0.45, 0.4, 0.35, 0.4, 0.45, 0.5];
    expect(peaksOf(line)).toEqual([
      [0, Math.fround(0.9)],
      [20, Math.fround(0.8)],
      [6, Math.fround(0.7)],
      [28, Math.fround(0.6)],
    ]);
  });
});

describe('peaks of a cluster of one value (nilearn: its centre of mass, or the nearest voxel)', () => {
  it('places the peak of a ring at its member nearest the centre, first in raster order', () => {
    const geometry = grid([11, 11, 11]);
    const ale = new Float32Array(geometry.nMasked);
    for (const [i, j] of [[4, 4], [4, 5], [4, 6], [5, 4], [5, 6], [6, 4], [6, 5], [6, 6]]) ale[(i * 11 + j) * 11 + 5] = 0.5;
    const [cluster] = observedClusters(ale, ale, 0.1, geometry, 26).clusters;
    expect(cluster.peak.ijk).toEqual([4, 5, 5]);
    expect(cluster.subPeaks).toEqual([]);
  });

  it('places the peak of a bar at its centre', () => {
    const geometry = grid([11, 3, 3]);
    const ale = new Float32Array(geometry.nMasked);
    for (let i = 2; i <= 6; i++) ale[(i * 3 + 1) * 3 + 1] = 0.5;
    expect(observedClusters(ale, ale, 0.1, geometry, 6).clusters[0].peak.ijk).toEqual([4, 1, 1]);
  });
});

describe('contributions on a three-experiment toy', () => {
  // A kernel that reaches one voxel along the line: 0.5 at the focus, 0.2 beside it (and off the line).
  const values = Float32Array.from({ length: 27 }, (_, t) => [0.5, 0.2, 0.08, 0.03][Math.abs(Math.floor(t / 9) - 1) + Math.abs((Math.floor(t / 3) % 3) - 1) + Math.abs((t % 3) - 1)]);
  const kernel: AleKernel = { fwhm: 10, sigmaVoxels: 1, radius: 1, side: 3, values64: Float64Array.from(values), values };
  const onLine = (d: number) => (d === 0 ? 0.5 : d === 1 ? 0.2 : 0);

  /** Experiments with one focus each at x-voxel `xs[e]`; the cluster is voxels 2…6 of the line. */
  function contributions(xs: number[]) {
    const geometry = grid([12, 3, 3]);
    const experiments = xs.map((x, n) => ({ id: `E${n + 1}`, sampleSize: 10, fwhm: 10, mni: new Float64Array(3), ijk: Int32Array.from([x, 1, 1]) }));
    const ale = new Float32Array(geometry.nMasked);
    const labels = new Int32Array(geometry.nMasked);
    for (let m = 0; m < geometry.nMasked; m++) {
      const [i, j, k] = [Math.floor(m / 9), Math.floor(m / 3) % 3, m % 3];
      ale[m] = 1 - xs.reduce((prod, x) => (Math.abs(i - x) <= 1 ? prod * (1 - values[(i - x + 1) * 9 + j * 3 + k]) : prod), 1);
      if (j === 1 && k === 1 && i >= 2 && i <= 6) labels[m] = 1;
    }
    return clusterContributions(experiments, [kernel, kernel, kernel], ale, labels, [1], geometry)[0];
  }

  /** The same numbers by hand: each experiment's relative drop of ALE at each cluster voxel. */
  function byHand(xs: number[]) {
    const drops = xs.map((_, e) =>
      [2, 3, 4, 5, 6].map((i) => {
        const all = 1 - xs.reduce((p, x) => p * (1 - onLine(Math.abs(i - x))), 1);
        const without = 1 - xs.reduce((p, x, o) => (o === e ? p : p * (1 - onLine(Math.abs(i - x)))), 1);
        return 1 - without / all;
      }),
    );
    const mean = drops.map((d) => d.reduce((a, b) => a + b, 0) / d.length);
    const total = mean.reduce((a, b) => a + b, 0);
    return xs.map((_, e) => ({ id: `E${e + 1}`, jackknife: mean[e], percent: (100 * mean[e]) / total, maxPercent: 100 * Math.max(...drops[e]) }));
  }

  it.each([
    [[3, 5, 6], 'one experiment ("E1") contributes 54 % of this cluster'],
    [[2, 3, 6], 'two experiments contribute 82 % of this cluster'],
    [[3, 3, 6], null],
  ])('foci at %j: the shares, the largest share at a voxel and the warning %j', (xs, warning) => {
    const got = contributions(xs);
    const expected = byHand(xs).sort((a, b) => b.percent - a.percent || a.id.localeCompare(b.id));
    expect(got.experiments.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    got.experiments.forEach((e, n) => {
      expect(e.jackknife).toBeCloseTo(expected[n].jackknife, 5);
      expect(e.percent).toBeCloseTo(expected[n].percent, 4);
      expect(e.maxPercent).toBeCloseTo(expected[n].maxPercent, 4);
    });
    expect(got.warning).toBe(warning);
    expect(got.dominated).toBe(warning !== null);
  });

  it('counts each experiment’s foci inside the cluster', () => {
    const got = contributions([1, 3, 6]);
    expect(Object.fromEntries(got.experiments.map((e) => [e.id, e.foci]))).toEqual({ E1: 0, E2: 1, E3: 1 });
  });
});

describe('the dominance warning and the experiments listed', () => {
  const rows = (...percents: number[]) => percents.map((percent, n) => ({ id: `E${n + 1}`, percent }));

  it('warns at exactly 50 % for one experiment and 80 % for two, not below', () => {
    expect(dominanceWarning(rows(50, 10))).toBe('one experiment ("E1") contributes 50 % of this cluster');
    expect(dominanceWarning(rows(49.99, 30))).toBeNull();
    expect(dominanceWarning(rows(40, 40, 20))).toBe('two experiments contribute 80 % of this cluster');
    expect(dominanceWarning(rows(40, 39.99, 20))).toBeNull();
    expect(dominanceWarning(rows(45))).toBeNull();
    expect(dominanceWarning([])).toBeNull();
  });

  it('lists experiments above 0.1 % on average or 5 % at some voxel, as JALE does', () => {
    const experiments = [
      [0.1, 5],
      [0.11, 0],
      [0, 5.01],
      [0.1, 4.99],
    ].map(([percent, maxPercent], n) => ({ id: `E${n}`, foci: 0, jackknife: 0, percent, maxPercent }));
    expect(listedContributions({ clusterId: 1, experiments, dominated: false, warning: null }).map((e) => e.id)).toEqual(['E1', 'E2']);
  });
});

describe('the tour’s kernel example', () => {
  it('gives the experiment’s kernel width, foci and modeled activation on the grid', () => {
    const geometry = grid([21, 21, 21]);
    const fwhm = fwhmFromSampleSize(20);
    const experiment = { id: 'A', sampleSize: 20, fwhm, mni: Float64Array.of(20, 20, 20, 4, 4, 4), ijk: Int32Array.of(10, 10, 10, 2, 2, 2) };
    const example = kernelExample(experiment, geometry);
    expect(example).toMatchObject({ id: 'A', sampleSize: 20, fwhm, nFoci: 2, firstFocus: [20, 20, 20] });
    // σ in mm from the FWHM: FWHM / (2 √(2 ln 2)).
    expect(example.sigmaMm).toBeCloseTo(fwhm / (2 * Math.sqrt(2 * Math.log(2))), 5);
    expect(example.map.length).toBe(21 ** 3);
    expect(example.map[(10 * 21 + 10) * 21 + 10]).toBe(example.peak);
    const kernel = aleKernel(fwhm);
    expect(example.peak).toBe(kernel.values[((kernel.radius * kernel.side + kernel.radius) * kernel.side) + kernel.radius]);
    expect(example.map[(10 * 21 + 10) * 21 + 14]).toBeLessThan(example.peak);
    expect(example.map[(10 * 21 + 10) * 21 + 14]).toBeGreaterThan(0);
  });
});
