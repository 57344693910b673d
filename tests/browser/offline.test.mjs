// Offline reading (opt-in): after one visit, the app, the list and every article read open
// with the network gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle, DIST, scrollDown, start, writeArticles } from './harness.mjs';

test('an opted-in build opens offline after the first visit, with the articles read', async () => {
  const root = mkdtempSync(join(tmpdir(), 'folio-offline-'));
  for (const name of readdirSync(DIST)) if (name !== 'data') cpSync(join(DIST, name), join(root, name), { recursive: true });
  // The seeds and enough more articles for several packs, so that some are never fetched.
  const seeds = join(root, 'seeds');
  cpSync('seeds', seeds, { recursive: true });
  writeArticles(join(seeds, 'more'), 200);
  const run = spawnSync(process.env.FOLIO_BIN ?? 'target/bundler/folio', ['bundle', seeds, '--out', join(root, 'data')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const html = join(root, 'index.html');
  // What FOLIO_OFFLINE=1 makes the build hook add.
  writeFileSync(html, readFileSync(html, 'utf8').replace('<title>', '<meta name="folio-offline" content="on"><title>'));
  const index = bundle(root);
  const read = index.articles[2];
  const env = await start({ root });
  try {
    const page = await env.page();
    const fetched = new Set();
    page.on('request', (r) => {
      if (r.url().includes('/data/')) fetched.add(new URL(r.url()).pathname.replace(/^.*\/data\//, ''));
    });
    await page.goto(env.url);
    await page.waitForSelector('.folio-item');
    await page.evaluate(() => navigator.serviceWorker.ready);
    // The WASM's chunks are kept at install, before any article opened: an article first opened
    // offline still has its page's code.
    const chunks = readdirSync(root).filter((n) => /^chunk-.*\.wasm$/.test(n));
    assert.ok(chunks.length > 0, 'the build has chunks loaded on demand');
    const kept = await page.evaluate(async () => (await (await caches.open('folio-offline-v1')).keys()).map((r) => r.url));
    for (const chunk of chunks) assert.ok(kept.some((u) => u.endsWith(`/${chunk}`)), `${chunk} is kept at install`);
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.goto(`${env.url}#/a/${encodeURIComponent(read.slug)}`);
    await page.waitForSelector('.folio-body');
    await page.goto(`${env.url}#/?q=${encodeURIComponent('的')}`);
    await page.waitForSelector('.folio-results[data-search="done"]');
    const searched = await page.textContent('.folio-count');
    // A category's rows, from row pages across the archive, and among them an article whose
    // pack was never fetched (a pack holds its neighbours' bodies too).
    const category = `${env.url}#/?cat=${encodeURIComponent('Group 1')}`;
    await page.goto(category);
    await page.waitForSelector('.folio-item-title');
    await scrollDown(page);
    await page.waitForTimeout(300);
    const listed = await page.$$eval('.folio-item-title a', (as) => as.map((a) => a.textContent));
    const unread = index.articles.find((a) => listed.includes(a.title) && !fetched.has(a.pack));
    assert.ok(unread, 'a listed article whose pack was never fetched');

    await env.browser.setOffline(true);
    await page.goto(env.url);
    await page.reload();
    await page.waitForSelector('.folio-item');
    assert.equal(await page.textContent('.folio-count'), `${index.articles.length} articles`);
    await page.goto(`${env.url}#/a/${encodeURIComponent(read.slug)}`);
    await page.waitForSelector('.folio-body');
    assert.equal(await page.textContent('.folio-article-title'), read.title);
    // A search made online answers offline too (its index files were kept).
    await page.goto(`${env.url}#/?q=${encodeURIComponent('的')}`);
    await page.waitForSelector('.folio-results[data-search="done"]');
    assert.equal(await page.textContent('.folio-count'), searched);
    // An article never opened online, opened from the list: its title and meta are there (its
    // row was kept), its body is not: a clear message, not a blank page.
    await page.goto(category);
    await scrollDown(page);
    await page.click(`.folio-item-title a:text-is("${unread.title}")`);
    await page.waitForSelector('.folio-error[role=alert]');
    assert.equal(await page.textContent('.folio-article-title'), unread.title);
  } finally {
    await env.browser.setOffline(false);
    await env.close();
  }
});
