/**
 * Ships the fonts the PDF figure embeds for characters its built-in Helvetica
 * cannot encode (outside Windows-1252), from Debian's packages:
 *   fonts-dejavu-core     DejaVuSans.ttf, DejaVuSans-Bold.ttf (Latin, Greek,
 *                         Cyrillic and more; Bitstream Vera licence)
 *   fonts-droid-fallback  DroidSansFallbackFull.ttf (Chinese, Japanese,
 *                         Korean; Apache 2.0)
 * into public/fonts/, with each package's copyright file beside them. The app
 * fetches a font only when a figure's text needs it, and jsPDF embeds only
 * the glyphs used. Run with `npm run fonts` (needs apt-get and dpkg).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const OUT = new URL('../public/fonts/', import.meta.url).pathname;
const PACKAGES = [
  { name: 'fonts-dejavu-core', fonts: ['usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', 'usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'], licence: 'LICENSE-DejaVu.txt' },
  { name: 'fonts-droid-fallback', fonts: ['usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf'], licence: 'LICENSE-Droid.txt' },
];

const work = mkdtempSync(join(tmpdir(), 'fonts-'));
try {
  mkdirSync(OUT, { recursive: true });
  for (const p of PACKAGES) {
    execFileSync('apt-get', ['download', p.name], { cwd: work, stdio: 'inherit' });
    const deb = readdirSync(work).find((f) => f.startsWith(p.name) && f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${p.name} produced no .deb`);
    const tree = join(work, p.name);
    execFileSync('dpkg', ['-x', deb, tree], { cwd: work });
    for (const font of p.fonts) copyFileSync(join(tree, font), join(OUT, font.split('/').pop() as string));
    copyFileSync(join(tree, 'usr/share/doc', p.name, 'copyright'), join(OUT, p.licence));
    console.log(`${deb}: ${p.fonts.length} font(s) and its copyright file`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
