// Shared set-up for the browser tests: serve dist/ on 127.0.0.1 and drive the system Chromium
// (Debian's /usr/bin/chromium) with playwright-core, which never downloads a browser.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
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

/** The bundle the app is showing, read from disk as the ground truth. */
export function bundle(root = DIST) {
  return JSON.parse(readFileSync(join(root, 'data', 'index.json'), 'utf8'));
}

/** Slugs of the articles of the bundle in `data` whose title and text contain every term of
 * `query`: the bundler's plain scan (`folio search --scan`), the ground truth for search. */
export function scan(query, data = join(DIST, 'data')) {
  const folio = process.env.FOLIO_BIN ?? 'target/bundler/folio';
  const r = spawnSync(folio, ['search', '--scan', data, ...query.split(' ')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.split('\n').filter(Boolean);
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

/** Renders every row of the list: scrolls to the end until no more rows come (rows render 20
 * at a time), then returns how many there are. */
export async function showAll(page) {
  for (;;) {
    const before = await page.locator('.folio-item').count();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForTimeout(100);
    if ((await page.locator('.folio-more').count()) === 0 && (await page.locator('.folio-item').count()) === before) return before;
    if ((await page.locator('.folio-item').count()) === before) await page.click('.folio-more');
  }
}
