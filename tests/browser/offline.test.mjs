// Offline reading (opt-in): after one visit, the app, the list and every article read open
// with the network gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle, DIST, start } from './harness.mjs';

test('an opted-in build opens offline after the first visit, with the articles read', async () => {
  const root = mkdtempSync(join(tmpdir(), 'folio-offline-'));
  cpSync(DIST, root, { recursive: true });
  const html = join(root, 'index.html');
  // What FOLIO_OFFLINE=1 makes the build hook add.
  writeFileSync(html, readFileSync(html, 'utf8').replace('<title>', '<meta name="folio-offline" content="on"><title>'));
  const index = bundle();
  const [read, unread] = [index.articles[2], index.articles[7]];
  const env = await start({ root });
  try {
    const page = await env.page();
    await page.goto(env.url);
    await page.waitForSelector('.folio-item');
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.goto(`${env.url}#/a/${encodeURIComponent(read.slug)}`);
    await page.waitForSelector('.folio-body');
    await page.goto(`${env.url}#/?q=${encodeURIComponent('的')}`);
    await page.waitForSelector('.folio-results[data-search="done"]');
    const searched = await page.textContent('.folio-count');

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
    // An article never opened online is not there: a clear message, not a blank page.
    await page.goto(`${env.url}#/a/${encodeURIComponent(unread.slug)}`);
    await page.waitForSelector('.folio-error[role=alert]');
    assert.equal(await page.textContent('.folio-article-title'), unread.title);
  } finally {
    await env.browser.setOffline(false);
    await env.close();
  }
});
