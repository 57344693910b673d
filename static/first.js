// The first view's files, asked for while the app's WASM still loads and compiles: the entry
// (`data/index.json`, which the page also preloads), and as soon as it is read the files the
// view in the address reads next, which would otherwise wait for the app to start and read the
// entry itself — the newest rows' page for the list, the search root and the directory's root
// for a search or a filter, and the WASM's chunks that search and read those files. Each response is left, as a promise, in `self.folioFirst` under its URL, where
// the app takes it (once) instead of fetching the file again (`src/web/fetch.rs`); a file the
// app does not ask for is fetched for nothing, never read. A classic script, not inline, so a
// strict CSP (`script-src 'self'`) runs it; `defer`, so it runs before the app's module.
//
// Paths are the bundle's (docs/FORMAT.md, `file_path` in src/model.rs): `<folder>/<the hash's
// first two digits>/<hash>.<extension>`. The entry is read only as far as these hashes; an entry
// of another shape (another format version) asks for nothing more, and the app says why it
// cannot read it.
(() => {
  const DATA = 'data/';
  const first = new Map();
  self.folioFirst = first;
  const ask = (path) => {
    const response = fetch(DATA + path);
    response.catch(() => {});
    first.set(DATA + path, response);
  };
  const hash = (h) => typeof h === 'string' && /^[0-9a-f]{16}$/.test(h);
  const file = (folder, h, extension) => `${folder}/${h.slice(0, 2)}/${h}.${extension}`;
  // The list's query (`#/?q=…&tag=…`): only the list, at the page's own hash.
  const route = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = route.split('?');
  const list = path === '/' || path === '';
  const params = new URLSearchParams(query);
  // A search or a filter (any parameter with a value but the order) runs the search engine and reads files
  // the first list does not: the chunks of the WASM that hold them, loaded on demand, are
  // preloaded here (the app's loader fetches them as plain `fetch`es, which take a preload of
  // the same URL). scripts/external-loader.mjs fills in their names.
  const ENGINE_CHUNKS = [];
  const searches = list && [...params].some(([key, value]) => key !== 'sort' && value);
  if (searches) {
    for (const chunk of ENGINE_CHUNKS) {
      const link = document.createElement('link');
      Object.assign(link, { rel: 'preload', as: 'fetch', crossOrigin: 'anonymous', href: chunk });
      document.head.append(link);
    }
  }
  const next = (entry) => {
    if (searches && hash(entry.search) && hash(entry.directory)) {
      ask(file('s', entry.search, 'json'));
      ask(file('d', entry.directory, 'bin'));
    } else if (list && !query && hash(entry.newest)) {
      ask(file('r', entry.newest, 'json'));
    }
  };
  // The app gets the entry's response once the files after it are asked for, so that it never
  // asks for one of them itself before this script has.
  const entry = fetch(DATA + 'index.json').then(async (response) => {
    if (response.ok) {
      try {
        next(await response.clone().json());
      } catch {
        // Not JSON: the app reads the response and says so.
      }
    }
    return response;
  });
  entry.catch(() => {});
  first.set(DATA + 'index.json', entry);
})();
