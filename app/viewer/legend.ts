/**
 * The viewer's colour scales as a labelled legend beside the slices (and
 * under the current-view figure), instead of NiiVue's unlabelled bars drawn
 * over the brain.
 */

export interface LegendEntry {
  label: string;
  colormap: string;
  /** The values at the scale's two ends: what is shown starts at `min`. */
  min: number;
  max: number;
}

/** What the legend needs of an overlay (NiiVue's NVImage has these fields). */
export interface ScaledImage {
  name: string;
  opacity: number;
  colormap: string;
  colormapNegative?: string;
  cal_min?: number;
  cal_max?: number;
}

/** The viewer's scalar overlays in the legend's order, with the name a reader sees. */
const LABELS: [overlay: string, label: string][] = [['z', 'Z'], ['ale', 'ALE'], ['tfce', 'TFCE (from its FWE cut-off)'], ['contrast', 'A > B (z)'], ['conjunction', 'A and B (min z)'], ['tour', '']];

/**
 * One entry per scale a reader must decode among the overlays shown (opacity
 * above 0): the contrast's two signs as two entries, each only while its
 * layer is on; the tour's map under its own name. Label volumes (clusters,
 * atlas) have no scale and no entry.
 */
export function viewerLegend(images: { get(overlay: string): ScaledImage | undefined }, layers: { aOverB: boolean; bOverA: boolean }): LegendEntry[] {
  return LABELS.flatMap(([overlay, label]) => {
    const image = images.get(overlay);
    // NiiVue sets the range when it reads the volume; until then there is no scale to show.
    if (!image || image.opacity <= 0 || image.cal_min === undefined || image.cal_max === undefined) return [];
    const range = { min: image.cal_min, max: image.cal_max };
    if (overlay === 'contrast') {
      return [
        ...(layers.aOverB ? [{ label, colormap: image.colormap, ...range }] : []),
        ...(layers.bOverA && image.colormapNegative ? [{ label: 'B > A (z)', colormap: image.colormapNegative, ...range }] : []),
      ];
    }
    return [{ label: label || image.name.replace(/\.nii$/, ''), colormap: image.colormap, ...range }];
  });
}

/** A CSS gradient through `stops` evenly spaced colours of an RGBA lookup table (NiiVue's 256 × 4 bytes). */
export function gradientCss(lut: ArrayLike<number>, stops = 8): string {
  const n = lut.length / 4;
  if (!Number.isInteger(n) || n < 2 || stops < 2) throw new RangeError('a colour table needs at least two RGBA entries and the gradient two stops');
  const colours = Array.from({ length: stops }, (_, s) => {
    const k = Math.round((s / (stops - 1)) * (n - 1));
    return `rgb(${lut[4 * k]} ${lut[4 * k + 1]} ${lut[4 * k + 2]}) ${Math.round((100 * s) / (stops - 1))}%`;
  });
  return `linear-gradient(to right, ${colours.join(', ')})`;
}

/** A scale's ends to three significant digits (whole numbers from 100 up). */
export function rangeText(entry: Pick<LegendEntry, 'min' | 'max'>): string {
  const f = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
  return `${f(entry.min)} – ${f(entry.max)}`;
}

/**
 * Where a thresholded map's colour scale starts: its smallest non-zero
 * |value| (what lay below was cut), so the legend's lower end is a value the
 * map holds. An empty map gets a nominal start.
 */
export function scaleStart(values: Float32Array): number {
  let least = Infinity;
  for (const v of values) if (v !== 0 && Math.abs(v) < least) least = Math.abs(v);
  return Number.isFinite(least) ? least : 0.01;
}
