// Folio's optional service worker (opt-in: build with FOLIO_OFFLINE=1, see README). Every
// same-origin GET goes to the network first and its answer is kept; without a network the kept
// copy answers. So after one visit the app, the index and every article read open offline.
const CACHE = 'folio-offline-v1';
// The app's chunks loaded on demand (the article page…), which the first visit may not have
// opened: kept at install, so they open offline too. The build hook (scripts/split-wasm.mjs)
// names them here.
const CHUNKS = [];

self.addEventListener('install', (event) => {
  self.skipWaiting();
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(['./', './data/index.json', ...CHUNKS])));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        // A byte range (206) is not kept: the cache keeps whole files.
        if (response.status === 200) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
        }
        return response;
      })
      .catch(() =>
        caches
          .match(request, { ignoreSearch: true })
          .then((hit) => hit ?? (request.mode === 'navigate' ? caches.match('./') : Response.error())),
      ),
  );
});
