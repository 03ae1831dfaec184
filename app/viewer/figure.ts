/**
 * Figures for a paper or a slide, drawn from the viewer's own renderer:
 * the current view with a caption, and a publication mosaic (axial slices
 * labelled with their MNI z, a colour bar with units and the thresholds
 * marked, and a caption stating data and inference).
 */
import type { Niivue } from '@niivue/niivue';
import { MOSAIC_PAD, mosaicSvg, type SvgMosaic } from './figureSvg.ts';
import { drawMosaic } from './figurePng.ts';
import { scaleLabels } from './scaleLabels.ts';
import type { LegendEntry } from './legend.ts';
import { mosaicString } from './mosaicSlices.ts';
import { fontBytes } from '../engine/assets.ts';
import { FALLBACK_FILES, fallbacksNeeded } from './pdfFonts.ts';
import { withDpi } from './pngDpi.ts';

let current: Niivue | null = null;
let legend: LegendEntry[] = [];

/** The viewer hook registers its NiiVue instance here while it is attached. */
export function registerViewer(nv: Niivue | null): void {
  current = nv;
}

/** ...and the colour scales it shows, which the current-view figure draws under the slices. */
export function registerLegend(entries: LegendEntry[]): void {
  legend = entries;
}

function viewer(): Niivue & { canvas: HTMLCanvasElement } {
  const nv = current;
  if (!nv?.canvas) throw new Error('the viewer is not ready');
  return nv as Niivue & { canvas: HTMLCanvasElement };
}

function toPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('could not encode the PNG'))), 'image/png'));
}

function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw a 2-D canvas');
  return ctx;
}

/** The view as it is on screen, its colour scales labelled under it, and the caption. */
export async function viewFigure(captionLines: string[]): Promise<Blob> {
  const nv = viewer();
  const source = nv.canvas;
  const lineHeight = 18;
  const barBlock = 56;
  const out = document.createElement('canvas');
  out.width = source.width;
  out.height = source.height + barBlock * legend.length + lineHeight * captionLines.length + 16;
  const ctx = context2d(out);
  // WebGL may clear its buffer after presenting, so copy it right after drawing.
  nv.drawScene();
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(source, 0, 0);
  const barWidth = Math.min(out.width - 20, 480);
  legend.forEach((entry, n) => drawColourBar(ctx, nv, { ...entry, marks: [] }, 10, source.height + 10 + barBlock * n, barWidth, 12, 1));
  ctx.fillStyle = '#111111';
  ctx.font = '14px system-ui, sans-serif';
  const captionTop = source.height + barBlock * legend.length;
  captionLines.forEach((line, n) => ctx.fillText(line, 10, captionTop + 8 + lineHeight * (n + 1) - 4));
  return toPng(out);
}

export interface ColourBar {
  /** The overlay's NiiVue colormap and the range it spans. */
  colormap: string;
  min: number;
  max: number;
  /** e.g. "Z (ALE, standard normal units)". */
  label: string;
  marks: { value: number; label: string }[];
}

export interface MosaicSpec {
  title: string;
  caption: string;
  colourBar: ColourBar;
  /** Axial slices, MNI z in mm, in the order they are laid out. */
  slices: number[];
}

/** Width and height of the canvas a mosaic figure is rendered on. */
const MOSAIC_RENDER_PX = 1800;

/** The mosaic's tiles on the canvas, in the order the slices were listed. */
function tiles(nv: Niivue): { x: number; y: number; w: number; h: number }[] {
  return nv.screenSlices.filter((t) => t.axCorSag === 0).map((t) => ({ x: t.leftTopWidthHeight[0], y: t.leftTopWidthHeight[1], w: t.leftTopWidthHeight[2], h: t.leftTopWidthHeight[3] }));
}

interface MosaicTiles {
  nv: Niivue & { canvas: HTMLCanvasElement };
  placed: { x: number; y: number; w: number; h: number }[];
  /** The tiles' bounding box on the viewer's canvas. */
  box: { left: number; top: number; right: number; bottom: number };
}

/**
 * Renders the axial mosaic off the user's view (crosshair and selection
 * hidden), hands the tiles to `use` while they are on
 * the canvas, and puts the view back as it was.
 */
function withMosaic<T>(slices: readonly number[], use: (tiles: MosaicTiles) => T): T {
  const nv = viewer();
  const selection = nv.volumes.filter((v) => v.name.startsWith('selected'));
  const saved = { mosaic: nv.opts.sliceMosaicString, crosshair: nv.opts.crosshairWidth, sliceType: nv.opts.sliceType, opacity: selection.map((v) => v.opacity), width: nv.canvas.width, height: nv.canvas.height };
  try {
    // Drawn on a larger canvas than the screen gives (at 1280×720 a slice tile is ~110 px): five 1-mm slices
    // across MOSAIC_RENDER_PX are about two pixels per voxel. The canvas's CSS size is unchanged, so the page
    // does not move; the size goes back below.
    nv.canvas.width = MOSAIC_RENDER_PX;
    nv.canvas.height = MOSAIC_RENDER_PX;
    nv.gl.viewport(0, 0, MOSAIC_RENDER_PX, MOSAIC_RENDER_PX);
    nv.opts.crosshairWidth = 0;
    for (const v of selection) v.opacity = 0;
    if (selection.length > 0) nv.updateGLVolume();
    nv.setSliceMosaicString(mosaicString(slices));
    nv.drawScene();
    const placed = tiles(nv);
    if (placed.length !== slices.length) throw new Error('the viewer did not lay out the mosaic');
    // The figure holds the tiles only, not the empty canvas around them.
    const box = { left: Math.min(...placed.map((t) => t.x)), top: Math.min(...placed.map((t) => t.y)), right: Math.max(...placed.map((t) => t.x + t.w)), bottom: Math.max(...placed.map((t) => t.y + t.h)) };
    return use({ nv, placed, box });
  } finally {
    nv.canvas.width = saved.width;
    nv.canvas.height = saved.height;
    nv.gl.viewport(0, 0, saved.width, saved.height);
    nv.opts.crosshairWidth = saved.crosshair;
    selection.forEach((v, n) => (v.opacity = saved.opacity[n]));
    if (selection.length > 0) nv.updateGLVolume();
    nv.setSliceMosaicString(saved.mosaic);
    if (!saved.mosaic) nv.setSliceType(saved.sliceType);
    nv.drawScene();
  }
}

/** Layout units across the mosaic (the SVG's pixels, the PDF's 0.75 pt); the PNG scales them to its print width. */
const FIGURE_WIDTH = 900;

/** The mosaic's slices (a canvas, cropped to the tiles) and everything drawn around them as numbers and strings. */
function captureMosaic(spec: MosaicSpec): { crop: HTMLCanvasElement; model: SvgMosaic } {
  return withMosaic(spec.slices, ({ nv, placed, box: { left, top, right, bottom } }) => {
    const crop = document.createElement('canvas');
    crop.width = right - left;
    crop.height = bottom - top;
    context2d(crop).drawImage(nv.canvas, left, top, crop.width, crop.height, 0, 0, crop.width, crop.height);
    const lut = nv.colormap(spec.colourBar.colormap);
    const colours = Array.from({ length: lut.length / 4 }, (_, s) => `rgb(${lut[4 * s]},${lut[4 * s + 1]},${lut[4 * s + 2]})`);
    // The slices fill the width between the margins, however many pixels they were rendered with.
    const shown = (FIGURE_WIDTH - 2 * MOSAIC_PAD) / crop.width;
    return {
      crop,
      model: {
        width: FIGURE_WIDTH,
        title: spec.title,
        slices: { dataUrl: '', width: crop.width * shown, height: crop.height * shown },
        sliceLabels: placed.map((t, n) => ({ x: (t.x - left + t.w) * shown - 4, y: (t.y - top + t.h) * shown - 6, text: `z = ${spec.slices[n]}` })),
        colourBar: spec.colourBar,
        colours,
        caption: spec.caption,
      },
    };
  });
}

function withSlicesAsPng({ crop, model }: { crop: HTMLCanvasElement; model: SvgMosaic }): SvgMosaic {
  return { ...model, slices: { ...model.slices, dataUrl: crop.toDataURL('image/png') } };
}

/**
 * The publication mosaic as a PNG `widthPx` wide (a print width at a
 * resolution, stated in the file's pHYs chunk), laid out as the SVG and PDF.
 */
export async function mosaicFigure(spec: MosaicSpec, widthPx: number, dpi: number): Promise<Blob> {
  const { crop, model } = captureMosaic(spec);
  const png = new Uint8Array(await (await toPng(drawMosaic(model, crop, widthPx))).arrayBuffer());
  return new Blob([withDpi(png, dpi) as BlobPart], { type: 'image/png' });
}

/** The publication mosaic as SVG: the slices embedded as pixels, the rest as editable vector text and shapes. */
export function mosaicFigureSvg(spec: MosaicSpec): string {
  return mosaicSvg(withSlicesAsPng(captureMosaic(spec)));
}

/**
 * ...and as PDF, the vector format journals take; jsPDF is loaded only when one is asked for, and a
 * fallback font only when the text has characters Helvetica cannot encode.
 */
export async function mosaicFigurePdf(spec: MosaicSpec, creator: string): Promise<ArrayBuffer> {
  const model = withSlicesAsPng(captureMosaic(spec));
  const texts = [model.title, ...model.sliceLabels.map((l) => l.text)].map((text) => ({ text, bold: true }));
  texts.push(...[model.caption, model.colourBar.label, ...model.colourBar.marks.map((m) => m.label)].map((text) => ({ text, bold: false })));
  const needed = fallbacksNeeded(texts);
  const [{ mosaicPdf }, ...bytes] = await Promise.all([import('./figurePdf.ts'), ...needed.map((f) => fontBytes(FALLBACK_FILES[f]))]);
  return mosaicPdf(model, creator, Object.fromEntries(needed.map((f, n) => [f, bytes[n]])));
}

function drawColourBar(ctx: CanvasRenderingContext2D, nv: Niivue, bar: ColourBar, x: number, y: number, width: number, height: number, scale: number): void {
  const lut = nv.colormap(bar.colormap);
  const steps = lut.length / 4;
  for (let s = 0; s < steps; s++) {
    ctx.fillStyle = `rgb(${lut[4 * s]} ${lut[4 * s + 1]} ${lut[4 * s + 2]})`;
    ctx.fillRect(x + (s * width) / steps, y, Math.ceil(width / steps) + 1, height);
  }
  ctx.strokeStyle = '#111111';
  ctx.lineWidth = scale;
  ctx.strokeRect(x, y, width, height);
  ctx.font = `${12 * scale}px system-ui, sans-serif`;
  const { labels, ticks, rows } = scaleLabels(bar, x, width, (text) => ctx.measureText(text).width, 10 * scale);
  for (const tick of ticks) {
    ctx.beginPath();
    ctx.moveTo(tick, y - 3 * scale);
    ctx.lineTo(tick, y + height + 3 * scale);
    ctx.stroke();
  }
  ctx.fillStyle = '#111111';
  const align = { start: 'left', middle: 'center', end: 'right' } as const;
  for (const label of labels) {
    ctx.textAlign = align[label.anchor];
    ctx.fillText(label.text, label.x, y + height + (15 + 14 * label.row) * scale);
  }
  ctx.textAlign = 'center';
  ctx.fillText(bar.label, x + width / 2, y + height + (32 + 14 * (rows - 1)) * scale);
  ctx.textAlign = 'left';
}
