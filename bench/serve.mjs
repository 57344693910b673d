// `folio serve` benchmark (not a test): how long from a save to the open page showing it.
// For each archive (the seeds, then generated ones), starts `folio serve` on a copy, opens the
// list in headless Chromium, then saves one article ten times with a new title and times each
// save until the list shows the title (the watcher's debounce, the rebuild, the event, the
// entry's fetch and the render), and reads the rebuild's own time from the server's output.
// Usage: `make build && node bench/serve.mjs [sizes…]` (default: seeds 1000 10000). A size
// that is a folder (`/tmp/c100k/posts`) is used in place, its bundle kept beside it
// (`…/posts-serve-bundle`), so that a second run starts from `folio serve`'s cache instead of
// a clean build of a large folder; the bench's article is removed at the end. `FOLIO_DIST`
// names the built app when it is not `dist/`.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, FLAGS, servedUrl } from '../tests/browser/harness.mjs';

const FOLIO = process.env.FOLIO_BIN ?? 'target/bundler/folio';
const SAVES = 10;
const sizes = process.argv.slice(2);
if (!sizes.length) sizes.push('seeds', '1000', '10000');

/** When each rebuild's report line arrived, by `performance.now()`. */
const built = [];

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function measure(size) {
  const inPlace = existsSync(size);
  const root = mkdtempSync(join(tmpdir(), 'folio-serve-bench-'));
  const posts = inPlace ? size : join(root, 'posts');
  if (inPlace) {
    // used as it is
  } else if (size === 'seeds') cpSync('seeds', posts, { recursive: true });
  else spawnSync(FOLIO, ['gen', '--count', size, '--out', posts], { stdio: 'ignore' });
  const article = join(posts, 'zz-bench.md');
  const save = (i) => writeFileSync(article, `---\ntitle: Bench save ${i}\ndate: 2099-01-01\n---\nText ${i}.\n`);
  save(0);
  const out = inPlace ? `${posts.replace(/\/$/, '')}-serve-bundle` : join(root, 'bundle');
  const dist = process.env.FOLIO_DIST ? ['--dist', process.env.FOLIO_DIST] : [];
  const server = spawn(FOLIO, ['serve', posts, '--port', '0', '--out', out, ...dist]);
  let log = '';
  server.stderr.on('data', (d) => {
    log += d;
    // When each rebuild's report reached this process: splits a save's time into the server's
    // part (the watcher's debounce, the rebuild) and the page's (the event, the entry, the render).
    for (const _ of String(d).matchAll(/bundled in \d+ ms/g)) built.push(performance.now());
  });
  const url = await servedUrl(server, () => log);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  try {
    return await time(size, browser, url, save, () => log, server.pid);
  } finally {
    await browser.close();
    server.kill();
    rmSync(root, { recursive: true, force: true });
    if (inPlace) rmSync(article, { force: true });
  }
}

/** CPU seconds (user + system) process `pid` has used so far; `NaN` where `/proc` is not. */
function cpuSeconds(pid) {
  try {
    // The fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Saves ten times and prints the figures. */
async function time(size, browser, url, save, log, pid) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', String(e)));
  // The seeds' images are on hosts this machine may not reach: answer them at once.
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.fulfill({ status: 404, body: '' }));
  await page.goto(url);
  await page.waitForSelector('.folio-item-title:has-text("Bench save 0")');
  const seen = [];
  const served = [];
  const cpuBefore = cpuSeconds(pid);
  for (let i = 1; i <= SAVES; i++) {
    const started = performance.now();
    save(i);
    await page.waitForSelector(`.folio-item-title:has-text("Bench save ${i}")`, { timeout: 60_000 });
    seen.push(performance.now() - started);
    const report = built.findLast((t) => t >= started);
    if (report !== undefined) served.push(report - started);
    await new Promise((r) => setTimeout(r, 200));
  }
  // Per save, the server's CPU (clock ticks of 10 ms, 100 per second on Linux).
  const cpu = (cpuSeconds(pid) - cpuBefore) / SAVES;
  // With FOLIO_PHASES set, `folio serve` prints each rebuild's phases: show the last save's.
  if (process.env.FOLIO_PHASES) console.error(log().split('bundled in').slice(-2, -1)[0]);
  const rebuilds = [...log().matchAll(/bundled in (\d+) ms/g)].map((m) => Number(m[1])).slice(1);
  const articles = log().match(/bundled (\d+),/)?.[1];
  console.log(
    `| ${size} (${articles} articles) | ${pct(rebuilds, 50)} / ${Math.max(...rebuilds)} | ` +
      `${Math.round(pct(seen, 50))} / ${Math.round(Math.max(...seen))} | ` +
      `${Math.round(pct(served, 50))} / ${Math.round(Math.max(...served))} | ${cpu.toFixed(2)} |`,
  );
}

console.log(
  '| archive | rebuild ms, median / max | save → list shows it, ms, median / max | ' +
    'save → rebuild reported, ms, median / max | server CPU s a save |',
);
console.log('|---|---:|---:|---:|---:|');
for (const size of sizes) await measure(size);
