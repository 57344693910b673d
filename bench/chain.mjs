// Every request of a view, and which waited for which (not a test):
//
//   node bench/chain.mjs SITE [--runs N] [--only author|search] [--json]
//
// SITE is the built app with the bundle in SITE/data (as bench/views.mjs takes it). For the
// views bench/views.mjs measures — filtered by one author (the entry's sixth), and the first
// searches `archive` and `物理` — opened cold on loopback in a fresh context, it lists each
// request to the bundle: its kind (`d` directory, `r` row page, `b` pack, `c` columns, `s.json`
// search root, `s.keys` key block, `s.bin` shard, `s.lst` long posting lists, `s.pos` positions,
// `l` lookup, `f` facet page), its raw bytes, when it was asked for and when it came, and its depth in the chain: 1
// for a request asked for before any other had come, else one more than the deepest request
// that had come when it was asked for (what it may have waited for). Then per view, up to the
// first rows (the frame in which they are in the document, taken in the page, + 50 ms) and up
// to the first screen (every row the window shows has its title, + 50 ms) and up to the exact
// counts: requests, bytes and
// the deepest chain, by kind. The run whose first rows are the median is the one printed.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { watchFirstScreen } from './first-screen.mjs';
import { serve } from '../scripts/serve.mjs';
import { CHROMIUM, FLAGS } from '../tests/browser/harness.mjs';

const args = process.argv.slice(2);
const site = args[0];
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 3;
const asJson = args.includes('--json');
// --only WORD: only the views whose name starts with it (`author`, `search`).
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : '';
const data = join(site, 'data');
const entry = JSON.parse(readFileSync(join(data, 'index.json'), 'utf8'));
const author = entry.facets.authors.top[Math.min(5, entry.facets.authors.top.length - 1)].name;
const VIEWS = [
  { name: `author ${author}`, hash: `#/?author=${encodeURIComponent(author)}`, ready: '.folio-item-title' },
  // A search's first rows, whether its whole answer (`data-search="done"`) or its first articles
  // (from the heads of the long lists, `loading` until the lists come): a cold page has no
  // earlier answer on screen.
  { name: 'search archive', hash: '#/?q=archive', ready: '.folio-results[data-search] .folio-item-title' },
  { name: 'search 物理', hash: `#/?q=${encodeURIComponent('物理')}`, ready: '.folio-results[data-search] .folio-item-title' },
];

const kindOf = (path) => {
  const rel = path.replace(/^.*\/data\//, '');
  if (rel === 'index.json') return 'entry';
  const folder = rel.split('/')[0];
  return folder === 's' ? `s.${rel.split('.').pop()}` : folder;
};

async function open(browser, url, view) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US' });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.fulfill({ status: 404, body: '' }));
  const page = await context.newPage();
  // The frame in which the rows are first in the document, taken in the page (Playwright's own
  // checks back off to one every 500 ms).
  await watchFirstScreen(page, view.ready);
  const requests = new Map();
  const t0 = Date.now();
  page.on('request', (r) => {
    if (r.url().includes('/data/')) requests.set(r, { path: decodeURIComponent(new URL(r.url()).pathname), range: r.headers().range, asked: Date.now() - t0 });
  });
  page.on('requestfinished', (r) => {
    const got = requests.get(r);
    if (got) got.came = Date.now() - t0;
  });
  await page.goto(url + view.hash, { waitUntil: 'commit' });
  await page.waitForSelector(view.ready, { timeout: 120_000 });
  await page.waitForFunction(() => window.__screen !== undefined, null, { timeout: 120_000 });
  const [readyMs, screenMs, origin] = await page.evaluate(() => [window.__ready, window.__screen, performance.timeOrigin]);
  // On this run's clock (t0), as the requests' times are.
  const first = Math.round(origin + readyMs - t0);
  const screen = Math.round(origin + screenMs - t0);
  await page.waitForSelector('.folio-facets[aria-busy="false"]', { timeout: 120_000 });
  const counts = Date.now() - t0;
  await page.waitForTimeout(300);
  await context.close();
  const list = [...requests.values()]
    .filter((r) => r.came !== undefined)
    .sort((a, b) => a.asked - b.asked)
    .map((r) => ({ ...r, kind: kindOf(r.path), raw: rangeOf(r.range, statSync(join(site, r.path)).size) }));
  for (const r of list) {
    const before = list.filter((q) => q !== r && q.came <= r.asked && q.depth !== undefined);
    r.depth = 1 + Math.max(0, ...before.map((q) => q.depth));
  }
  return { first, screen, counts, list };
}

/** The bytes a host sends for a file of `size` bytes asked for with `range` (`bytes=a-b`) or
 * without. */
function rangeOf(range, size) {
  const m = /^bytes=(\d+)-(\d+)$/.exec(range ?? '');
  return m ? Math.min(size - 1, Number(m[2])) - Number(m[1]) + 1 : size;
}

function summary(list, until) {
  const by = {};
  for (const r of list.filter((r) => r.came <= until)) {
    const k = (by[r.kind] ??= { requests: 0, bytes: 0, depth: 0 });
    k.requests += 1;
    k.bytes += r.raw;
    k.depth = Math.max(k.depth, r.depth);
  }
  return by;
}

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
const { server, url } = await serve(site, 0);
const out = [];
try {
  for (const view of VIEWS.filter((v) => v.name.startsWith(only))) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await open(browser, url, view));
    const firsts = runs.map((r) => r.first).sort((a, b) => a - b);
    const mid = runs.find((r) => r.first === firsts[Math.floor(firsts.length / 2)]);
    // A request counts for the first rows if it came by then (50 ms for the render).
    const atFirst = summary(mid.list, mid.first + 50);
    const atScreen = summary(mid.list, mid.screen + 50);
    const atCounts = summary(mid.list, mid.counts);
    out.push({ view: view.name, first: mid.first, screen: mid.screen, counts: mid.counts, firsts, atFirst, atScreen, atCounts, requests: mid.list });
  }
} finally {
  server.close();
  await browser.close();
}

if (asJson) {
  console.log(JSON.stringify(out));
} else {
  const kb = (b) => (b / 1024).toFixed(1);
  for (const v of out) {
    console.log(`\n## ${v.view}: first rows ${v.first} ms (runs ${v.firsts.join(', ')}), first screen ${v.screen} ms, counts ${v.counts} ms`);
    console.log('| kind | by the first rows: requests, KB, deepest | by the first screen | by the counts: requests, KB, deepest |');
    console.log('|---|---:|---:|---:|');
    const kinds = [...new Set([...Object.keys(v.atFirst), ...Object.keys(v.atScreen), ...Object.keys(v.atCounts)])].sort();
    const cell = (k) => (k ? `${k.requests}, ${kb(k.bytes)}, ${k.depth}` : '–');
    const total = (s) => Object.values(s).reduce((t, k) => ({ requests: t.requests + k.requests, bytes: t.bytes + k.bytes, depth: Math.max(t.depth, k.depth) }), { requests: 0, bytes: 0, depth: 0 });
    for (const k of kinds) console.log(`| ${k} | ${cell(v.atFirst[k])} | ${cell(v.atScreen[k])} | ${cell(v.atCounts[k])} |`);
    console.log(`| all | ${cell(total(v.atFirst))} | ${cell(total(v.atScreen))} | ${cell(total(v.atCounts))} |`);
    console.log('\nrequests (asked ms → came ms, depth, kind, KB):');
    for (const r of v.requests) console.log(`  ${r.asked} → ${r.came}  d${r.depth}  ${r.kind}  ${kb(r.raw)}  ${r.path.replace(/^.*\/data\//, '')}`);
  }
}
