/**
 * The publication mosaic as PDF, the vector format most journals take (many
 * refuse SVG): the same layout as the SVG (mosaicLayout), drawn with jsPDF.
 * The slices are one embedded PNG; the title, slice labels, colour bar,
 * scale and caption are vector paths and text in Helvetica, one of the
 * fonts every PDF reader has, so nothing is embedded but the slices.
 */
import { jsPDF } from 'jspdf';
import { mosaicLayout, type SvgMosaic } from './figureSvg.ts';

/** CSS pixels (the layout's unit, 96 per inch) to PDF points (72 per inch). */
const PT = 0.75;

/**
 * PDF's built-in fonts encode WinAnsi (Windows-1252) only; the characters our
 * captions use outside it are spelled out, and anything else becomes "?"
 * rather than a wrong glyph.
 */
const SPELLED: Record<string, string> = { '−': '-', '≥': '>=', '≤': '<=', '≈': '~', '→': '->', 'α': 'alpha', 'σ': 'sigma', '∞': 'inf', '\u2009': ' ', '\u202f': ' ' };
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

export function winAnsi(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0) as number;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.includes(c)) out += c;
    else out += SPELLED[c] ?? '?';
  }
  return out;
}

function rgb(css: string): [number, number, number] {
  const m = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(css.trim());
  if (!m) throw new Error(`figure: not an rgb() colour: ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function mosaicPdf(m: SvgMosaic, creator: string): ArrayBuffer {
  const l = mosaicLayout(m);
  const w = m.width * PT;
  const h = l.height * PT;
  const doc = new jsPDF({ unit: 'pt', format: [w, h], orientation: w >= h ? 'landscape' : 'portrait', compress: true });
  doc.setProperties({ title: winAnsi(m.title), creator: winAnsi(creator) });
  const text = (s: string, x: number, y: number, size: number, align: 'left' | 'center' | 'right', bold = false) => {
    doc.setFont('helvetica', bold ? 'bold' : 'normal');
    doc.setFontSize(size * PT);
    doc.text(winAnsi(s), x * PT, y * PT, { align, baseline: 'alphabetic' });
  };
  doc.setTextColor(17, 17, 17);
  l.titleLines.forEach((line, n) => text(line, l.pad, l.titleBaselines[n], 15, 'left', true));
  doc.setFillColor(0, 0, 0);
  doc.rect(0, l.sliceTop * PT, w, m.slices.height * PT, 'F');
  doc.addImage(m.slices.dataUrl, 'PNG', l.sliceLeft * PT, l.sliceTop * PT, m.slices.width * PT, m.slices.height * PT);
  // Slice labels white on a black halo: the stroke first, then the fill over it.
  doc.setDrawColor(0, 0, 0);
  doc.setLineWidth(3 * PT);
  doc.setLineJoin('round');
  for (const pass of ['stroke', 'fill'] as const) {
    doc.setTextColor(255, 255, 255);
    doc.setFont('helvetica', 'bold');
    doc.setFontSize(12 * PT);
    for (const s of m.sliceLabels) doc.text(winAnsi(s.text), (l.sliceLeft + s.x) * PT, (l.sliceTop + s.y) * PT, { align: 'right', renderingMode: pass });
  }
  // The colour bar as one strip per colour, then its frame and the thresholds.
  const { bar } = l;
  const step = bar.width / m.colours.length;
  m.colours.forEach((c, n) => {
    doc.setFillColor(...rgb(c));
    doc.rect((bar.left + n * step) * PT, bar.top * PT, (step + 0.5) * PT, bar.height * PT, 'F');
  });
  doc.setDrawColor(17, 17, 17);
  doc.setLineWidth(PT);
  doc.rect(bar.left * PT, bar.top * PT, bar.width * PT, bar.height * PT, 'S');
  for (const x of l.ticks) doc.line(x * PT, (bar.top - 3) * PT, x * PT, (bar.top + bar.height + 3) * PT);
  doc.setTextColor(17, 17, 17);
  const align = { start: 'left', middle: 'center', end: 'right' } as const;
  for (const t of l.labels) text(t.text, t.x, t.y, 12, align[t.anchor]);
  text(m.colourBar.label, m.width / 2, l.barNameY, 12, 'center');
  l.captionLines.forEach((line, n) => text(line, l.pad, l.captionBaselines[n], 13, 'left'));
  return doc.output('arraybuffer');
}
