/**
 * A PNG of the current view for a paper or a slide: the rendered brain
 * (NiiVue draws the colorbar into it) with a caption stating the data and
 * the thresholds underneath.
 */
import type { Niivue } from '@niivue/niivue';

let current: Niivue | null = null;

/** The viewer hook registers its NiiVue instance here while it is attached. */
export function registerViewer(nv: Niivue | null): void {
  current = nv;
}

export async function viewFigure(captionLines: string[]): Promise<Blob> {
  const nv = current;
  const source = nv?.canvas;
  if (!nv || !source) throw new Error('the viewer is not ready');
  const lineHeight = 18;
  const out = document.createElement('canvas');
  out.width = source.width;
  out.height = source.height + lineHeight * captionLines.length + 16;
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw a 2-D canvas');
  // WebGL may clear its buffer after presenting, so copy it right after drawing.
  nv.drawScene();
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(source, 0, 0);
  ctx.fillStyle = '#111111';
  ctx.font = '14px system-ui, sans-serif';
  captionLines.forEach((line, n) => ctx.fillText(line, 10, source.height + 8 + lineHeight * (n + 1) - 4));
  return new Promise((resolve, reject) => out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('could not encode the PNG'))), 'image/png'));
}
