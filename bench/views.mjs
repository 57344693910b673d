// What a reader's views cost on one bundled site (not a test; bench/scale.sh runs it):
//
//   node bench/views.mjs SITE CORPUS NEWEST_TITLE [--pagefind] [--runs N] [--marks N]
//
// SITE is the built app with the bundle in SITE/data. Prints one JSON object on stdout:
//
// - `first`: the first view, measured by the shared measuring stick (../shared/tools/firstview.mjs:
//   a fresh browser profile per run, until the newest article's title is on screen), on loopback
//   (no compression) and throttled (Chromium's network emulation, 10 Mbit/s down, 100 ms round
//   trips, the server gzipping as GitHub Pages does); plus the raw bytes of the data files the
//   first view fetched (the target counts raw bundle data).
// - `filtered` (one author), `search` (an English word, a Chinese pair): a fresh browser context
//   each, the address opened directly: ms to the first rows, ms to the facet counts (exact:
//   the panel is no longer busy), the data files fetched by each point, raw and as sent. `first`
//   is when Playwright saw the rows (its checks back off to one every 500 ms), `inPage` the
//   frame in which they were first in the document, from the navigation's start, taken in the
//   page (`atInPage`: the files that had come by then); the median run is the median `inPage`.
//   A list view also gives `screen`, the frame in which every row the window shows has its
//   title and the rows fill the window (`atScreen`: the files that had come by then).
// - `article`: an old article's address opened cold: ms to its body, the data files fetched
//   (`all`: by 300 ms after the body); then scrolled to its related articles, the files once
//   their titles are all there (`related`).
// - `keystroke`: once the list is loaded, a query typed and deleted a character at a time, four
//   passes; the first (cold) pass apart, the others' p50 / p95 (bench/keystrokes.mjs, which
//   bench/viewer.mjs runs too).
// - `scroll`: once the list is loaded, scrolled to its end ten times; ms until more rows are
//   rendered and every row on screen shows its title (row pages fetched as needed), median, max.
// - `marks` (with --marks N): every page the benchmark opens starts with the reader's marks in
//   localStorage: N articles read, spread evenly over the bundle (the newest among them, so the
//   first screen shows read rows), and one in ten of those starred.
// - `marked`: the list opened cold (a fresh context), ms to its first row and, with --marks, to
//   its first row shown read (the marks found through the lookup), median of the runs.
// - `pagefind` (with --pagefind): the same articles as one HTML page each, indexed by Pagefind
//   (`pagefind --site`, under /usr/bin/time: wall, CPU, peak memory, its files), and its start-up
//   measured like the first view: a page that imports pagefind.js and runs its init (and the
//   merge of its second language's index) until it can search; then its first search for the
//   same word. On loopback, plain and gzip'd (its worker's requests escape Chromium's network
//   emulation, so there is no throttled time for it).
//
// Files are counted as playwright reports them (the page's requests and its workers'): `sent` is
// the body as received plus headers (what crossed the wire), `raw` the file's size on disk.
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { watchFirstScreen } from './first-screen.mjs';
import { serve } from '../scripts/serve.mjs';
import { CHROMIUM, FLAGS, directory, filePath } from '../tests/browser/harness.mjs';
import { keystrokes } from './keystrokes.mjs';

const args = process.argv.slice(2);
const [site, corpus, newest] = args;
const withPagefind = args.includes('--pagefind');
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 3;
// --only KIND: measure only that view (first, filtered, search, article, keystroke).
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const want = (kind) => !only || only === kind;
// --marks N: the reader has marked N articles read (and one in ten of them starred).
const MARKS = args.includes('--marks') ? Number(args[args.indexOf('--marks') + 1]) : 0;
const data = join(site, 'data');
const THROTTLE = { kbit: 10_000, rtt: 100 };
const execFileP = promisify(execFile);
const log = (...a) => console.error('[views]', ...a);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const read = (path) => JSON.parse(readFileSync(join(data, path), 'utf8'));

// ---- What to open: read from the bundle itself ----
const entry = read('index.json');
const author = entry.facets.authors.top[Math.min(5, entry.facets.authors.top.length - 1)].name;
// An old article: the middle one of the middle group of the directory chunk 30 % of the way
// from the oldest. (The article page also shows its neighbours' titles: an article at the edge of
// a group, or of a chunk, also fetches the next group's row page, or chunk.)
const chunks = directory(data, entry).chunks;
const chunk = chunks[Math.floor(chunks.length * 0.3)];
const oldGroup = chunk.groups[Math.floor(chunk.groups.length / 2)];
const oldRow = read(filePath('r', oldGroup.rows)).rows[Math.floor(oldGroup.n / 2)];
const QUERIES = ['archive', '物理'];

/** The marks file of `count` articles spread evenly over the bundle, the newest first among
 * them; one in ten starred (the form `Marks::to_json` writes). */
function marksFile(count) {
  if (!count) return null;
  const slugs = [];
  for (const c of chunks) {
    for (const group of c.groups) {
      for (const row of read(filePath('r', group.rows)).rows) slugs.push(row.slug);
    }
  }
  const step = slugs.length / count;
  // The newest five (the first rows), then every step-th article of the bundle.
  // Format 9: the newest rows are a row page the entry names, oldest first.
  const newestRows = typeof entry.newest === 'string' ? read(filePath('r', entry.newest)).rows.reverse() : entry.newest;
  const newest = newestRows.slice(0, 5).map((r) => r.slug);
  const read_ = [...newest, ...Array.from({ length: count - newest.length }, (_, i) => slugs[Math.floor(i * step)])];
  const starred = read_.filter((_, i) => i % 10 === 0);
  const sorted = (list) => [...new Set(list)].sort();
  return JSON.stringify({ folio: 'marks', read: sorted(read_), starred: sorted(starred) });
}
const MARKS_FILE = marksFile(MARKS);

async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** A fresh context and page, throttled or not, recording every response with its time. */
async function openPage(browser, throttled, root) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US' });
  // Article images point at hosts this machine cannot reach; answer them at once.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.fulfill({ status: 404, body: '' }));
  if (MARKS_FILE) {
    // The key the app keeps a bundle's marks under: `folio-marks:` and the bundle's address.
    await context.addInitScript((marks) => {
      localStorage.setItem(`folio-marks:${new URL('data/', location.href).href}`, marks);
    }, MARKS_FILE);
  }
  const page = await context.newPage();
  if (throttled) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: THROTTLE.rtt,
      downloadThroughput: (THROTTLE.kbit * 1000) / 8,
      uploadThroughput: (THROTTLE.kbit * 1000) / 8 / 4,
    });
  }
  // Requests of the page and of its workers (Pagefind searches in one), as playwright reports
  // them: the body as received (encoded: gzip'd when the server gzips) plus the headers.
  const got = [];
  context.on('requestfinished', async (request) => {
    const t = Date.now();
    const url = request.url();
    if (!url.startsWith('http://127.0.0.1')) return;
    const path = decodeURIComponent(new URL(url).pathname);
    let raw = 0;
    try {
      raw = statSync(join(root, path.endsWith('/') ? `${path}index.html` : path)).size;
    } catch {}
    // A byte range asked for (a piece of a search shard) counts its length, as the host sends it.
    const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers().range ?? '');
    if (range && raw) raw = Math.min(raw - 1, Number(range[2])) - Number(range[1]) + 1;
    const entry = { path, sent: 0, raw, t };
    got.push(entry);
    try {
      const sizes = await request.sizes();
      entry.sent = sizes.responseBodySize + sizes.responseHeadersSize;
    } catch {}
  });
  return { context, page, got };
}

/** Sums of the responses that `test` picks, received by `until` (ms since epoch). */
function tally(got, test, until = Infinity) {
  const list = got.filter((g) => test(g.path) && g.t <= until);
  return {
    requests: list.length,
    raw: list.reduce((n, g) => n + g.raw, 0),
    sent: list.reduce((n, g) => n + g.sent, 0),
    largest: Math.max(0, ...list.map((g) => g.raw)),
    kinds: list.reduce((k, g) => {
      const kind = g.path.replace(/^.*\/data\//, '').replace(/\/.*\./, '.');
      k[kind] = (k[kind] ?? 0) + g.raw;
      return k;
    }, {}),
  };
}
const isData = (p) => p.includes('/data/');

/** The shared measuring stick for the first view (a fresh profile per run). Run apart, not
 * waited for synchronously: the server answering it is in this process. */
async function firstView(url, throttled) {
  const { stdout } = await execFileP('node', [resolve('../shared/tools/firstview.mjs'), url, newest, String(RUNS)], {
    env: { ...process.env, NODE_TOOLS: process.cwd(), ...(throttled ? { THROTTLE: `${THROTTLE.kbit},${THROTTLE.rtt}` } : {}) },
  });
  return JSON.parse(stdout.trim().split('\n').pop());
}

/** Opens `hash` cold; times the first element matching `ready`, then (if `counted`) the facet
 * panel's exact counts. Median of RUNS for times; files of the median run. */
async function view(browser, url, hash, ready, counted, throttled) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page, got } = await openPage(browser, throttled, site);
    // The frame in which `ready` is first in the document, taken in the page (Playwright's own
    // checks back off to one every 500 ms): ms from the navigation's start.
    await watchFirstScreen(page, ready);
    const t0 = Date.now();
    await page.goto(url + hash, { waitUntil: 'commit' });
    await page.waitForSelector(ready, { timeout: 120_000 });
    const first = Date.now() - t0;
    // The files that had come by then, by the page's own clock (its resource timing).
    const [readyMs, cameBy] = await page.evaluate(() => [
      window.__ready,
      performance.getEntriesByType('resource').filter((r) => r.responseEnd <= window.__ready).map((r) => decodeURIComponent(new URL(r.name).pathname)),
    ]);
    const inPage = Math.round(readyMs);
    // A list view: its first screen of rows, and the files that had come by then.
    let screen = null;
    let atScreen = null;
    if (hash.startsWith('#/?')) {
      await page.waitForFunction(() => window.__screen !== undefined, null, { timeout: 120_000 });
      const [screenMs, cameByScreen] = await page.evaluate(() => [
        window.__screen,
        performance.getEntriesByType('resource').filter((r) => r.responseEnd <= window.__screen).map((r) => decodeURIComponent(new URL(r.name).pathname)),
      ]);
      screen = Math.round(screenMs);
      atScreen = tally(got, (p) => isData(p) && cameByScreen.includes(p));
    }
    let counts = null;
    if (counted) {
      await page.waitForSelector('.folio-facets[aria-busy="false"]', { timeout: 120_000 });
      counts = Date.now() - t0;
    }
    await page.waitForTimeout(300);
    // An article has no count: not waited for (a locator waits 30 s for what is not there).
    const count = (await page.locator('.folio-count').count()) ? await page.locator('.folio-count').first().textContent() : null;
    const run = { first, inPage, screen, atScreen, counts, count, atFirst: tally(got, isData, t0 + first + 50), atInPage: tally(got, (p) => isData(p) && cameBy.includes(p)), all: tally(got, isData) };
    // An article: what it fetched on its own (its first screen, 300 ms after its body), then
    // with its related articles' titles, which come once the reader scrolls near them.
    if (hash.startsWith('#/a/') && (await page.locator('[part="related"]').count())) {
      const t1 = Date.now();
      await page.locator('[part="related"]').scrollIntoViewIfNeeded();
      await page.waitForSelector('[part="related"] a', { timeout: 120_000 });
      await page.waitForFunction(() => !document.querySelector('[part="related"] .folio-related-pending'), null, { timeout: 120_000 });
      run.related = { ms: Date.now() - t1, links: await page.locator('[part="related"] a').count(), all: tally(got, isData) };
    }
    runs.push(run);
    await context.close();
  }
  const mid = runs.find((r) => r.inPage === median(runs.map((r) => r.inPage)));
  return { ...mid, firsts: runs.map((r) => r.first), inPages: runs.map((r) => r.inPage), screens: runs.map((r) => r.screen), counts: counted ? median(runs.map((r) => r.counts)) : null };
}

/** Keystrokes once the list is loaded (bench/keystrokes.mjs): p50 / p95 of the warm passes. */
async function typing(browser, url) {
  const { context, page } = await openPage(browser, false, site);
  await page.goto(url);
  await page.waitForSelector('.folio-item-title', { timeout: 120_000 });
  // As bench/viewer.mjs: `CHAINED=1` the old clock, `PROFILE=FILE` Chromium's CPU profile.
  const { times, parts, ...figures } = await keystrokes(page, { chained: !!process.env.CHAINED, profile: process.env.PROFILE });
  await context.close();
  return figures;
}

/** Scrolls a loaded list to its end ten times: ms until each next page of rows shows titles. */
async function scrolls(browser, url) {
  const { context, page } = await openPage(browser, false, site);
  await page.goto(url);
  await page.waitForSelector('.folio-item-title', { timeout: 120_000 });
  const times = [];
  for (let i = 0; i < 10; i++) {
    const before = await page.locator('.folio-item').count();
    const t0 = Date.now();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    // More rows, and every row on screen showing its title (rows load their page near the screen).
    await page.waitForFunction(
      (n) => {
        const items = [...document.querySelectorAll('.folio-item')];
        const onScreen = items.filter((e) => {
          const r = e.getBoundingClientRect();
          return r.bottom > 0 && r.top < innerHeight;
        });
        return items.length > n && onScreen.length > 0 && onScreen.every((e) => e.querySelector('.folio-item-title'));
      },
      before,
      { timeout: 120_000, polling: 'raf' },
    );
    times.push(Date.now() - t0);
  }
  const rows = await page.locator('.folio-item').count();
  await context.close();
  return { median: median(times), max: Math.max(...times), times, rows };
}

/** Opens the list cold, RUNS times: ms to the first row, and to the first row shown read. */
async function markedFirst(browser, url) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await openPage(browser, false, site);
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForSelector('.folio-item-title', { timeout: 120_000 });
    const first = Date.now() - t0;
    if (MARKS) await page.waitForSelector('.folio-item-read', { timeout: 120_000 });
    runs.push({ first, marked: MARKS ? Date.now() - t0 : null });
    await context.close();
  }
  return { first: median(runs.map((r) => r.first)), marked: MARKS ? median(runs.map((r) => r.marked)) : null, runs };
}

// ---- Pagefind over the same articles ----
function pagefindSite(root) {
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  mkdirSync(root, { recursive: true });
  let pages = 0;
  for (const c of chunks) {
    for (const group of c.groups) {
      const rows = read(filePath('r', group.rows)).rows;
      const bodies = read(filePath('b', group.bodies)).bodies;
      rows.forEach((row, i) => {
        const zh = /[\u4e00-\u9fff]/.test(row.title);
        const page = `<!doctype html>\n<html lang="${zh ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${escape(row.title)}</title></head>\n<body><main data-pagefind-body><h1>${escape(row.title)}</h1>${bodies[i].html}</main></body></html>\n`;
        writeFileSync(join(root, `${row.slug}.html`), page);
        pages += 1;
      });
    }
  }
  // Start-up: import and init, as a search page does before its first query; `#q=` also runs one.
  writeFileSync(
    join(root, 'search.html'),
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pagefind</title></head><body><p id="state">loading</p>
<script type="module">
const pf = await import('./pagefind/pagefind.js');
await pf.init();
// A full URL: Pagefind skips a merge whose path equals the primary index's.
await pf.mergeIndex(new URL('./pagefind/', location.href).href, { language: 'zh-cn' });
document.getElementById('state').textContent = 'ready';
const q = decodeURIComponent(location.hash.slice(3));
if (q) {
  const search = await pf.search(q);
  const shown = await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
  document.getElementById('state').textContent = 'results ' + search.results.length + ' ' + shown.length;
}
</script></body></html>
`,
  );
  return pages;
}

/** Runs a command under /usr/bin/time -v, its address space capped at PAGEFIND_MEM_GB (default
 * 12): Pagefind took 3.4 GB for 10k articles, and this machine is shared. */
function timed(cmd, cmdArgs) {
  const capKb = Number(process.env.PAGEFIND_MEM_GB ?? 12) * 1024 * 1024;
  const r = spawnSync('bash', ['-c', `ulimit -v ${capKb} && exec /usr/bin/time -v "$@"`, 'timed', cmd, ...cmdArgs], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) return { failed: `${cmd} exited ${r.status}: ${r.stderr.slice(-400)}` };
  const num = (re) => Number(re.exec(r.stderr)?.[1]);
  const [, m, s] = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?([\d.:]+)/.exec(r.stderr) ?? [];
  const wall = s?.includes(':') ? s.split(':').reduce((a, x) => a * 60 + Number(x), 0) + Number(m ?? 0) * 3600 : Number(m ?? 0) * 60 + Number(s);
  return { wall_s: wall, cpu_s: num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/), peak_kb: num(/Maximum resident set size \(kbytes\): (\d+)/), stdout: r.stdout };
}

async function pagefindView(browser, url, hash, ready, throttled, root) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page, got } = await openPage(browser, throttled, root);
    const t0 = Date.now();
    await page.goto(url + 'search.html' + hash, { waitUntil: 'commit' });
    await page.waitForFunction((r) => document.getElementById('state')?.textContent.startsWith(r), ready, { timeout: 300_000 });
    const ms = Date.now() - t0;
    await page.waitForTimeout(300);
    const pf = (p) => p.includes('/pagefind/');
    const code = (p) => pf(p) && /\.(js|pagefind)$/.test(p);
    runs.push({ ms, index: tally(got, (p) => pf(p) && !code(p)), code: tally(got, code), page: tally(got, (p) => !pf(p)) });
    await context.close();
  }
  return { ...runs.find((r) => r.ms === median(runs.map((r) => r.ms))), runs: runs.map((r) => r.ms) };
}

// ---- Run ----
const out = { author, article: oldRow.slug, queries: QUERIES, marks: MARKS };
const browser = await launch();
try {
  for (const throttled of [false, true]) {
    const { server, url } = await serve(site, 0, { gzip: throttled });
    const key = throttled ? 'throttled' : 'loopback';
    if (want('first')) {
      log(`${key}: first view`);
      const first = await firstView(url, throttled);
      // The raw bytes of the same view (the stick counts what crossed the wire).
      const raw = await view(browser, url, '', '.folio-item-title', false, throttled);
      (out.first ??= {})[key] = { ...first, raw: raw.atFirst };
    }
    if (want('filtered')) {
      log(`${key}: filtered by ${author}`);
      (out.filtered ??= {})[key] = await view(browser, url, `#/?author=${encodeURIComponent(author)}`, '.folio-item-title', true, throttled);
    }
    for (const q of want('search') ? QUERIES : []) {
      log(`${key}: search ${q}`);
      // The first rows, whether the whole answer (`data-search="done"`) or its first articles
      // from the heads of the long lists (`loading` until the lists come); the counts wait for
      // the whole answer.
      ((out.search ??= {})[q] ??= {})[key] = await view(browser, url, `#/?q=${encodeURIComponent(q)}`, `.folio-results[data-search] .folio-item-title`, true, throttled);
    }
    if (want('article')) {
      log(`${key}: article ${oldRow.slug}`);
      (out.article_view ??= {})[key] = await view(browser, url, `#/a/${encodeURIComponent(oldRow.slug)}`, '.folio-body', false, throttled);
    }
    if (!throttled && want('keystroke')) {
      log('keystrokes');
      out.keystroke = await typing(browser, url);
    }
    if (!throttled && want('scroll')) {
      log('scroll');
      out.scroll = await scrolls(browser, url);
    }
    if (!throttled && want('marked')) {
      log('first row (and first row shown read)');
      out.marked = await markedFirst(browser, url);
    }
    server.close();
  }

  if (withPagefind && want('pagefind')) {
    const root = join(resolve(site), '..', `pagefind-${entry.articles}`);
    log(`pagefind: writing ${entry.articles} pages`);
    const pages = pagefindSite(root);
    spawnSync('sync');
    log('pagefind --site');
    const indexing = timed(resolve('node_modules/.bin/pagefind'), ['--site', root]);
    out.pagefind = { pages, indexing: { ...indexing, stdout: undefined } };
    if (!indexing.failed) {
      const st = spawnSync('node', ['bench/stats.mjs', join(root, 'pagefind'), '--json'], { encoding: 'utf8' });
      const s = JSON.parse(st.stdout);
      out.pagefind.bundle = { bytes: s.bytes, files: s.files, largest: s.largest, fullest: s.fullest };
      // Pagefind loads its WASM and index in a worker, whose requests Chromium's network
      // emulation (set on the page) does not slow: so no throttled time, only the bytes a gzip'ing
      // host sends.
      for (const gzip of [false, true]) {
        const { server, url } = await serve(root, 0, { gzip });
        const key = gzip ? 'gzip' : 'loopback';
        log(`pagefind ${key}: start-up`);
        out.pagefind[key] = {
          startup: await pagefindView(browser, url, '', 'ready', false, root),
          search: await pagefindView(browser, url, `#q=${QUERIES[0]}`, 'results', false, root),
        };
        server.close();
      }
    }
    if (!process.env.KEEP) rmSync(root, { recursive: true, force: true });
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
