// Search benchmark (not a test): Folio's full-text search against Pagefind on the same generated
// corpus, in one run. Usage: `make build && node bench/search.mjs [count]` (default 10000).
//
// 1. `folio gen` + `folio bundle` write the corpus next to a copy of the built app (dist/); the
//    same articles, rendered as one HTML page each (`<main data-pagefind-body>`, `lang` zh-CN or
//    en), are indexed by Pagefind (the npm package's binary). Wall time, peak memory (from
//    /usr/bin/time -v) and the index size on disk are recorded for both.
// 2. Fixed Chinese (1 to 4 characters) and English queries, each checked to occur in the corpus.
//    Ground truth: `folio search DIR --scan Q` (a plain scan of title + body text; an English
//    word as typed is a prefix, `Q*`, as the app and Pagefind read it), or this
//    script's own scan when the CLI lacks it.
// 3. Both engines run in headless Chromium (tests/browser/harness.mjs), each query in a FRESH
//    browser (new profile, empty caches): cold = the first query after the page has loaded,
//    warm = the next query of the same language typed in the same page. Folio: from the input
//    event on #folio-filter-input to `.folio-results[data-search=done][data-q=Q]`. Pagefind: from
//    calling search (which also runs its lazy init on the first call) to the first 5 results'
//    data() (its fragments, which hold the excerpts). Bytes: the files Chromium fetched (its
//    workers' requests included), counted by their size on disk, which is what the shared static
//    server (scripts/serve.mjs, no compression) sends for both engines.
// 4. Recall against the ground truth: Folio's from `folio search DIR Q` (the app renders only 20
//    rows), Pagefind's from every result id of the in-browser search.
// Prints markdown tables; the raw per-query figures go to results.json in the temp folder (the
// only thing kept there unless KEEP=1).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { bundle, start } from '../tests/browser/harness.mjs';

const FOLIO = resolve(process.env.FOLIO_BIN ?? 'target/bundler/folio');
const PAGEFIND = resolve('node_modules/.bin/pagefind'); // what `npx pagefind` runs
const N = Number(process.argv[2] ?? 10_000);
const FIRST = 5; // results whose excerpt Pagefind loads: what its UI shows first
const FOLIO_TIMEOUT = Number(process.env.FOLIO_TIMEOUT ?? 15_000);

// Picked from the output of `folio gen --count 10000` (the default seed): its Chinese is random
// characters, so 3- and 4-character words are rare; every English word is in ~40 % of articles.
const QUERIES = [
  ['zh-1', '理'],
  ['zh-1', '明'],
  ['zh-2', '物理'],
  ['zh-2', '学生'],
  ['zh-3', '社会中'],
  ['zh-3', '自动化'],
  ['zh-4', '时间个人'],
  ['zh-4', '十三气象'],
  ['en', 'rust'],
  ['en', 'kernel'],
  ['en', 'wasm'],
  ['en', 'cache'],
  ['en', 'coffee'],
  ['en', 'throughput'],
].map(([kind, q]) => ({ kind, q }));
// The warm query: the next one of the same language, typed into the same page.
const lang = (k) => (k === 'en' ? 'en' : 'zh');
for (const query of QUERIES) {
  const same = QUERIES.filter((o) => lang(o.kind) === lang(query.kind));
  query.warm = same[(same.indexOf(query) + 1) % same.length].q;
}

const log = (...a) => console.error('[search]', ...a);
const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const some = (xs) => xs.filter((x) => x != null);
const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

function files(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files(path, out);
    else out.push(path);
  }
  return out;
}
const bytesOf = (paths) => paths.reduce((n, p) => n + statSync(p).size, 0);
const gzipOf = (paths) => paths.reduce((n, p) => n + gzipSync(readFileSync(p), { level: 9 }).length, 0);

/** Runs a command under /usr/bin/time -v when there is one: wall seconds and peak RSS (MB). */
function timed(cmd, args, opts = {}) {
  const hasTime = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, ...opts })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
  const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr ?? '');
  const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr ?? '');
  return {
    wallS: wall,
    cpuS: user && sys ? Number(user[1]) + Number(sys[1]) : null,
    peakMB: rss ? Number(rss[1]) / 1024 : null,
    stdout: r.stdout,
  };
}

const root = mkdtempSync(join(tmpdir(), `folio-search-${N}-`));
// The harness makes a Chromium profile per start() in tmpdir(): keep those inside our folder.
process.env.TMPDIR = join(root, 'tmp');
mkdirSync(process.env.TMPDIR);
const seeds = join(root, 'seeds');
const site = join(root, 'site');
const data = join(site, 'data');
const pf = join(root, 'pf');
const load = loadavg().map((x) => x.toFixed(2)).join(' / ');
log(`corpus of ${N} in ${root} (load ${load})`);

// ---- 1. The corpus, bundled for Folio ----
for (const name of readdirSync('dist')) if (name !== 'data') cpSync(join('dist', name), join(site, name), { recursive: true });
timed(FOLIO, ['gen', '--count', String(N), '--out', seeds]);
spawnSync('sync');
const folioIndexing = timed(FOLIO, ['bundle', seeds, '--out', data]);
const folioSearchFiles = existsSync(join(data, 's')) ? files(join(data, 's')) : [];
const folioSize = {
  searchBytes: folioSearchFiles.length ? bytesOf(folioSearchFiles) : null,
  searchGzipBytes: folioSearchFiles.length ? gzipOf(folioSearchFiles) : null,
  searchFiles: folioSearchFiles.length,
  indexJsonBytes: statSync(join(data, 'index.json')).size,
  bodiesBytes: bytesOf(files(join(data, 'b'))),
};
log(`folio bundle: ${folioIndexing.wallS.toFixed(2)} s, ${folioIndexing.peakMB?.toFixed(0)} MB; data/s: ${folioSize.searchBytes ?? 'absent'} bytes`);

// ---- 2. The same articles as HTML pages, indexed by Pagefind ----
const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
// Format 4: the rows and bodies come from the directory's row pages and packs; a page is Chinese
// when its text has more Han characters than words of other scripts.
const hanOverWords = (html) => {
  const text = html.replace(/<[^>]*>/g, ' ');
  return (text.match(/\p{Script=Han}/gu) ?? []).length > (text.match(/[\p{L}\p{N}--\p{Script=Han}]+/gv) ?? []).length;
};
const articles = bundle(site).articles.map((a) => {
  const html = a.body();
  return { slug: a.slug, title: a.title, zh: hanOverWords(html), html };
});
mkdirSync(pf);
for (const a of articles) {
  const page = `<!doctype html>\n<html lang="${a.zh ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${escape(a.title)}</title></head>\n<body><main data-pagefind-body><h1>${escape(a.title)}</h1>${a.html}</main></body></html>\n`;
  writeFileSync(join(pf, `${a.slug}.html`), page);
}
// The search page: imports Pagefind at load; init (and merging the other language's index: Pagefind
// splits a site by <html lang> and a page searches its own language only) on the first search.
writeFileSync(
  join(pf, 'search.html'),
  `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pagefind</title></head><body>
<script type="module">
window.pf = await import('/pagefind/pagefind.js');
let ready = null;
let initMs = null;
window.pfSearch = async (q, first) => {
  const t0 = performance.now();
  ready ??= (async () => {
    await pf.init();
    // A full URL: Pagefind skips a merge whose path equals the primary index's.
    await pf.mergeIndex(location.origin + '/pagefind/', { language: 'zh-cn' });
    initMs = performance.now() - t0;
  })();
  await ready;
  const search = await pf.search(q);
  const tSearch = performance.now() - t0;
  const shown = await Promise.all(search.results.slice(0, first).map((r) => r.data()));
  return { ms: performance.now() - t0, searchMs: tSearch, initMs, count: search.results.length, ids: search.results.map((r) => r.id), shown: shown.map((d) => d.url) };
};
window.pfReady = true;
</script></body></html>
`,
);
spawnSync('sync');
const pfIndexing = timed(PAGEFIND, ['--site', pf]);
const pfFiles = files(join(pf, 'pagefind'));
const isFragment = (p) => p.includes('/fragment/');
const isCode = (p) => /\.(js|css)$|\.pagefind$/.test(p); // JS, CSS and the WASM modules
const pfSize = {
  totalBytes: bytesOf(pfFiles),
  indexBytes: bytesOf(pfFiles.filter((p) => !isFragment(p) && !isCode(p))), // entry, meta, index chunks
  fragmentBytes: bytesOf(pfFiles.filter(isFragment)),
  codeBytes: bytesOf(pfFiles.filter(isCode)),
  files: pfFiles.length,
  languages: Object.keys(JSON.parse(readFileSync(join(pf, 'pagefind', 'pagefind-entry.json'), 'utf8')).languages),
};
const pfWords = /Indexed (\d+) words/.exec(pfIndexing.stdout)?.[1];
log(`pagefind: ${pfIndexing.wallS.toFixed(2)} s, ${pfIndexing.peakMB?.toFixed(0)} MB, ${pfSize.totalBytes} bytes, ${pfWords} words`);
// Result id → slug, read from the fragments on disk (the same URLs data() would give, without
// fetching every fragment of every result in the browser).
const pfSlug = new Map();
const urlToSlug = (url) => decodeURIComponent(new URL(url, 'http://h/').pathname).replace(/^\//, '').replace(/\.html$/, '');
for (const p of pfFiles.filter(isFragment)) {
  const raw = gunzipSync(readFileSync(p)); // "pagefind_dcd" + JSON
  const id = p.split('/').pop().replace(/\.pf_fragment$/, '');
  pfSlug.set(id, urlToSlug(JSON.parse(raw.subarray(12).toString('utf8')).url));
}

// ---- 3-4. Ground truth ----
const cli = (args) => spawnSync(FOLIO, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
const hasCliScan = cli(['search', data, '--scan', 'rust']).status === 0;
const hasCliSearch = cli(['search', data, 'rust']).status === 0;
const decode = (s) =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&(lt|gt|quot|apos|nbsp|amp);/g, (_, e) => ({ lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', amp: '&' })[e]);
const texts = hasCliScan ? null : articles.map((a) => `${a.title} ${decode(a.html.replace(/<[^>]*>/g, ' '))}`.toLowerCase());
const slugs = (out) => out.split('\n').map((s) => s.trim()).filter(Boolean);
function truth(q) {
  if (hasCliScan) {
    const r = cli(['search', data, '--scan', q]);
    if (r.status !== 0) throw new Error(r.stderr);
    return slugs(r.stdout);
  }
  const needle = q.toLowerCase();
  const latin = /^[a-z0-9]+$/.test(needle);
  const word = new RegExp(`(?<![a-z0-9])${needle}(?![a-z0-9])`);
  return articles.filter((_, i) => (latin ? word.test(texts[i]) : texts[i].includes(needle))).map((a) => a.slug);
}
// The app reads the word being typed as a prefix (`rust` also finds `rustacean`, as Pagefind
// does), so an English query's truth, and the CLI's answer, are for `word*`.
const asTyped = (q) => (hasCliScan && /^[\p{L}\p{N}]{2,}$/u.test(q) && !/\p{Script=Han}/u.test(q) ? `${q}*` : q);
for (const query of QUERIES) {
  query.truth = truth(asTyped(query.q));
  if (!query.truth.length) throw new Error(`query ${query.q} does not occur in the corpus: pick another`);
  if (hasCliSearch) {
    const r = cli(['search', data, asTyped(query.q)]);
    query.folioCli = r.status === 0 ? slugs(r.stdout) : null;
  }
}
log(`ground truth from ${hasCliScan ? '`folio search --scan`' : "this script's own scan (folio search --scan is not available)"}`);

// ---- Bytes: every response Chromium received (dedicated workers' requests included) ----
// The server sends each file as it is on disk, with no compression, so a response's body is the
// file's size; that is what is counted (Chromium's own responseBodySize is kept as a cross-check:
// it reports 0 for a worker's script).
function trackBytes(page, root) {
  const seen = [];
  page.on('requestfinished', async (req) => {
    const path = decodeURIComponent(new URL(req.url()).pathname);
    const entry = { path, bytes: 0, chromium: null };
    seen.push(entry);
    try {
      entry.bytes = statSync(join(root, path.endsWith('/') ? `${path}index.html` : path)).size;
    } catch {}
    try {
      entry.chromium = (await req.sizes()).responseBodySize;
    } catch {}
  });
  const pick = (from, test) => seen.slice(from).filter((e) => test(e.path));
  return {
    mark: () => seen.length,
    sum: (from, test) => pick(from, test).reduce((n, e) => n + e.bytes, 0),
    count: (from, test) => pick(from, test).length,
    chromium: (from, test) => pick(from, test).reduce((n, e) => n + (e.chromium ?? 0), 0),
    files: (from, test) => pick(from, test).map((e) => join(root, e.path)),
  };
}
const settle = () => new Promise((r) => setTimeout(r, 300)); // let the last requestfinished land

// ---- 5. Folio in Chromium ----
let folioAvailable = true;
let folioNote = '';
async function folioTyped(page, q) {
  return page.evaluate(
    ([q, timeout]) =>
      new Promise((resolve) => {
        const input = document.querySelector('#folio-filter-input');
        const results = () => document.querySelector('.folio-results');
        const done = () => results()?.getAttribute('data-search') === 'done' && results()?.getAttribute('data-q') === q;
        const count = () => {
          const m = /[\d,]+/.exec(document.querySelector('.folio-count')?.textContent ?? '');
          return m ? Number(m[0].replace(/,/g, '')) : null;
        };
        let t0 = 0;
        const finish = (ms) => {
          obs.disconnect();
          clearTimeout(timer);
          resolve({ ms, count: count(), search: results()?.getAttribute('data-search') ?? null, dataQ: results()?.getAttribute('data-q') ?? null });
        };
        const obs = new MutationObserver(() => done() && finish(performance.now() - t0));
        obs.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-search', 'data-q'] });
        const timer = setTimeout(() => finish(null), timeout);
        t0 = performance.now();
        input.value = q;
        input.dispatchEvent(new InputEvent('input', { bubbles: true }));
      }),
    [q, FOLIO_TIMEOUT],
  );
}
async function folioRun(query) {
  const env = await start({ root: site, intercept: false });
  try {
    const page = await env.page();
    const net = trackBytes(page, site);
    await page.goto(env.url);
    // The list, or the app's error (e.g. a dist/ older than the bundle format).
    const shown = await page
      .waitForFunction(() => document.querySelector('.folio-item, .folio-error'), null, { timeout: 60_000 })
      .then(() => page.locator('.folio-item').count())
      .catch(() => 0);
    if (!shown) {
      const why = (await page.locator('.folio-error').allInnerTexts().catch(() => [])).join(' ').replace(/\s+/g, ' ').trim();
      return { failed: `the app in dist/ showed no list (${why || 'no .folio-item within 60 s'}); run \`make build\` first` };
    }
    const cold = await folioTyped(page, query.q);
    await settle();
    const coldBytes = { index: net.sum(0, (p) => p.includes('/data/s/')), bodies: net.sum(0, (p) => p.includes('/data/b/')), bodyFiles: net.count(0, (p) => p.includes('/data/b/')), indexFiles: net.count(0, (p) => p.includes('/data/s/')), chromium: net.chromium(0, (p) => p.includes('/data/')) };
    const coldGzip = { index: gzipOf(net.files(0, (p) => p.includes('/data/s/'))) };
    if (cold.ms == null) return { failed: `no .folio-results[data-search=done][data-q] within ${FOLIO_TIMEOUT} ms of typing "${query.q}" (data-search=${cold.search}, data-q=${cold.dataQ}): the app in dist/ has no full-text search yet` };
    const mark = net.mark();
    const warm = await folioTyped(page, query.warm);
    await settle();
    const warmBytes = { index: net.sum(mark, (p) => p.includes('/data/s/')), bodies: net.sum(mark, (p) => p.includes('/data/b/')) };
    return { cold, warm, coldBytes, coldGzip, warmBytes, errors: page.errors };
  } finally {
    await env.close();
  }
}

// ---- 6. Pagefind in Chromium ----
async function pagefindRun(query) {
  const env = await start({ root: pf, intercept: false });
  try {
    const page = await env.page();
    const net = trackBytes(page, pf);
    const warnings = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await page.goto(`${env.url}search.html`);
    await page.waitForFunction(() => window.pfReady, null, { timeout: 60_000 });
    const mark0 = net.mark(); // pagefind.js itself came with the page: counted as code below
    const cold = await page.evaluate(([q, n]) => window.pfSearch(q, n), [query.q, FIRST]);
    await settle();
    const pfPath = (p) => p.startsWith('/pagefind/');
    const code = (p) => pfPath(p) && /\.(js|pagefind)$/.test(p);
    const frag = (p) => p.includes('/pagefind/fragment/');
    const coldBytes = {
      index: net.sum(mark0, (p) => pfPath(p) && !code(p) && !frag(p)),
      fragments: net.sum(mark0, frag),
      fragmentFiles: net.count(mark0, frag),
      indexFiles: net.count(mark0, (p) => pfPath(p) && !code(p) && !frag(p)),
      code: net.sum(0, code),
      chromium: net.chromium(0, pfPath),
    };
    const mark = net.mark();
    const warm = await page.evaluate(([q, n]) => window.pfSearch(q, n), [query.warm, FIRST]);
    await settle();
    const warmBytes = { index: net.sum(mark, (p) => pfPath(p) && !code(p) && !frag(p)), fragments: net.sum(mark, frag), code: net.sum(mark, code) };
    const shownMismatch = cold.shown.filter((url, i) => pfSlug.get(cold.ids[i]) !== urlToSlug(url)).length;
    return { cold: { ms: cold.ms, searchMs: cold.searchMs, initMs: cold.initMs, count: cold.count }, warm: { ms: warm.ms, searchMs: warm.searchMs, count: warm.count }, ids: cold.ids, shownMismatch, coldBytes, warmBytes, errors: page.errors, warnings };
  } finally {
    await env.close();
  }
}

function recall(found, truthSlugs) {
  const t = new Set(truthSlugs);
  const f = new Set(found);
  const hit = [...f].filter((s) => t.has(s)).length;
  return { recall: hit / t.size, found: f.size, falsePositives: f.size - hit };
}

for (const query of QUERIES) {
  // Pagefind
  const p = await pagefindRun(query);
  const pfFound = p.ids.map((id) => pfSlug.get(id) ?? `?${id}`);
  query.pagefind = { ...p, ids: undefined, ...recall(pfFound, query.truth) };
  log(`pagefind ${query.q}: cold ${p.cold.ms.toFixed(0)} ms, warm ${p.warm.ms.toFixed(0)} ms, ${p.cold.count} results, recall ${query.pagefind.recall.toFixed(3)}`);
  // Folio: recall from the CLI (the same index and engine as the app), times and bytes from the app
  if (query.folioCli) query.folio = recall(query.folioCli, query.truth);
  if (!folioAvailable) continue;
  const f = await folioRun(query);
  if (f.failed) {
    folioAvailable = false;
    folioNote = `Folio in the browser not measured: ${f.failed}.`;
    log(folioNote);
    continue;
  }
  query.folio = { ...query.folio, ...f, countMatchesCli: query.folioCli ? f.cold.count === query.folioCli.length : null };
  log(`folio ${query.q}: cold ${f.cold.ms.toFixed(0)} ms, warm ${f.warm.ms?.toFixed(0)} ms, ${f.cold.count} results`);
}

// ---- 7. Report ----
const MB = (b) => (b == null ? 'n/a' : (b / 1e6).toFixed(1));
const KB = (b) => (b == null ? 'n/a' : (b / 1e3).toFixed(0));
const ms = (x) => (x == null ? 'n/a' : x.toFixed(0));
const kinds = [...new Set(QUERIES.map((q) => q.kind))];
const out = [];
out.push(`Search benchmark: ${N} articles (folio gen, default seed), ${QUERIES.length} queries; load at start ${load}.`);
out.push(`Ground truth: ${hasCliScan ? '`folio search DIR --scan Q`' : "this script's own scan (title + body text; Chinese as substrings, Latin as whole words), since `folio search --scan` is not available"}.`);
out.push(
  'Bytes are the files fetched (response bodies; scripts/serve.mjs compresses nothing, so the sizes on disk): Folio\'s files travel as they are on disk, while Pagefind\'s index and fragment files are gzip-compressed by Pagefind itself. Folio\'s index bytes as gzip -9 would send them are in brackets ([gz …]). Response headers are not counted.',
);
out.push(`Pagefind ${JSON.parse(readFileSync('node_modules/pagefind/package.json', 'utf8')).version}: ${pfSize.languages.join(' + ')} indexes (split by <html lang>), searched together (mergeIndex); times include its lazy init on the first search; first results = ${FIRST} fragments loaded. Pagefind code (pagefind.js, worker, WASM) fetched for the first query: ${KB(median(QUERIES.map((q) => q.pagefind.coldBytes.code)))} KB.`);
if (!folioAvailable) out.push(`**${folioNote}**`);
out.push(hasCliSearch ? 'Folio recall and false positives: `folio search DIR Q` (the index and engine the app uses), all results; its result count is the app\'s `.folio-count` when the app was measured, else the CLI\'s.' : 'Folio recall: `folio search DIR Q` is not available, so not measured.');
if (QUERIES.some((q) => q.folio?.coldBytes))
  out.push(
    `Files fetched for the first query (median): Folio ${median(some(QUERIES.map((q) => q.folio?.coldBytes?.indexFiles)))} index files + ${median(some(QUERIES.map((q) => q.folio?.coldBytes?.bodyFiles)))} article bodies (the app shows 20 rows with snippets); Pagefind ${median(QUERIES.map((q) => q.pagefind.coldBytes.indexFiles))} index/meta files + ${median(QUERIES.map((q) => q.pagefind.coldBytes.fragmentFiles))} fragments (+ its code).`,
  );
out.push('');
// One record per query and engine, in the same shape for both.
const folioRec = (q) => ({
  index: q.folio?.coldBytes?.index,
  gzip: q.folio?.coldGzip?.index,
  bodies: q.folio?.coldBytes?.bodies,
  cold: q.folio?.cold?.ms,
  warm: q.folio?.warm?.ms,
  results: q.folio?.cold?.count ?? q.folio?.found,
  recall: q.folio?.recall,
  fp: q.folio?.falsePositives,
});
const pfRec = (q) => ({ index: q.pagefind.coldBytes.index, bodies: q.pagefind.coldBytes.fragments, cold: q.pagefind.cold.ms, warm: q.pagefind.warm.ms, results: q.pagefind.cold.count, recall: q.pagefind.recall, fp: q.pagefind.falsePositives });
function row(label, engine, size, indexing, recs) {
  const m = (key) => median(some(recs.map((r) => r[key])));
  const recalls = some(recs.map((r) => r.recall));
  const gz = m('gzip');
  const bytes = m('index') == null ? 'n/a' : `${KB(m('index'))}${gz != null ? ` [gz ${KB(gz)}]` : ''} + ${KB(m('bodies'))}`;
  const rec = recalls.length ? `${Math.min(...recalls).toFixed(3)} / ${mean(recalls).toFixed(3)}` : 'n/a';
  const fp = recalls.length ? some(recs.map((r) => r.fp)).reduce((n, x) => n + x, 0) : 'n/a';
  return `| ${label} | ${engine} | ${MB(size)} | ${indexing.wallS.toFixed(2)} (${indexing.peakMB?.toFixed(0) ?? 'n/a'}) | ${bytes} | ${ms(m('cold'))} | ${ms(m('warm'))} | ${m('results') ?? 'n/a'} | ${rec} | ${fp} |`;
}
out.push('| kind | engine | index on disk MB | indexing s (peak MB) | 1st query KB: index + bodies/fragments | cold ms (median) | warm ms (median) | results (median) | recall min / mean | false positives (sum) |');
out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const kind of kinds) {
  const qs = QUERIES.filter((q) => q.kind === kind);
  const label = `${kind} (${qs.map((q) => q.q).join(', ')})`;
  out.push(row(label, 'Folio', folioSize.searchBytes, folioIndexing, qs.map(folioRec)));
  out.push(row(label, 'Pagefind', pfSize.totalBytes, pfIndexing, qs.map(pfRec)));
}
out.push('');
out.push('Per query:');
out.push('');
out.push('| query (then warm) | truth | Folio cold / warm ms | Folio results | Folio recall | Folio false pos. | Pagefind cold ms (init + search + 5 data()) / warm ms | Pagefind results | Pagefind recall | Pagefind false pos. | Pagefind 1st-query KB index + fragments |');
out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const q of QUERIES) {
  const f = folioRec(q);
  const p = q.pagefind;
  out.push(
    `| ${q.q} (then ${q.warm}) | ${q.truth.length} | ${ms(f.cold)} / ${ms(f.warm)} | ${f.results ?? 'n/a'} | ${f.recall?.toFixed(3) ?? 'n/a'} | ${f.fp ?? 'n/a'} | ` +
      `${ms(p.cold.ms)} (${ms(p.cold.initMs)} + ${ms(p.cold.searchMs - p.cold.initMs)} + ${ms(p.cold.ms - p.cold.searchMs)}) / ${ms(p.warm.ms)} | ${p.cold.count} | ${p.recall.toFixed(3)} | ${p.falsePositives} | ${KB(p.coldBytes.index)} + ${KB(p.coldBytes.fragments)} |`,
  );
}
out.push('');
out.push(
  `Index on disk: Folio data/s/ ${folioSize.searchBytes ?? 'absent'} bytes in ${folioSize.searchFiles} files (gzip -9: ${folioSize.searchGzipBytes ?? 'n/a'}); its body packs data/b/ ${folioSize.bodiesBytes}, index.json ${folioSize.indexJsonBytes}. ` +
    `Pagefind pagefind/ ${pfSize.totalBytes} bytes in ${pfSize.files} files: index + meta ${pfSize.indexBytes}, fragments ${pfSize.fragmentBytes}, code ${pfSize.codeBytes}. ` +
    `Indexing: Folio = the whole \`folio bundle\` (${folioIndexing.wallS.toFixed(2)} s wall, ${folioIndexing.cpuS?.toFixed(2)} s CPU); Pagefind = \`pagefind --site\` over the rendered pages (${pfIndexing.wallS.toFixed(2)} s wall, ${pfIndexing.cpuS?.toFixed(2)} s CPU, ${pfWords} words).`,
);
out.push(
  'Semantics differ: the ground truth (and Folio) match a Chinese query as a substring; Pagefind splits the page text and the query into words (Intl.Segmenter in the browser, its own segmenter when indexing), matches each query word as a prefix of an indexed word and returns pages holding all of them, anywhere. So a single character inside a longer indexed word is missed (recall < 1) and a 3-4 character query split into words matches pages that hold the words apart (false positives). English words are stemmed by Pagefind.',
);
const warnings = [...new Set(QUERIES.flatMap((q) => q.pagefind.warnings ?? []))];
if (warnings.length) out.push(`Pagefind console warnings: ${warnings.slice(0, 3).join(' | ')}`);
const errors = QUERIES.flatMap((q) => [...(q.pagefind.errors ?? []), ...(q.folio?.errors ?? [])]);
if (errors.length) out.push(`Page errors: ${[...new Set(errors)].slice(0, 5).join(' | ')}`);
const mismatches = QUERIES.reduce((n, q) => n + q.pagefind.shownMismatch, 0);
if (mismatches) out.push(`Warning: ${mismatches} Pagefind results had a data() URL other than the fragment map's.`);

const raw = join(root, 'results.json');
writeFileSync(
  raw,
  JSON.stringify({ n: N, load, hasCliScan, hasCliSearch, folioAvailable, folioNote, folioIndexing: { ...folioIndexing, stdout: undefined }, folioSize, pfIndexing, pfSize, queries: QUERIES.map((q) => ({ ...q, truth: q.truth.length, folioCli: q.folioCli?.length })) }, null, 1),
);
console.log(out.join('\n'));
console.log(`\nRaw per-query figures: ${raw}`);
if (!process.env.KEEP) for (const name of ['seeds', 'site', 'pf', 'tmp']) rmSync(join(root, name), { recursive: true, force: true });
