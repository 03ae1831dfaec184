/**
 * The foci the viewer draws as markers. NiiVue draws every marker's sphere
 * (320 triangles) on every 2-D tile and only then hides those beyond the
 * slab; with the published demo's 2,826 foci a software-rendered page (a
 * lecture-room PC, a VM) froze for half a minute at each redraw. Slices that
 * follow the crosshair therefore get only the foci within the slab of one of
 * its three planes; the 3-D render and the mosaic (slices away from the
 * crosshair) get them all.
 */
import type { Layout } from '../store.ts';

/** Half the thickness of the slab whose foci a 2-D slice shows: a focus and its marker's radius. */
export const FOCI_SLAB_MM = 4;

export interface FocusMarker {
  name: string;
  x: number;
  y: number;
  z: number;
  /** The experiment's number from 1, which picks its colour on a scale shared by all experiments. */
  colorValue: number;
  sizeValue: number;
}

/** The crosshair whose planes bound the foci drawn, or null where the layout shows foci away from it. */
export function fociFocus(layout: Layout, crosshair: readonly number[]): readonly number[] | null {
  return layout === 'render' || layout === 'mosaic' ? null : crosshair;
}

export function fociMarkers(experiments: readonly { id: string; mni: ArrayLike<number> }[], hidden: ReadonlySet<string>, near: readonly number[] | null): FocusMarker[] {
  const markers: FocusMarker[] = [];
  experiments.forEach((e, n) => {
    if (hidden.has(e.id)) return;
    for (let f = 0; f + 2 < e.mni.length; f += 3) {
      const [x, y, z] = [e.mni[f], e.mni[f + 1], e.mni[f + 2]];
      if (near && Math.abs(x - near[0]) > FOCI_SLAB_MM && Math.abs(y - near[1]) > FOCI_SLAB_MM && Math.abs(z - near[2]) > FOCI_SLAB_MM) continue;
      markers.push({ name: e.id, x, y, z, colorValue: n + 1, sizeValue: 1 });
    }
  });
  return markers;
}

/** A regular icosahedron on the unit sphere: 12 vertices, 20 faces. */
const PHI = (1 + Math.sqrt(5)) / 2;
const ICOSAHEDRON = [
  [-1, PHI, 0], [1, PHI, 0], [-1, -PHI, 0], [1, -PHI, 0],
  [0, -1, PHI], [0, 1, PHI], [0, -1, -PHI], [0, 1, -PHI],
  [PHI, 0, -1], [PHI, 0, 1], [-PHI, 0, -1], [-PHI, 0, 1],
].map((v) => v.map((c) => c / Math.hypot(...v)));
const FACES = [
  0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11, 1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6, 7, 1, 8,
  3, 9, 4, 3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9, 4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7, 9, 8, 1,
];

export interface MarkerMesh {
  pts: Float32Array;
  tris: Uint32Array;
  /** RGBA per vertex. */
  rgba: Uint8Array;
}

/**
 * One icosahedron of the given radius per marker, coloured from a 256-entry
 * RGBA lookup table on a scale of 1..maxColor (as NiiVue's connectome maps a
 * node's value). Twenty faces instead of a connectome sphere's 320: at a
 * marker's few pixels the outline looks the same, and a software renderer
 * draws sixteen times fewer triangles.
 */
export function markerMesh(markers: readonly FocusMarker[], radius: number, lut: ArrayLike<number>, maxColor: number): MarkerMesh {
  const pts = new Float32Array(markers.length * ICOSAHEDRON.length * 3);
  const tris = new Uint32Array(markers.length * FACES.length);
  const rgba = new Uint8Array(markers.length * ICOSAHEDRON.length * 4);
  markers.forEach((m, k) => {
    const entry = 4 * Math.round(255 * Math.min(1, Math.max(0, m.colorValue / Math.max(1, maxColor))));
    ICOSAHEDRON.forEach((v, i) => {
      const at = k * ICOSAHEDRON.length + i;
      pts.set([m.x + radius * v[0], m.y + radius * v[1], m.z + radius * v[2]], 3 * at);
      rgba.set([lut[entry], lut[entry + 1], lut[entry + 2], 255], 4 * at);
    });
    FACES.forEach((f, j) => {
      tris[k * FACES.length + j] = k * ICOSAHEDRON.length + f;
    });
  });
  return { pts, tris, rgba };
}
