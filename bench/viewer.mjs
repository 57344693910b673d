// Viewer benchmark (not a test): drives headless Chromium over generated 10k and 100k corpora
// served from 127.0.0.1 and reports time to first list, keystroke → list updated (p50/p95) and
// memory (format 4: the list starts from the entry's newest rows). Usage: `make build && node bench/viewer.mjs [sizes…]` (default 10000 100000).
// `PROFILE=NAME` also records Chromium's CPU profile of the keystrokes into NAME-<size>.cpuprofile
// (`node bench/profile-top.mjs` summarizes it); `NO_LAYOUT=1` leaves the forced layout out; `CHAINED=1` times keystrokes as before
// branch i12-keys (each started from the last one's timeout, which nests them: bench/keystrokes.mjs);
// `DEBUG=1` prints every keystroke's time and its parts (event, render, layout: bench/keystrokes.mjs); `FOLIO_DIST` another built app.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, start } from '../tests/browser/harness.mjs';
import { keystrokes, QUERY } from './keystrokes.mjs';

const FOLIO = process.env.FOLIO_BIN ?? 'target/bundler/folio';
const sizes = process.argv.slice(2).map(Number);
if (!sizes.length) sizes.push(10_000, 100_000);

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function measure(n) {
  const root = mkdtempSync(join(tmpdir(), `folio-viewer-${n}-`));
  const seeds = join(root, 'seeds');
  const site = join(root, 'site');
  for (const name of readdirSync(DIST)) if (name !== 'data') cpSync(join(DIST, name), join(site, name), { recursive: true });
  const run = (args) => {
    const r = spawnSync(FOLIO, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  run(['gen', '--count', String(n), '--out', seeds]);
  run(['bundle', seeds, '--out', join(site, 'data')]);
  const indexBytes = statSync(join(site, 'data', 'index.json')).size;

  const env = await start({ root: site, intercept: false });
  const page = await env.page();
  await page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => (window.__wasm = e.detail.wasm));
    new MutationObserver((_, obs) => {
      if (document.querySelector('.folio-item')) {
        window.__firstList = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const firsts = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`${env.url}?run=${i}`);
    await page.waitForFunction(() => window.__firstList);
    firsts.push(await page.evaluate(() => window.__firstList));
  }

  // Keystrokes: the query typed one character at a time, then deleted again.
  const typed = await keystrokes(page, { query: n > 0 ? QUERY : '', layout: !process.env.NO_LAYOUT, chained: !!process.env.CHAINED, profile: process.env.PROFILE && `${process.env.PROFILE}-${n}.cpuprofile` });

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const wasmBytes = await page.evaluate(() => window.__wasm?.memory?.buffer?.byteLength ?? 0);
  if (process.env.DEBUG) {
    // Each keystroke: the box's text after it, its ms, and its parts (event, render, layout).
    const query = n > 0 ? QUERY : '';
    const texts = [...Array(query.length).keys()].map((i) => query.slice(0, i + 1));
    const pass = [...texts, ...texts.slice(0, -1).reverse(), ''];
    typed.parts.forEach((p, i) => {
      const ms = [typed.times[i], p.event, p.render, p.layout].map((t) => t.toFixed(1).padStart(6)).join(' ');
      console.error(`${n} ${String(i).padStart(3)} ${ms}  ${JSON.stringify(pass[i % pass.length])}`);
    });
  }
  const rows = await page.locator('.folio-item').count();
  await env.close();
  rmSync(root, { recursive: true, force: true });
  return {
    n,
    entryKB: (indexBytes / 1024).toFixed(1),
    firstP50: pct(firsts, 50).toFixed(0),
    keyP50: typed.p50.toFixed(1),
    keyP95: typed.p95.toFixed(1),
    coldP95: typed.coldP95.toFixed(1),
    coldMax: typed.coldMax.toFixed(1),
    keys: typed.keys,
    jsMB: (metrics.JSHeapUsedSize / 1e6).toFixed(1),
    wasmMB: (wasmBytes / 1e6).toFixed(1),
    nodes: metrics.Nodes,
    rows,
  };
}

console.log('| articles | entry index.json KB | first list ms (p50 of 5) | keystroke → list p50 ms | p95 ms | cold pass p95 / max ms | keystrokes | JS heap MB | WASM memory MB | DOM nodes | rows in DOM |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const n of sizes) {
  const r = await measure(n);
  console.log(`| ${r.n} | ${r.entryKB} | ${r.firstP50} | ${r.keyP50} | ${r.keyP95} | ${r.coldP95} / ${r.coldMax} | ${r.keys} | ${r.jsMB} | ${r.wasmMB} | ${r.nodes} | ${r.rows} |`);
}
