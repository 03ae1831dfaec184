// Offline support: precache the built app and its assets on install (the list is
// written at build time to precache.json), answer from the cache first, and
// fall back to the cached page for navigations when the network is gone.
// Only same-origin requests are handled; URLs the user gives go to the network.
const scope = new URL(self.registration.scope);

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const manifest = await (await fetch(new URL('precache.json', scope), { cache: 'no-store' })).json();
      const cache = await caches.open(`ale-${manifest.build}`);
      await cache.addAll(manifest.files.map((f) => new URL(f, scope).href));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const manifest = await (await fetch(new URL('precache.json', scope), { cache: 'no-store' }).catch(() => null))?.json().catch(() => null);
      if (manifest) for (const key of await caches.keys()) if (key !== `ale-${manifest.build}`) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(async () => (await caches.match(new URL('index.html', scope).href)) ?? Response.error()));
    return;
  }
  event.respondWith(
    (async () => {
      const cached = await caches.match(request, { ignoreSearch: true });
      if (cached) return cached;
      const response = await fetch(request);
      if (response.ok) {
        const keys = await caches.keys();
        if (keys.length > 0) (await caches.open(keys[0])).put(request, response.clone());
      }
      return response;
    })(),
  );
});
