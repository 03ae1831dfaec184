/**
 * The result volumes as NiiVue images: the same NIfTI writer as the
 * downloads (so the viewer shows exactly what the files hold), plus the
 * lookup tables that make cluster and atlas labels draw as outlines.
 */
import { NVImage } from '@niivue/niivue';
import type { FinishedRun } from '../../workers/analysis/index.ts';
import type { Atlas } from '../../workers/diagnostics/index.ts';
import { significantReports } from '../../workers/diagnostics/index.ts';
import type { Inference } from '../../workers/inference/index.ts';
import { NIFTI_INTENT_LABEL, writeNifti } from '../../workers/reports/index.ts';
import { clusterColour } from './palette.ts';

/** NiiVue outlines only 8- and 16-bit label volumes (wider ones are drawn as plain scalars, without borders). */
const MAX_OUTLINED_LABEL = 65535;

/** Cluster labels kept only for clusters significant at α by the inference; others are 0. */
export function significantLabels(run: FinishedRun, alpha: number, inference: Inference): Int32Array {
  const keep = new Set(significantReports(run.reports, alpha, inference).map((r) => r.id));
  return Int32Array.from(run.volumes.labels, (id) => (keep.has(id) ? id : 0));
}

export function overlayNifti(run: Pick<FinishedRun, 'shape' | 'affine'>, data: Float32Array | Uint16Array, description: string, intentCode = 0): Uint8Array {
  return writeNifti(run.shape, run.affine, data, description, intentCode);
}

export interface ScalarOverlay {
  name: string;
  colormap: string;
  calMin: number;
  calMax: number;
  colormapNegative?: string;
}

export async function scalarImage(run: Pick<FinishedRun, 'shape' | 'affine'>, data: Float32Array, o: ScalarOverlay): Promise<NVImage> {
  const image = await NVImage.loadFromUrl({ url: overlayNifti(run, data, o.name), name: `${o.name}.nii`, colormap: o.colormap, cal_min: o.calMin, cal_max: o.calMax, opacity: 0 });
  if (o.colormapNegative) {
    image.colormapNegative = o.colormapNegative;
    image.cal_minNeg = -o.calMax;
    image.cal_maxNeg = -o.calMin;
  }
  return image;
}

/**
 * A label volume drawn as outlines: with atlas outlines on, NiiVue draws each
 * label's border opaque in its colour and its inside at the layer's opacity.
 */
export async function labelImage(grid: Pick<FinishedRun, 'shape' | 'affine'>, labels: Int32Array, names: string[], colour: (label: number) => [number, number, number], name: string): Promise<NVImage> {
  const top = labels.reduce((m, v) => Math.max(m, v), 0);
  if (top > MAX_OUTLINED_LABEL) throw new Error(`${top.toLocaleString('en')} labels are more than the ${MAX_OUTLINED_LABEL.toLocaleString('en')} the viewer can outline`);
  const url = overlayNifti(grid, Uint16Array.from(labels), name, NIFTI_INTENT_LABEL);
  const image = await NVImage.loadFromUrl({ url, name: `${name}.nii`, colormap: 'gray', opacity: 0 });
  const n = names.length;
  const I = Array.from({ length: n + 1 }, (_, k) => k);
  const rgb = I.map((k) => (k === 0 ? [0, 0, 0] : colour(k)));
  image.setColormapLabel({ R: rgb.map((c) => c[0]), G: rgb.map((c) => c[1]), B: rgb.map((c) => c[2]), A: I.map((k) => (k === 0 ? 0 : 255)), I, labels: ['', ...names] });
  return image;
}

export function clusterLabelImage(run: FinishedRun, alpha: number, inference: Inference): Promise<NVImage> {
  const labels = significantLabels(run, alpha, inference);
  const names = run.reports.map((r) => `cluster ${r.id}`);
  return labelImage(run, labels, names, clusterColour, 'significant clusters');
}

/** The selected cluster alone, as a 0/1 map to brighten it. */
export function selectedClusterMap(run: FinishedRun, id: number): Float32Array {
  return Float32Array.from(run.volumes.labels, (v) => (v === id ? 1 : 0));
}

/** AAL regions as outlines, each in a colour of its own. */
export function atlasImage(atlas: Atlas): Promise<NVImage> {
  const hue = (k: number) => {
    // Golden-angle hues: neighbouring labels get distinct colours.
    const h = (k * 137.508) % 360;
    const f = (m: number) => {
      const t = (m + h / 30) % 12;
      return Math.round(255 * (0.75 - 0.35 * Math.max(-1, Math.min(t - 3, 9 - t, 1))));
    };
    return [f(0), f(8), f(4)] as [number, number, number];
  };
  const max = atlas.regions.reduce((m, r) => Math.max(m, r.index), 0);
  const names = Array.from({ length: max }, (_, k) => atlas.regions.find((r) => r.index === k + 1)?.name ?? '');
  return labelImage(atlas, Int32Array.from(atlas.labels), names, hue, 'AAL atlas');
}
