// What each view fetches (not a test): on generated corpora bundled next to the built app,
// cold (a fresh browser context each time, so nothing cached), headless Chromium reports for
// each view the requests to the bundle after the shell, their bytes (raw and gzip -9, from the
// files on disk) and the time from navigation to the view's first row, and for a filtered view
// also to its facet counts: once on loopback, then on a throttled link (10 Mbit/s, 100 ms round
// trips, the server gzipping as a static host does). Usage: `make build && node
// bench/fetches.mjs [sizes…]` (default 10000).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundle, start, throttle } from '../tests/browser/harness.mjs';

const FOLIO = process.env.FOLIO_BIN ?? 'target/bundler/folio';
const sizes = process.argv.slice(2).map(Number);
if (!sizes.length) sizes.push(10_000);

async function view(env, data, hash, ready, counted, throttled) {
  // Every response is `no-cache` without a validator, so a new page fetches every file again.
  const page = await env.page();
  if (throttled) await throttle(env, page);
  const files = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.includes('/data/')) files.push({ path: path.replace(/^.*\/data\//, ''), at: files.length });
  });
  const t0 = Date.now();
  await page.goto(env.url + hash);
  await page.waitForSelector(ready, { timeout: 60_000 });
  const first = Date.now() - t0;
  const atFirst = files.length;
  let counts = null;
  if (counted) {
    await page.waitForSelector('.folio-facets[aria-busy="false"]', { timeout: 60_000 });
    counts = Date.now() - t0;
  }
  await page.waitForTimeout(300);
  await page.close();
  const size = (list) => {
    let raw = 0;
    let gz = 0;
    for (const f of list) {
      const bytes = readFileSync(join(data, f.path));
      raw += bytes.length;
      gz += gzipSync(bytes, { level: 9 }).length;
    }
    return { n: list.length, raw, gz };
  };
  if (process.env.DEBUG) {
    const by = {};
    for (const f of files) {
      const kind = f.path.replace(/\/.*\./, '.');
      by[kind] = (by[kind] ?? 0) + readFileSync(join(data, f.path)).length;
    }
    console.error(hash, JSON.stringify(by));
  }
  return { first, counts, rows: size(files.slice(0, atFirst)), all: size(files) };
}

const kb = (b) => (b / 1024).toFixed(1);

for (const n of sizes) {
  const root = mkdtempSync(join(tmpdir(), `folio-fetches-${n}-`));
  const seeds = join(root, 'seeds');
  const site = join(root, 'site');
  for (const name of readdirSync('dist')) if (name !== 'data') cpSync(join('dist', name), join(site, name), { recursive: true });
  const run = (args) => {
    const r = spawnSync(FOLIO, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  run(['gen', '--count', String(n), '--out', seeds]);
  run(['bundle', seeds, '--out', join(site, 'data')]);
  const truth = bundle(site);
  const author = truth.entry.facets.authors.top[5].name;
  const old = truth.articles[Math.floor(truth.articles.length * 0.7)];
  const views = [
    ['first view', '', '.folio-item-title', false],
    ['oldest first', '#/?sort=old', '.folio-item-title', false],
    [`author (${author})`, `#/?author=${encodeURIComponent(author)}`, '.folio-item-title', true],
    ['search "archive"', '#/?q=archive', '.folio-results[data-search="done"] .folio-item-title', true],
    ['search "的"', `#/?q=${encodeURIComponent('的')}`, '.folio-results[data-search="done"] .folio-item-title', true],
    ['old article, cold', `#/a/${encodeURIComponent(old.slug)}`, '.folio-body', false],
  ];
  for (const throttled of [false, true]) {
    const env = await start({ root: site, intercept: true, gzip: throttled });
    console.log(`\n${n} articles${throttled ? ', 10 Mbit/s, 100 ms RTT, gzip' : ', loopback'}`);
    console.log('| view | first row ms | requests | KB (gzip) to first row | counts ms | requests | KB (gzip) in all |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const [name, hash, ready, counted] of views) {
      const r = await view(env, truth.data, hash, ready, counted, throttled);
      console.log(`| ${name} | ${r.first} | ${r.rows.n} | ${kb(r.rows.raw)} (${kb(r.rows.gz)}) | ${r.counts ?? ''} | ${r.all.n} | ${kb(r.all.raw)} (${kb(r.all.gz)}) |`);
    }
    await env.close();
  }
  rmSync(root, { recursive: true, force: true });
}
