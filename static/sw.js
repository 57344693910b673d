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
  // A byte range (a piece of a search shard) is kept apart from the whole file, under its own
  // key, as a plain answer of its bytes: the cache keeps no partial responses. The key is
  // another path, not a query: the whole file's offline answer matches with `ignoreSearch`,
  // which would take a piece for the whole file.
  const range = request.headers.get('range');
  const key = range ? `${request.url.split('#')[0]}.folio-range-${encodeURIComponent(range)}` : request;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.status === 200 || (range && response.status === 206)) {
          const copy = response.clone();
          const kept = response.status === 206 ? copy.blob().then((body) => new Response(body, { headers: { 'content-type': copy.headers.get('content-type') ?? '' } })) : Promise.resolve(copy);
          event.waitUntil(Promise.all([caches.open(CACHE), kept]).then(([cache, answer]) => cache.put(key, answer)));
        }
        return response;
      })
      .catch(() =>
        (range ? caches.match(key) : Promise.resolve(undefined))
          .then((hit) => hit ?? caches.match(request, { ignoreSearch: true }))
          .then((hit) => hit ?? (request.mode === 'navigate' ? caches.match('./') : Response.error())),
      ),
  );
});
