/**
 * A figure's print size: its width in pixels for a width on the page and a
 * resolution, and the PNG's pHYs chunk that tells a journal's system (and
 * Word) the resolution it was made for.
 */

export const DPI_RANGE = [72, 1200] as const;
export const WIDTH_MM_RANGE = [30, 300] as const;

/** Pixels across for `widthMm` at `dpi`; refuses sizes no journal asks for, naming the bounds. */
export function figureWidthPx(widthMm: number, dpi: number): number {
  if (!(dpi >= DPI_RANGE[0] && dpi <= DPI_RANGE[1])) throw new RangeError(`${dpi} dpi is outside ${DPI_RANGE[0]}–${DPI_RANGE[1]} dpi`);
  if (!(widthMm >= WIDTH_MM_RANGE[0] && widthMm <= WIDTH_MM_RANGE[1])) throw new RangeError(`a width of ${widthMm} mm is outside ${WIDTH_MM_RANGE[0]}–${WIDTH_MM_RANGE[1]} mm`);
  return Math.round((widthMm / 25.4) * dpi);
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** PNG's CRC-32 (ISO 3309) over a chunk's type and data. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/** The PNG with a pHYs chunk for `dpi` right after IHDR (any pHYs it had is dropped). */
export function withDpi(png: Uint8Array, dpi: number): Uint8Array {
  if (png.length < 33 || SIGNATURE.some((b, i) => png[i] !== b)) throw new Error('not a PNG');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: Uint8Array[] = [png.subarray(0, 8)];
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (end > png.length) throw new Error('the PNG is cut short');
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (type !== 'pHYs') chunks.push(png.subarray(at, end));
    if (type === 'IHDR') chunks.push(physChunk(dpi));
    at = end;
  }
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

function physChunk(dpi: number): Uint8Array {
  const perMetre = Math.round(dpi / 0.0254);
  const chunk = new Uint8Array(21);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, 9);
  chunk.set([112, 72, 89, 115], 4); // "pHYs"
  view.setUint32(8, perMetre);
  view.setUint32(12, perMetre);
  chunk[16] = 1; // the unit is the metre
  view.setUint32(17, crc32(chunk.subarray(4, 17)));
  return chunk;
}
