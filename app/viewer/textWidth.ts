/**
 * How wide a line of text prints in Helvetica (and Arial, drawn to the same
 * widths): the PDF mosaic's font, and the SVG's first choice. The layout
 * wraps the title and caption and keeps the colour bar's labels apart with
 * these widths instead of a guessed average, which wrapped captions at
 * three quarters of the figure's width.
 */
import { fontFor } from './pdfFonts.ts';

/** Advance widths of the printable ASCII characters (space … ~) in thousandths of an em, from Adobe's Helvetica metrics. */
const REGULAR = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
/** ...and of Helvetica-Bold. */
const BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];
/** Anything else (accented letters, −, ≥, ³): as wide as a digit, near the middle of the range. */
const OTHER = 556;
/** Chinese, Japanese and Korean characters are square: one em. */
const EAST_ASIAN = 1000;

export function textWidth(text: string, sizePx: number, bold = false): number {
  const table = bold ? BOLD : REGULAR;
  let em = 0;
  for (const c of text) {
    const code = c.codePointAt(0) as number;
    em += code >= 32 && code <= 126 ? table[code - 32] : fontFor(c, bold) === 'droid' ? EAST_ASIAN : OTHER;
  }
  return (em / 1000) * sizePx;
}
