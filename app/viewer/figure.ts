/**
 * Figures for a paper or a slide, drawn from the viewer's own renderer:
 * the current view with a caption, and a publication mosaic (axial slices
 * labelled with their MNI z, a colour bar with units and the thresholds
 * marked, and a caption stating data and inference).
 */
import type { Niivue } from '@niivue/niivue';
import { mosaicSvg, type SvgMosaic } from './figureSvg.ts';
import { scaleLabels, type ScaleLabels } from './scaleLabels.ts';
import type { LegendEntry } from './legend.ts';
import { mosaicString } from './mosaicSlices.ts';
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

/** Lines of `text` no wider than `width` pixels. */
function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (ctx.measureText(next).width > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
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
  const saved = { mosaic: nv.opts.sliceMosaicString, crosshair: nv.opts.crosshairWidth, sliceType: nv.opts.sliceType, opacity: selection.map((v) => v.opacity) };
  try {
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
    nv.opts.crosshairWidth = saved.crosshair;
    selection.forEach((v, n) => (v.opacity = saved.opacity[n]));
    if (selection.length > 0) nv.updateGLVolume();
    nv.setSliceMosaicString(saved.mosaic);
    if (!saved.mosaic) nv.setSliceType(saved.sliceType);
    nv.drawScene();
  }
}

/**
 * The publication mosaic as a PNG `widthPx` wide (a print width at a
 * resolution, stated in the file's pHYs chunk): slices, labels, colour bar
 * and caption drawn on one canvas. The slices are scaled nearest-voxel, so
 * enlarging them adds no blur.
 */
export async function mosaicFigure(spec: MosaicSpec, widthPx: number, dpi: number): Promise<Blob> {
  const out = document.createElement('canvas');
  const ctx = context2d(out);
  withMosaic(spec.slices, ({ nv, placed, box: { left, top, right, bottom } }) => {
    const source = nv.canvas;
    const width = widthPx;
    const scale = width / 900;
    const pad = 16 * scale;
    // The tiles fill the width between the margins.
    const k = (width - 2 * pad) / (right - left);
    const tilesHeight = (bottom - top) * k;
    ctx.font = `${13 * scale}px system-ui, sans-serif`;
    const captionLines = wrap(ctx, spec.caption, width - 2 * pad);
    const titleHeight = 30 * scale;
    // A second row of the scale's labels, where thresholds crowd, adds its height.
    const barHeight = (70 + 14 * (canvasScale(ctx, spec.colourBar, pad, Math.round(width) - 2 * pad, scale).rows - 1)) * scale;
    const lineHeight = 17 * scale;
    out.width = Math.round(width);
    out.height = Math.round(titleHeight + tilesHeight + barHeight + captionLines.length * lineHeight + pad);
    ctx.font = `${13 * scale}px system-ui, sans-serif`;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.fillStyle = '#000000';
    ctx.fillRect(0, titleHeight, out.width, tilesHeight);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(source, left, top, right - left, bottom - top, pad, titleHeight, width - 2 * pad, tilesHeight);
    ctx.imageSmoothingEnabled = true;
    ctx.fillStyle = '#ffffff';
    ctx.font = `bold ${12 * scale}px system-ui, sans-serif`;
    ctx.textAlign = 'right';
    // A black halo under each label keeps it legible where it reaches over a slice's white matter.
    ctx.strokeStyle = '#000000';
    ctx.lineWidth = 3 * scale;
    ctx.lineJoin = 'round';
    placed.forEach((t, n) => {
      const [x, y] = [pad + (t.x - left + t.w) * k - 4 * scale, titleHeight + (t.y - top + t.h) * k - 6 * scale];
      ctx.strokeText(`z = ${spec.slices[n]}`, x, y);
      ctx.fillText(`z = ${spec.slices[n]}`, x, y);
    });
    ctx.textAlign = 'left';
    ctx.fillStyle = '#111111';
    ctx.font = `bold ${15 * scale}px system-ui, sans-serif`;
    ctx.fillText(spec.title, pad, 21 * scale);
    drawColourBar(ctx, nv, spec.colourBar, pad, titleHeight + tilesHeight + 12 * scale, out.width - 2 * pad, 14 * scale, scale);
    ctx.font = `${13 * scale}px system-ui, sans-serif`;
    ctx.fillStyle = '#111111';
    captionLines.forEach((line, n) => ctx.fillText(line, pad, titleHeight + tilesHeight + barHeight + (n + 1) * lineHeight - 4 * scale));
  });
  const png = new Uint8Array(await (await toPng(out)).arrayBuffer());
  return new Blob([withDpi(png, dpi) as BlobPart], { type: 'image/png' });
}

/** The mosaic's slices, labels, colour bar and caption as numbers and strings, for the SVG and PDF writers. */
function mosaicModel(spec: MosaicSpec): SvgMosaic {
  return withMosaic(spec.slices, ({ nv, placed, box: { left, top, right, bottom } }) => {
    const crop = document.createElement('canvas');
    crop.width = right - left;
    crop.height = bottom - top;
    context2d(crop).drawImage(nv.canvas, left, top, crop.width, crop.height, 0, 0, crop.width, crop.height);
    const lut = nv.colormap(spec.colourBar.colormap);
    const steps = lut.length / 4;
    const colours = Array.from({ length: 32 }, (_, n) => {
      const s = Math.round((n / 31) * (steps - 1));
      return `rgb(${lut[4 * s]},${lut[4 * s + 1]},${lut[4 * s + 2]})`;
    });
    return {
      width: Math.max(crop.width, 600),
      title: spec.title,
      slices: { dataUrl: crop.toDataURL('image/png'), width: crop.width, height: crop.height },
      sliceLabels: placed.map((t, n) => ({ x: t.x - left + t.w - 4, y: t.y - top + t.h - 6, text: `z = ${spec.slices[n]}` })),
      colourBar: spec.colourBar,
      colours,
      caption: spec.caption,
    };
  });
}

/** The publication mosaic as SVG: the slices embedded as pixels, the rest as editable vector text and shapes. */
export function mosaicFigureSvg(spec: MosaicSpec): string {
  return mosaicSvg(mosaicModel(spec));
}

/** ...and as PDF, the vector format journals take; jsPDF is loaded only when one is asked for. */
export async function mosaicFigurePdf(spec: MosaicSpec, creator: string): Promise<ArrayBuffer> {
  const model = mosaicModel(spec);
  const { mosaicPdf } = await import('./figurePdf.ts');
  return mosaicPdf(model, creator);
}

/** The scale's labels as the canvas will print them (its own font's widths). */
function canvasScale(ctx: CanvasRenderingContext2D, bar: ColourBar, x: number, width: number, scale: number): ScaleLabels {
  ctx.font = `${12 * scale}px system-ui, sans-serif`;
  return scaleLabels(bar, x, width, (text) => ctx.measureText(text).width, 10 * scale);
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
  const { labels, ticks, rows } = canvasScale(ctx, bar, x, width, scale);
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
