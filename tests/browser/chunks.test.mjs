// The WASM's chunks loaded on demand (src/web/on_demand.rs, scripts/split-wasm.mjs): the first
// list needs none, an article, a search and the reader of the files the first list does not read
// each fetch theirs once, and a chunk that fails to load says so with a retry that works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { bundle, DIST, rowSlugs as rows, scan, start } from './harness.mjs';

const index = bundle();
const chunkFiles = readdirSync(DIST).filter((n) => /^chunk-.*\.wasm$/.test(n));
let env;
before(async () => {
  env = await start();
});
after(() => env.close());

const chunksFetched = (page) => {
  const fetched = [];
  page.on('request', (r) => /\/chunk-[^/]+\.wasm$/.test(r.url()) && fetched.push(r.url().replace(/^.*\//, '')));
  return fetched;
};

test('the build has a chunk for the article page, the search, the file reader and the compact widget', () => {
  for (const feature of ['article', 'search', 'reader', 'compact']) {
    assert.ok(chunkFiles.some((n) => n.startsWith(`chunk-${feature}-`)), chunkFiles.join());
  }
});

test('the first list waits for no chunk (the article page and the file reader load after it); a search fetches its own, once', async () => {
  const page = await env.page();
  const fetched = chunksFetched(page);
  // When the first row is in the document, and when each chunk was asked for (page time).
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('.folio-item-title')) {
        window.firstRowAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(env.url);
  await page.waitForSelector('.folio-item-title a');
  await page.waitForSelector('.folio-results[aria-busy="false"]');
  await page.waitForFunction(() => ['article', 'reader'].every((c) => performance.getEntriesByType('resource').some((e) => e.name.includes(`/chunk-${c}-`))));
  const { firstRowAt, asked } = await page.evaluate(() => ({
    firstRowAt: window.firstRowAt,
    asked: performance.getEntriesByType('resource').filter((e) => /\/chunk-/.test(e.name)).map((e) => e.startTime),
  }));
  assert.ok(asked.every((t) => t > firstRowAt), `chunks asked for at ${asked}, the first row at ${firstRowAt}`);
  assert.ok(!fetched.some((f) => f.startsWith('chunk-search-')), fetched.join());
  for (const n of [0, 1]) {
    await page.locator('.folio-item-title a').nth(n).click();
    await page.waitForSelector('.folio-body');
    assert.equal(await page.textContent('.folio-article-title'), index.articles[n].title);
    await page.goBack();
    await page.waitForSelector('.folio-item-title a');
  }
  assert.equal(fetched.filter((f) => f.startsWith('chunk-article-')).length, 1);
  // The articles' bodies are read by the reader's chunk, loaded after the first screen, once.
  assert.equal(fetched.filter((f) => f.startsWith('chunk-reader-')).length, 1);
  assert.ok(!fetched.some((f) => f.startsWith('chunk-search-')));
  await page.fill('#folio-filter-input', '的');
  await page.waitForSelector('.folio-results[data-search="done"][data-q="的"]');
  assert.deepEqual((await rows(page)).sort(), scan('的').sort());
  assert.equal(fetched.filter((f) => f.startsWith('chunk-search-')).length, 1);
  // The compact widget's chunk is for embeds that show one (tests/browser/embed-api.test.mjs).
  assert.ok(!fetched.some((f) => f.startsWith('chunk-compact-')), fetched.join());
  assert.deepEqual(page.errors, []);
});

test('an article chunk that fails to load: a notice and a retry', async () => {
  const page = await env.page();
  let failing = true;
  await page.route('**/chunk-article-*.wasm', (route) => (failing ? route.fulfill({ status: 503, body: '' }) : route.continue()));
  const target = index.articles[3];
  await page.goto(`${env.url}#/a/${encodeURIComponent(target.slug)}`);
  await page.waitForSelector('.folio-error[role=alert] button');
  assert.match(await page.textContent('.folio-error'), /could not be loaded.*chunk/);
  failing = false;
  await page.click('.folio-error[role=alert] button');
  await page.waitForSelector('.folio-body');
  assert.equal(await page.textContent('.folio-article-title'), target.title);
  assert.equal(await page.locator('.folio-error').count(), 0);
});

test('a search chunk that fails to load: a notice and a retry', async () => {
  const page = await env.page();
  let failing = true;
  await page.route('**/chunk-search-*.wasm', (route) => (failing ? route.fulfill({ status: 503, body: '' }) : route.continue()));
  await page.goto(env.url);
  await page.waitForSelector('.folio-item');
  await page.fill('#folio-filter-input', '残疾人');
  await page.waitForSelector('.folio-error[role=alert] button');
  assert.match(await page.textContent('.folio-error'), /search engine/);
  failing = false;
  await page.click('.folio-error[role=alert] button');
  await page.waitForSelector('.folio-results[data-search="done"][data-q="残疾人"]');
  assert.equal(await page.locator('.folio-error').count(), 0);
  assert.deepEqual((await rows(page)).sort(), scan('残疾人').sort());
});

test('a reader chunk that fails to load: the article says so, and its retry works', async () => {
  const page = await env.page();
  let failing = true;
  await page.route('**/chunk-reader-*.wasm', (route) => (failing ? route.fulfill({ status: 503, body: '' }) : route.continue()));
  await page.goto(env.url);
  await page.waitForSelector('.folio-item-title a');
  await page.locator('.folio-item-title a').nth(2).click();
  await page.waitForSelector('.folio-error[role=alert] button');
  assert.match(await page.textContent('.folio-error'), /file reader.*chunk/);
  failing = false;
  await page.click('.folio-error[role=alert] button');
  await page.waitForSelector('.folio-body');
  assert.equal(await page.textContent('.folio-article-title'), index.articles[2].title);
  assert.equal(await page.locator('.folio-error').count(), 0);
});

test('the facet panel comes with the reader\'s chunk: its place until then; if the chunk fails, why, and a retry that works', async () => {
  const page = await env.page();
  let failing = true;
  let answered = 0;
  await page.route('**/chunk-reader-*.wasm', (route) => {
    answered += 1;
    return failing ? route.fulfill({ status: 503, body: '' }) : route.continue();
  });
  await page.goto(env.url);
  await page.waitForSelector('.folio-item-title a');
  await page.waitForSelector('.folio-error[role=alert] button');
  assert.ok(answered >= 1);
  assert.match(await page.textContent('.folio-error'), /facet panel.*chunk/);
  // The rows do not wait for the panel.
  assert.ok((await page.locator('.folio-item-title a').count()) > 0);
  assert.equal(await page.locator('#folio-facets .folio-chip').count(), 0);
  failing = false;
  await page.click('.folio-error[role=alert] button');
  await page.waitForSelector('#folio-facets .folio-chip');
  assert.equal(await page.locator('.folio-error').count(), 0);
  // A chip works: its view lists the articles of that value.
  const chips = await page.locator('#folio-facets .folio-chip').count();
  assert.ok(chips > 0);
  await page.locator('#folio-facets .folio-chip').first().click();
  await page.waitForSelector('#folio-facets .folio-chip[aria-pressed="true"]');
  // The failed chunk's compile errors are expected; nothing else.
  assert.deepEqual(page.errors.filter((e) => !/WebAssembly/.test(e)), []);
});

test('an address that names nothing shows the not-found page, from the article page\'s chunk', async () => {
  const page = await env.page();
  const fetched = chunksFetched(page);
  await page.goto(`${env.url}#/elsewhere`);
  await page.waitForSelector('.folio-not-found h1');
  assert.equal(fetched.filter((f) => f.startsWith('chunk-article-')).length, 1);
  await page.click('.folio-not-found a');
  await page.waitForSelector('.folio-item-title a');
  assert.deepEqual(page.errors, []);
});
