/**
 * Which font the PDF figure draws each character in. PDF's built-in
 * Helvetica encodes Windows-1252 only; the few symbols our own captions use
 * outside it are spelled out (− as -, ≥ as >=), and any other character (a
 * title or file name in Polish, Greek, Russian, Chinese, Korean, …) is drawn
 * in a font shipped from Debian and embedded by jsPDF as a subset: DejaVu
 * Sans for the alphabetic scripts, Droid Sans Fallback for Chinese, Japanese
 * and Korean. A font is fetched only when a figure's text needs it.
 */
export type FallbackFont = 'dejavu' | 'dejavuBold' | 'droid';

/** The files in public/fonts/ (scripts/ship-fonts.ts). */
export const FALLBACK_FILES: Record<FallbackFont, string> = { dejavu: 'DejaVuSans.ttf', dejavuBold: 'DejaVuSans-Bold.ttf', droid: 'DroidSansFallbackFull.ttf' };

const SPELLED: Record<string, string> = { '−': '-', '≥': '>=', '≤': '<=', '≈': '~', '→': '->', 'α': 'alpha', 'σ': 'sigma', '∞': 'inf', '\u2009': ' ', '\u202f': ' ' };
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const EAST_ASIAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uffef]/u;

function inWinAnsi(c: string): boolean {
  const code = c.codePointAt(0) as number;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.includes(c);
}

/** Text for Helvetica: Windows-1252 kept, our symbols spelled out, anything else "?" (never a wrong glyph). */
export function winAnsi(text: string): string {
  let out = '';
  for (const c of text) out += inWinAnsi(c) ? c : (SPELLED[c] ?? '?');
  return out;
}

/**
 * The font a character is drawn in. jsPDF maps characters to glyphs by UTF-16
 * unit, so characters beyond the Basic Multilingual Plane (emoji, rare CJK)
 * stay with Helvetica, as "?".
 */
export function fontFor(c: string, bold: boolean): 'helvetica' | FallbackFont {
  if (inWinAnsi(c) || c in SPELLED || c.length > 1) return 'helvetica';
  if (EAST_ASIAN.test(c)) return 'droid';
  return bold ? 'dejavuBold' : 'dejavu';
}

/** The fallback fonts these texts need, in a fixed order. */
export function fallbacksNeeded(texts: readonly { text: string; bold: boolean }[]): FallbackFont[] {
  const needed = new Set<FallbackFont>();
  for (const { text, bold } of texts) {
    for (const c of text) {
      const font = fontFor(c, bold);
      if (font !== 'helvetica') needed.add(font);
    }
  }
  return (Object.keys(FALLBACK_FILES) as FallbackFont[]).filter((f) => needed.has(f));
}
