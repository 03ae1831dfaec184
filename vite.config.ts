import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** Files under a folder, relative to it, with forward slashes. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path).map((f) => `${name}/${f}`) : [name];
  });
}

/** Writes precache.json: every built and public file, for the service worker (public/sw.js) to cache for offline use. */
function precacheManifest(): Plugin {
  return {
    name: 'precache-manifest',
    apply: 'build',
    generateBundle(_options, bundle) {
      const publicDir = join(import.meta.dirname, 'public');
      const files = ['./', 'index.html', ...Object.keys(bundle).filter((f) => f !== 'index.html').filter((f) => !f.endsWith('.map')), ...filesUnder(publicDir).filter((f) => f !== 'sw.js').map((f) => relative('.', f))];
      const build = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      this.emitFile({ type: 'asset', fileName: 'precache.json', source: JSON.stringify({ build, files }) });
    },
  };
}

export default defineConfig({
  // Relative asset URLs, so dist/ works from any subpath of a static host.
  base: './',
  plugins: [react(), precacheManifest()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { port: 5173 },
  preview: { port: 4173 },
});
