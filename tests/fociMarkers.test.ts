/** Which foci the viewer draws, and the markers' geometry and colours. */
import { describe, expect, it } from 'vitest';
import { FOCI_SLAB_MM, fociFocus, fociMarkers, markerMesh } from '../app/viewer/fociMarkers.ts';

const experiments = [
  { id: 'a', mni: Float64Array.from([0, 0, 0, 40, 40, 40]) },
  { id: 'b', mni: Float64Array.from([FOCI_SLAB_MM, 50, 50, 50, 50, -FOCI_SLAB_MM - 0.01, 60, 60, 60]) },
];

describe('the foci drawn', () => {
  it('follows the crosshair on slices, and shows every focus in 3-D and in the mosaic', () => {
    const crosshair = [1, 2, 3];
    expect(['multiplanar', 'axial', 'coronal', 'sagittal'].map((l) => fociFocus(l as 'axial', crosshair))).toEqual([crosshair, crosshair, crosshair, crosshair]);
    expect(fociFocus('render', crosshair)).toBeNull();
    expect(fociFocus('mosaic', crosshair)).toBeNull();
  });

  it('keeps a focus within the slab of any of the crosshair’s three planes, the slab’s edge included', () => {
    const near = fociMarkers(experiments, new Set(), [0, 0, 0]);
    // (4, 50, 50) lies on the edge of the x plane's slab; (50, 50, -4.01) just outside the z plane's; (40, 40, 40) and (60, 60, 60) far from all.
    expect(near.map((m) => [m.name, m.x, m.y, m.z, m.colorValue])).toEqual([
      ['a', 0, 0, 0, 1],
      ['b', FOCI_SLAB_MM, 50, 50, 2],
    ]);
    expect(fociMarkers(experiments, new Set(), [0, 40, 0]).map((m) => [m.x, m.y, m.z])).toEqual([[0, 0, 0], [40, 40, 40], [FOCI_SLAB_MM, 50, 50]]);
  });

  it('draws all foci without a crosshair, none of a hidden experiment, and keeps each experiment’s colour number', () => {
    expect(fociMarkers(experiments, new Set(), null)).toHaveLength(5);
    const onlyB = fociMarkers(experiments, new Set(['a']), null);
    expect(onlyB.map((m) => m.colorValue)).toEqual([2, 2, 2]);
    expect(onlyB.every((m) => m.sizeValue === 1 && m.name === 'b')).toBe(true);
  });
});

describe('the marker mesh', () => {
  // A lookup table whose entry k is (k, 255 - k, 7, 99): the colour says which entry was read.
  const lut = Uint8Array.from({ length: 1024 }, (_, i) => [i >> 2, 255 - (i >> 2), 7, 99][i % 4]);
  const markers = fociMarkers(experiments, new Set(), null).slice(0, 3);
  const mesh = markerMesh(markers, 2, lut, 4);

  it('puts an icosahedron of the radius around each focus, its faces turned outwards', () => {
    expect([mesh.pts.length, mesh.tris.length, mesh.rgba.length]).toEqual([3 * 12 * 3, 3 * 20 * 3, 3 * 12 * 4]);
    markers.forEach((m, k) => {
      for (let i = 0; i < 12; i++) {
        const p = mesh.pts.subarray(3 * (12 * k + i), 3 * (12 * k + i) + 3);
        expect(Math.hypot(p[0] - m.x, p[1] - m.y, p[2] - m.z)).toBeCloseTo(2, 5);
      }
    });
    for (let t = 0; t < mesh.tris.length; t += 3) {
      const [a, b, c] = [0, 1, 2].map((j) => Array.from(mesh.pts.subarray(3 * mesh.tris[t + j], 3 * mesh.tris[t + j] + 3)));
      const k = Math.floor(mesh.tris[t] / 12);
      expect([mesh.tris[t + 1], mesh.tris[t + 2]].every((v) => Math.floor(v / 12) === k)).toBe(true);
      const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
      const v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
      const normal = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
      const centre = [markers[k].x, markers[k].y, markers[k].z];
      const outward = [0, 1, 2].reduce((sum, d) => sum + normal[d] * ((a[d] + b[d] + c[d]) / 3 - centre[d]), 0);
      expect(outward).toBeGreaterThan(0);
    }
    // Every vertex of every marker is used by five faces.
    const uses = new Map<number, number>();
    for (const v of mesh.tris) uses.set(v, (uses.get(v) ?? 0) + 1);
    expect(new Set(uses.values())).toEqual(new Set([5]));
    expect(uses.size).toBe(36);
  });

  it('colours a marker from the table as NiiVue maps a node’s value: value / max of 255 entries', () => {
    // Values 1, 1, 2 of max 4: entries round(255/4) = 64 and round(255/2) = 128.
    expect(Array.from(mesh.rgba.subarray(0, 4))).toEqual([64, 191, 7, 255]);
    expect(Array.from(mesh.rgba.subarray(4 * 12, 4 * 12 + 4))).toEqual([64, 191, 7, 255]);
    expect(Array.from(mesh.rgba.subarray(4 * 24, 4 * 24 + 4))).toEqual([128, 127, 7, 255]);
    expect(Array.from(mesh.rgba.subarray(4 * 35, 4 * 36))).toEqual([128, 127, 7, 255]);
    expect(Array.from(markerMesh([{ ...markers[0], colorValue: 9 }], 1, lut, 4).rgba.subarray(0, 4))).toEqual([255, 0, 7, 255]);
  });
});
