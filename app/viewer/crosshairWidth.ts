/**
 * The crosshair's width on the slices. NiiVue draws it as a thin cylinder
 * whose width is given in mm; 0.5 mm is under one screen pixel where a slice
 * is small (about 1.2 pixels per mm in one axial slice at 1280×720), and a
 * line under a pixel wide covers no pixel centre at some positions, so the
 * crosshair vanished after a click there. The width is kept at
 * MIN_PIXELS on the most reduced slice tile, and 0.5 mm where that is wider.
 */
import type { Niivue } from '@niivue/niivue';

/** The width where the slices are large enough to show it. */
export const CROSSHAIR_MM = 0.5;
/** A band at least one pixel wide always covers a pixel centre; half a pixel more keeps both lines even. */
const MIN_PIXELS = 1.5;

interface Tile {
  /** Canvas pixels: left, top, width, height. */
  leftTopWidthHeight: readonly number[];
  /** The tile's field of view in mm, across and down. */
  fovMM: readonly number[];
}

/** The width in mm (to 0.01 mm) that is at least MIN_PIXELS on every slice tile shown. */
export function crosshairWidthMm(tiles: readonly Tile[]): number {
  let pixelsPerMm = Infinity;
  for (const t of tiles) {
    const [, , width, height] = t.leftTopWidthHeight;
    if (t.fovMM[0] > 0 && width > 0) pixelsPerMm = Math.min(pixelsPerMm, width / t.fovMM[0]);
    if (t.fovMM[1] > 0 && height > 0) pixelsPerMm = Math.min(pixelsPerMm, height / t.fovMM[1]);
  }
  if (!Number.isFinite(pixelsPerMm)) return CROSSHAIR_MM;
  return Math.max(CROSSHAIR_MM, Math.ceil((100 * MIN_PIXELS) / pixelsPerMm) / 100);
}

/**
 * After each draw, widens (or narrows back) the crosshair to the slices now on
 * screen and draws again if it changed. A width of 0 (a figure being rendered
 * without it) is left alone.
 */
export function keepCrosshairVisible(nv: Niivue): void {
  const draw = nv.drawScene.bind(nv);
  nv.drawScene = () => {
    const drawn = draw();
    if (nv.opts.crosshairWidth <= 0) return drawn;
    const width = crosshairWidthMm(nv.screenSlices);
    if (width === nv.opts.crosshairWidth) return drawn;
    nv.opts.crosshairWidth = width;
    return draw();
  };
}
