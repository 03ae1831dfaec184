/**
 * The publication mosaic as pixels: the SVG's and PDF's layout (mosaicLayout)
 * drawn on a canvas scaled to a print width, so the three formats show the
 * same figure. The slices are enlarged voxel by voxel, without smoothing.
 */
import { mosaicLayout, type SvgMosaic } from './figureSvg.ts';

const FONT = 'Helvetica, Arial, sans-serif';

export function drawMosaic(m: SvgMosaic, slices: CanvasImageSource, widthPx: number): HTMLCanvasElement {
  const l = mosaicLayout(m);
  const k = widthPx / m.width;
  const out = document.createElement('canvas');
  out.width = Math.round(widthPx);
  out.height = Math.round(l.height * k);
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw a 2-D canvas');
  // Everything below in layout units.
  ctx.scale(k, k);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, m.width, l.height);
  ctx.fillStyle = '#111111';
  ctx.font = `bold 15px ${FONT}`;
  l.titleLines.forEach((line, n) => ctx.fillText(line, l.pad, l.titleBaselines[n]));
  ctx.fillStyle = '#000000';
  ctx.fillRect(0, l.sliceTop, m.width, m.slices.height);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(slices, l.sliceLeft, l.sliceTop, m.slices.width, m.slices.height);
  // White labels on a black halo, legible where they reach over a slice's white matter.
  ctx.font = `bold 12px ${FONT}`;
  ctx.textAlign = 'right';
  ctx.strokeStyle = '#000000';
  ctx.lineWidth = 3;
  ctx.lineJoin = 'round';
  ctx.fillStyle = '#ffffff';
  for (const s of m.sliceLabels) {
    ctx.strokeText(s.text, l.sliceLeft + s.x, l.sliceTop + s.y);
    ctx.fillText(s.text, l.sliceLeft + s.x, l.sliceTop + s.y);
  }
  const { bar } = l;
  const step = bar.width / m.colours.length;
  m.colours.forEach((c, n) => {
    ctx.fillStyle = c;
    ctx.fillRect(bar.left + n * step, bar.top, step + 0.5, bar.height);
  });
  ctx.strokeStyle = '#111111';
  ctx.lineWidth = 1;
  ctx.strokeRect(bar.left, bar.top, bar.width, bar.height);
  for (const x of l.ticks) {
    ctx.beginPath();
    ctx.moveTo(x, bar.top - 3);
    ctx.lineTo(x, bar.top + bar.height + 3);
    ctx.stroke();
  }
  ctx.fillStyle = '#111111';
  ctx.font = `12px ${FONT}`;
  const align = { start: 'left', middle: 'center', end: 'right' } as const;
  for (const t of l.labels) {
    ctx.textAlign = align[t.anchor];
    ctx.fillText(t.text, t.x, t.y);
  }
  ctx.textAlign = 'center';
  ctx.fillText(m.colourBar.label, m.width / 2, l.barNameY);
  ctx.textAlign = 'left';
  ctx.font = `13px ${FONT}`;
  l.captionLines.forEach((line, n) => ctx.fillText(line, l.pad, l.captionBaselines[n]));
  return out;
}
