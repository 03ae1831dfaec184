/**
 * The publication mosaic's slices: the default set, a list a user types, or
 * each significant cluster's peak; and NiiVue's mosaic string for them.
 */

/** Axial slices every 12 mm from z = −36 to 72 (MNI, mm). */
export const DEFAULT_FIGURE_SLICES = [-36, -24, -12, 0, 12, 24, 36, 48, 60, 72];

/** More slices than this make tiles too small to read on a printed page. */
export const MAX_FIGURE_SLICES = 20;

/** The 2 mm MNI grid's axial extent (mm): slices outside it would show nothing. */
const Z_RANGE = [-72, 108] as const;

/** Slices per row of the mosaic. */
const PER_ROW = 5;

export type SliceList = { ok: true; z: number[] } | { ok: false; error: string };

/** Reads "−36, −24 0 12" (commas or spaces; a typographic minus too) as MNI z in whole mm, in the order given. */
export function parseSlices(text: string): SliceList {
  const tokens = text.replace(/[−–]/g, '-').split(/[\s,;]+/).filter(Boolean);
  if (tokens.length === 0) return { ok: false, error: 'list at least one slice (MNI z in mm), e.g. -24, 0, 24' };
  if (tokens.length > MAX_FIGURE_SLICES) return { ok: false, error: `${tokens.length} slices listed; a figure takes at most ${MAX_FIGURE_SLICES}` };
  const z: number[] = [];
  for (const token of tokens) {
    const value = Number(token);
    if (!/^[+-]?\d+(\.\d+)?$/.test(token) || !Number.isFinite(value)) return { ok: false, error: `"${token}" is not a number (slices are MNI z in mm)` };
    if (!Number.isInteger(value)) return { ok: false, error: `z = ${token}: give whole millimetres` };
    if (value < Z_RANGE[0] || value > Z_RANGE[1]) return { ok: false, error: `z = ${value} mm is outside the brain's grid (${Z_RANGE[0]} to ${Z_RANGE[1]} mm)` };
    if (z.includes(value)) return { ok: false, error: `z = ${value} is listed twice` };
    z.push(value);
  }
  return { ok: true, z };
}

/** One slice through each significant cluster's peak, bottom to top, one per distinct z; at most MAX_FIGURE_SLICES, the first clusters listed first. */
export function peakSlices(peaksZ: readonly number[]): number[] {
  const distinct = [...new Set(peaksZ.map((z) => Math.round(z)))].slice(0, MAX_FIGURE_SLICES);
  return distinct.sort((a, b) => a - b);
}

/** NiiVue's mosaic syntax for these slices: "A" axial, ";" a new row, five to a row. */
export function mosaicString(z: readonly number[]): string {
  const rows: string[] = [];
  for (let r = 0; r < z.length; r += PER_ROW) rows.push(`A ${z.slice(r, r + PER_ROW).join(' ')}`);
  return rows.join(' ; ');
}
