// Shared set-up for the browser tests: serve dist/ on 127.0.0.1 and drive the system Chromium
// (Debian's /usr/bin/chromium) with playwright-core, which never downloads a browser.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

export const DIST = process.env.FOLIO_DIST ?? 'dist';
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts the server and a browser; returns helpers and a `close`. */
export async function start(options = {}) {
  const { server, url } = await serve(options.root ?? DIST, 0, options);
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'folio-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1200, height: 900 },
    locale: options.locale ?? 'en-US',
  });
  // Article images point at hosts this machine cannot reach; answer them locally, fast. (The
  // viewer benchmark turns this off: interception makes every image request a round trip
  // through this process, which is not what a reader's browser pays.)
  if (options.intercept !== false) {
    await browser.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.fulfill({ status: 404, body: '' }));
  }
  return {
    url,
    browser,
    async page() {
      const page = await browser.newPage();
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) page.errors.push(m.text());
      });
      return page;
    },
    async close() {
      await browser.close();
      server.close();
    },
  };
}

/** Throttles `page` of `env` (what `start` returns) to the issue's slow link: 10 Mbit/s each way,
 * 100 ms round trip (the benchmarks' throttled runs). */
export async function throttle(env, page) {
  const cdp = await env.browser.newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 100,
    downloadThroughput: 10e6 / 8,
    uploadThroughput: 10e6 / 8,
  });
}

/** The path of a hashed file of the bundle (`model::file_path`). */
export const filePath = (folder, hash, ext = 'json') => `${folder}/${hash.slice(0, 2)}/${hash}.${ext}`;

/** The directory of the bundle in `data` whose entry is `entry` (binary, in two levels:
 * docs/FORMAT.md, "Rows, packs and the directory"): `root` the root's path, and its chunks oldest
 * first, each `{first, file, path, groups: [{n, rows, bodies}]}`, hashes as 16 hex digits. */
export function directory(data, entry) {
  const bytesOf = (path) => readFileSync(join(data, path));
  const reader = (bytes) => {
    let at = 0;
    const varint = () => {
      let v = 0;
      for (let shift = 0; ; shift += 7) {
        if (at >= bytes.length) throw new Error('a varint past the end');
        const b = bytes[at++];
        v += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) return v;
      }
    };
    const hash = () => {
      if (at + 8 > bytes.length) throw new Error('a hash past the end');
      const h = bytes.readBigUInt64LE(at);
      at += 8;
      return h.toString(16).padStart(16, '0');
    };
    return { varint, hash, end: () => at === bytes.length };
  };
  const root = filePath('d', entry.directory, 'bin');
  const r = reader(bytesOf(root));
  const refs = [];
  let first = 0;
  for (let i = r.varint(); i > 0; i--) {
    first += r.varint();
    refs.push({ first, file: r.hash() });
  }
  if (!r.end()) throw new Error(`${root}: bytes after the last chunk`);
  const chunks = refs.map(({ first, file }) => {
    const path = filePath('d', file, 'bin');
    const c = reader(bytesOf(path));
    if (c.varint() !== first) throw new Error(`${path} does not start where the root says`);
    const groups = [];
    for (let i = c.varint(); i > 0; i--) groups.push({ n: c.varint(), rows: c.hash(), bodies: c.hash() });
    if (!c.end()) throw new Error(`${path}: bytes after the last group`);
    return { first, file, path, groups };
  });
  return { root, chunks };
}

/** The bundle the app is showing, read from its files on disk as the ground truth: the entry,
 * and every article newest first, each with its number, its row's fields, where its row page
 * and pack are, and a `body()` that reads its body from the pack. */
export function bundle(root = DIST) {
  const data = join(root, 'data');
  const read = (path) => JSON.parse(readFileSync(join(data, path), 'utf8'));
  const entry = read('index.json');
  const articles = [];
  for (const { first, groups } of directory(data, entry).chunks) {
    let number = first;
    for (const group of groups) {
      const rows = read(filePath('r', group.rows)).rows;
      rows.forEach((row, i) => {
        const at = number + i;
        articles.push({ ...row, number: at, rows: filePath('r', group.rows), pack: filePath('b', group.bodies), body: () => read(filePath('b', group.bodies)).bodies[i].html });
      });
      number += group.n;
    }
  }
  articles.reverse();
  return { entry, articles, data };
}

/** Slugs of the articles of the bundle in `data` whose title and text contain every term of
 * `query`: the bundler's plain scan (`folio search --scan`), the ground truth for search. */
export function scan(query, data = join(DIST, 'data')) {
  const folio = process.env.FOLIO_BIN ?? 'target/bundler/folio';
  const r = spawnSync(folio, ['search', '--scan', data, ...query.split(' ')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  // One article a line: its slug, a tab, its title.
  return r.stdout.split('\n').filter(Boolean).map((line) => line.split('\t')[0]);
}

/** `scan` for a query as the search box reads it while typing: a last word of two or more
 * letters with nothing after it also matches longer words (`wor` as `wor*`). */
export function scanTyped(query, data) {
  return scan(/(^|\s)[\p{L}\p{N}]{2,}$/u.test(query) && !/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]$/u.test(query) ? `${query}*` : query, data);
}

/** Counts article files below a folder, the way the bundler finds them. */
export function countArticles(dir) {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) n += countArticles(path);
    else if (/\.(md|markdown)$/i.test(name)) n += 1;
  }
  return n;
}

/** Scrolls down a screen at a time to the end of the page, as a reader does: every row on the
 * way comes near the screen (a placeholder row fetches its page then). */
export async function scrollDown(page) {
  for (;;) {
    const moved = await page.evaluate(() => {
      const before = window.scrollY;
      window.scrollBy(0, window.innerHeight);
      return window.scrollY !== before;
    });
    await page.waitForTimeout(60);
    if (!moved) return;
  }
}

/** Renders every row of the list: scrolls to the end until no more rows come (rows render 20
 * at a time), then returns how many there are, once none is a placeholder. */
export async function showAll(page) {
  for (;;) {
    const before = await page.locator('.folio-item').count();
    await scrollDown(page);
    await page.waitForTimeout(100);
    if ((await page.locator('.folio-more').count()) === 0 && (await page.locator('.folio-item').count()) === before) {
      await page.waitForSelector('.folio-item-loading', { state: 'detached' });
      return before;
    }
    if ((await page.locator('.folio-item').count()) === before) await page.click('.folio-more');
  }
}

/** Types `query` into the search box and waits until the rows answer it. */
// The key blocks a cold load of `hash` asked for, and who asked (`first`: the page's first
// script, `app`: the app, for a file the first script did not ask for), and the early
// responses the app left untaken.
export async function keyBlockRequests(env, hash) {
  const page = await env.page();
  await page.addInitScript(() => {
    const fetch = window.fetch;
    window.asked = [];
    window.fetch = function (input, init) {
      const by = /\/first-[0-9a-f]+\.js/.test(new Error().stack) ? 'first' : 'app';
      window.asked.push([by, String(input.url ?? input)]);
      return fetch.call(this, input, init);
    };
  });
  await page.goto(env.url + hash);
  // Done, whether or not anything matches.
  await page.waitForSelector('.folio-results[data-search="done"]');
  const asked = await page.evaluate(() => window.asked);
  const left = await page.evaluate(() => [...window.folioFirst.keys()]);
  const errors = page.errors;
  await page.close();
  return { keys: asked.filter(([, url]) => url.endsWith('.keys')), left, errors };
}

export async function searchFor(page, query) {
  await page.fill('#folio-filter-input', query);
  await page.waitForSelector(`.folio-results[data-search="done"][data-q="${query.replace(/"/g, '\\"')}"]`);
}

/** Slugs of all rows of the list, in order (every row rendered first). */
export async function rowSlugs(page) {
  await showAll(page);
  return page.$$eval('.folio-item-title a', (as) => as.map((a) => decodeURIComponent(a.getAttribute('href')).replace(/^#\/a\//, '')));
}

/** Writes `count` articles with long facet tails: 60 authors, 150 tags, two-level categories,
 * one article a day from 2021 on (a deterministic mix); each body ends with a word no excerpt
 * holds (`editor`). */
export function writeArticles(dir, count) {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const day = new Date(Date.UTC(2021, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const tags = [`tag-${(i * 7) % 150}`, `tag-${(i * 13) % 150}`, ...(i % 3 === 0 ? ['common'] : [])];
    writeFileSync(
      join(dir, `a${String(i).padStart(4, '0')}.md`),
      `---\ntitle: Article ${i} about ${i % 2 ? 'rust' : '静态归档'}\nauthor: Author ${(i * i) % 60}\n` +
        `categories: [Group ${i % 4}, Feed ${i % 9}]\ntags: [${tags.join(', ')}]\ndate: ${day}\n---\n` +
        `Body of article ${i}. ${'The archive keeps every word. 归档保存每一个字。'.repeat(20)} Signed off by the night editor.\n`,
    );
  }
}

/**
 * Resolves with the URL a spawned `folio serve` prints once it serves; rejects if it exits
 * first, with what it wrote to stderr (`stderr()` gives it).
 */
export function servedUrl(server, stderr) {
  return new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const found = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (found) resolve(found[0]);
    });
    server.on('exit', (code) => reject(new Error(`folio serve exited with ${code}: ${stderr()}`)));
  });
}
