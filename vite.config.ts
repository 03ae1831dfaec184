import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  // Relative asset URLs, so dist/ works from any subpath of a static host.
  base: './',
  plugins: [
    react(),
    // Offline use after the first visit (teaching rooms have poor networks): Workbox precaches every built and
    // public file with a content hash, so a new build replaces exactly the files that changed, fixed names included.
    VitePWA({
      injectRegister: false,
      registerType: 'autoUpdate',
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,json,gz,txt,tsv,md,png,svg}'],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        // Only Vite's own output carries a content hash in its name; the brain images and the demo keep fixed names
        // and need a revision (the plugin would otherwise treat everything under assets/ as hashed).
        dontCacheBustURLsMatching: /-[A-Za-z0-9_-]{8}\.(js|css)$/,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        // The PDF figure's fonts for other scripts (5.5 MB) are not precached, as most figures never need them; one
        // that a figure has fetched is kept, so a figure that needed the network once works offline after.
        runtimeCaching: [{ urlPattern: /\/fonts\/[^/]+\.ttf$/, handler: 'CacheFirst', options: { cacheName: 'figure-fonts' } }],
      },
    }),
  ],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    // jsPDF (the PDF figure) imports these only for its HTML and SVG renderers, which we never call; leaving them
    // out keeps 380 kB of unused code out of the bundle and the offline cache.
    rollupOptions: { external: ['html2canvas', 'canvg', 'dompurify'] },
  },
  server: { port: 5173 },
  preview: { port: 4173 },
});
