/**
 * The publication mosaic as PDF, the vector format most journals take (many
 * refuse SVG): the same layout as the SVG (mosaicLayout), drawn with jsPDF.
 * The slices are one embedded PNG; the title, slice labels, colour bar,
 * scale and caption are vector paths and text in Helvetica, one of the
 * fonts every PDF reader has, and, for characters Helvetica cannot encode,
 * in the fallback fonts given (pdfFonts.ts), embedded as subsets.
 */
import { jsPDF } from 'jspdf';
import { toBase64 } from '../base64.ts';
import { mosaicLayout, type SvgMosaic } from './figureSvg.ts';
import { FALLBACK_FILES, fontFor, winAnsi, type FallbackFont } from './pdfFonts.ts';

/** CSS pixels (the layout's unit, 96 per inch) to PDF points (72 per inch). */
const PT = 0.75;

/** jsPDF's names for the fallback fonts, and the style each is registered under. */
const JSPDF_FONT: Record<FallbackFont, [string, 'normal' | 'bold']> = { dejavu: ['DejaVuSans', 'normal'], dejavuBold: ['DejaVuSans', 'bold'], droid: ['DroidSansFallback', 'normal'] };

interface Run {
  font: 'helvetica' | FallbackFont;
  text: string;
}

function rgb(css: string): [number, number, number] {
  const m = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(css.trim());
  if (!m) throw new Error(`figure: not an rgb() colour: ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The PDF's bytes; `fonts` holds the fallback fonts the text needs (fallbacksNeeded): without one, its characters print as "?". */
export function mosaicPdf(m: SvgMosaic, creator: string, fonts: Partial<Record<FallbackFont, Uint8Array>> = {}): ArrayBuffer {
  const l = mosaicLayout(m);
  const w = m.width * PT;
  const h = l.height * PT;
  const doc = new jsPDF({ unit: 'pt', format: [w, h], orientation: w >= h ? 'landscape' : 'portrait', compress: true });
  doc.setProperties({ title: winAnsi(m.title), creator: winAnsi(creator) });
  const glyphs = new Map<FallbackFont, (code: number) => number>();
  for (const [font, bytes] of Object.entries(fonts) as [FallbackFont, Uint8Array][]) {
    const [name, style] = JSPDF_FONT[font];
    doc.addFileToVFS(FALLBACK_FILES[font], toBase64(bytes));
    doc.addFont(FALLBACK_FILES[font], name, style, 'Identity-H');
    doc.setFont(name, style);
    const metadata = (doc.getFont() as unknown as { metadata: { characterToGlyph(code: number): number } }).metadata;
    glyphs.set(font, (code) => metadata.characterToGlyph(code));
  }
  const has = (font: FallbackFont, c: string) => c.length === 1 && (glyphs.get(font)?.(c.charCodeAt(0)) ?? 0) > 0;
  /**
   * Runs of one font each. A word with letters Helvetica lacks is set wholly in DejaVu, so its letters
   * match; a character whose font is missing, or lacks it, is drawn in Helvetica as "?".
   */
  const runsOf = (s: string, bold: boolean): Run[] => {
    const dejavu = bold ? 'dejavuBold' : 'dejavu';
    const runs: Run[] = [];
    for (const word of s.split(/(\s+)/)) {
      const chars = [...word];
      const whole = chars.some((c) => fontFor(c, bold) === dejavu) && chars.every((c) => fontFor(c, bold) === 'droid' || has(dejavu, c));
      for (const c of chars) {
        const wanted = fontFor(c, bold);
        const font = whole && wanted !== 'droid' ? dejavu : wanted !== 'helvetica' && has(wanted, c) ? wanted : 'helvetica';
        const last = runs.at(-1);
        if (last?.font === font) last.text += c;
        else runs.push({ font, text: c });
      }
    }
    return runs.map((r) => (r.font === 'helvetica' ? { font: r.font, text: winAnsi(r.text) } : r));
  };
  const useFont = (font: Run['font'], bold: boolean) => (font === 'helvetica' ? doc.setFont('helvetica', bold ? 'bold' : 'normal') : doc.setFont(...JSPDF_FONT[font]));
  /** Draws a line run by run, each at the width the PDF gives it, aligned as a whole. */
  const line = (s: string, x: number, y: number, size: number, align: 'left' | 'center' | 'right', bold: boolean, renderingMode?: 'stroke' | 'fill') => {
    doc.setFontSize(size * PT);
    const runs = runsOf(s, bold).map((r) => {
      useFont(r.font, bold);
      return { ...r, width: doc.getTextWidth(r.text) };
    });
    const width = runs.reduce((sum, r) => sum + r.width, 0);
    let at = x * PT - (align === 'left' ? 0 : align === 'center' ? width / 2 : width);
    for (const r of runs) {
      useFont(r.font, bold);
      doc.text(r.text, at, y * PT, { baseline: 'alphabetic', ...(renderingMode ? { renderingMode } : {}) });
      at += r.width;
    }
  };
  const text = (s: string, x: number, y: number, size: number, align: 'left' | 'center' | 'right', bold = false) => line(s, x, y, size, align, bold);
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
    for (const s of m.sliceLabels) line(s.text, l.sliceLeft + s.x, l.sliceTop + s.y, 12, 'right', true, pass);
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
