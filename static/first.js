// The first view's files, asked for while the app's WASM still loads and compiles: the entry
// (`data/index.json`, which the page also preloads), and as soon as it is read the files the
// view in the address reads next, which would otherwise wait for the app to start and read the
// entry itself — the newest rows' page for the list, the search root and the directory's root
// for a search or a filter (and, for a plain search, the key blocks its words are in, once the
// search root is read), and the WASM's chunks that search and read those files. Each response is left, as a promise, in `self.folioFirst` under its URL, where
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
    return response;
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
      const words = lookups(params);
      const root = ask(file('s', entry.search, 'json'));
      ask(file('d', entry.directory, 'bin'));
      // As with the entry, the app gets the root's response once the key blocks are asked for.
      if (words) first.set(DATA + file('s', entry.search, 'json'), root.then(async (response) => {
        try {
          const read = response.ok && (await response.clone().json());
          const blocks = new Set(words.flatMap((w) => keyBlocks(read, w)));
          for (const block of blocks) if (hash(block)) ask(file('s', block, 'keys'));
        } catch {
          // Not JSON: the app reads the response and says so.
        }
        return response;
      }));
    } else if (list && !query && hash(entry.newest)) {
      ask(file('r', entry.newest, 'json'));
    }
  };
  // A plain search's lookups, as the app's search engine makes them (src/search/terms.rs,
  // `Query::parse_typing` and `Term::cover`; tests/browser/app.test.mjs checks that the app asks
  // for no key block this script did not, and takes every one it did): for an address with `q`
  // (and at most `sort`) whose text is only ASCII letters and digits, Han characters and
  // spaces, each term all of one kind. A word is looked up lowercased, and the last one (two
  // characters or more, with no space after it) as a prefix, as the reader may still be typing
  // it; a Han term by its characters' pairs (a lone character by itself). Any other text (a
  // field, a phrase, an exclusion, another script) asks for nothing here: the app asks itself.
  function lookups(params) {
    const q = params.get('q');
    if (!q || [...params.keys()].some((key) => key !== 'q' && key !== 'sort')) return null;
    const HAN = /^[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{2A6DF}\u{2A700}-\u{2EBEF}\u{30000}-\u{3134F}]+$/u;
    const terms = q.split(' ').filter(Boolean);
    const words = [];
    for (const [at, term] of terms.entries()) {
      if (/^[A-Za-z0-9]+$/.test(term)) {
        const last = at === terms.length - 1 && !q.endsWith(' ');
        words.push({ token: term.toLowerCase(), prefix: last && term.length >= 2 });
      } else if (HAN.test(term)) {
        const chars = [...term];
        if (chars.length === 1) words.push({ token: term });
        for (let k = 0; k + 1 < chars.length; k++) words.push({ token: chars[k] + chars[k + 1] });
      } else {
        return null;
      }
    }
    return words;
  }
  // `a <= b` as Rust compares strings (by their UTF-8 bytes, which is by code points; UTF-16's
  // order differs above the surrogates).
  function atMost(a, b) {
    const x = [...a], y = [...b];
    for (let i = 0; i < x.length && i < y.length; i++) {
      const d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) return d < 0;
    }
    return x.length <= y.length;
  }
  // How many of the ascending `blocks` satisfy `pred` (which holds for a first run of them).
  const count = (blocks, pred) => {
    let n = 0;
    while (n < blocks.length && pred(blocks[n])) n++;
    return n;
  };
  // src/model.rs: `SearchSegment::block_for` and `blocks_for_prefix`.
  const blockFor = (blocks, token) => blocks[count(blocks, (b) => atMost(b.first, token)) - 1]?.file;
  const blocksForPrefix = (blocks, prefix) => {
    const first = count(blocks, (b) => atMost(b.first, prefix));
    const end = count(blocks, (b) => atMost(b.first, prefix) || b.first.startsWith(prefix));
    return blocks.slice(Math.max(first - 1, 0), end).map((b) => b.file);
  };
  // The key blocks a segment may answer words starting with `prefix` from (src/search/engine.rs,
  // `prefix_sources`): its own, or for a segment being merged the merged blocks below its
  // boundary and the old segments' from it, each side when the prefix's words may fall there.
  // Each source is `{blocks, below}`: `below` whether it answers the tokens below the boundary.
  const sources = (segment, prefix) => {
    const merging = segment.merging;
    if (!merging) return [{ blocks: segment.blocks, below: null }];
    const boundary = merging.boundary;
    const found = [];
    if (!atMost(boundary, prefix)) found.push({ blocks: segment.blocks, below: true, boundary });
    if (atMost(boundary, prefix) || boundary.startsWith(prefix)) {
      for (const old of merging.old) found.push({ blocks: old.blocks, below: false, boundary });
    }
    return found;
  };
  // `token_sources`: the side of the boundary a whole token is on.
  const holds = (s, token) => s.below === null || s.below === !atMost(s.boundary, token);
  // The key blocks of one lookup in every segment of the search root: a prefix reads those of
  // the words it starts, unless a source has three or more of them (the engine then looks the
  // word up whole: `prefix_pays` in src/search/engine.rs).
  function keyBlocks(root, { token, prefix }) {
    const all = ((root && root.segments) || []).flatMap((s) => sources(s, token));
    const asPrefix = prefix && all.every((s) => blocksForPrefix(s.blocks, token).length <= 2);
    if (asPrefix) return all.flatMap((s) => blocksForPrefix(s.blocks, token));
    return all.filter((s) => holds(s, token)).map((s) => blockFor(s.blocks, token));
  }
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
