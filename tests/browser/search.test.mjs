// Full-text search in the built app: lazy loading, exact results (checked against the
// bundler's plain scan of every article's text), phrases and exclusions, facets, ranking,
// snippets and marks, and typing while index files are still on their way.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle, DIST, rowSlugs as rows, scan, scanTyped, searchFor as search, start } from './harness.mjs';

const DATA = join(DIST, 'data');
const index = bundle();
let env;

before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/** Opens the list, recording every request for a search index file. */
async function open(hash = '') {
  const page = await env.page();
  page.searchFiles = [];
  page.on('request', (r) => {
    if (r.url().includes('/data/s/')) page.searchFiles.push(new URL(r.url()).pathname);
  });
  await page.goto(env.url + hash);
  await page.waitForSelector('.folio-item');
  return page;
}

test('nothing of the search index loads before the first search', async () => {
  const page = await open();
  await page.waitForTimeout(300);
  assert.deepEqual(page.searchFiles, []);
  await search(page, '残疾人');
  assert.ok(page.searchFiles.length >= 3, 'the root, a key block and a shard');
  assert.ok(page.searchFiles.some((p) => p.endsWith('.json')), 'the root');
  // Only the shards the query's tokens live in, not the whole index.
  const all = readdirSync(join(DATA, 's'), { recursive: true }).filter((p) => p.endsWith('.bin'));
  const shards = page.searchFiles.filter((p) => p.endsWith('.bin'));
  assert.ok(shards.length < all.length, `${shards.length} of ${all.length} shards`);
  // A second search over the same tokens fetches nothing more.
  const before = page.searchFiles.length;
  await search(page, '残疾');
  await search(page, '残疾人');
  assert.equal(page.searchFiles.length, before);
  assert.deepEqual(page.errors, []);
});

test('results are exactly the articles that contain every term, Chinese as substrings', async () => {
  const page = await open();
  for (const query of ['残疾人', '人', '公益合作', 'rust', 'Rust wasm', '的 the', '事业 rust', 'rust ', 'wasm rus']) {
    await search(page, query);
    const expected = scanTyped(query);
    const found = await rows(page);
    assert.deepEqual([...found].sort(), [...expected].sort(), query);
    const count = await page.textContent('.folio-count');
    assert.ok(count.startsWith(`${expected.length} of `) || (expected.length === 0 && /^0 /.test(count)), `${query}: ${count}`);
  }
  assert.deepEqual(page.errors, []);
});

test('the word being typed finds longer words, and is marked whole', async () => {
  const page = await open();
  await search(page, 'webassem');
  const typed = scan('webassem*');
  assert.ok(typed.length > 0 && scan('webassem').length === 0, 'only longer words start so');
  assert.deepEqual((await rows(page)).sort(), typed.sort());
  await page.locator('.folio-excerpt mark').first().waitFor();
  const marks = await page.locator('.folio-item mark').allTextContents();
  assert.ok(marks.every((m) => /^webassem\w+$/i.test(m)), marks.join());
  // A space ends the word: whole words only.
  await search(page, 'webassem ');
  assert.equal(await page.locator('.folio-item').count(), 0);
  // `*` asks for the same on purpose.
  await search(page, 'webassem* ');
  assert.deepEqual((await rows(page)).sort(), typed.sort());
  assert.deepEqual(page.errors, []);
});

test('an input method: nothing is searched while it composes, its text when it ends', async () => {
  const page = await open();
  const compose = (value, end) =>
    page.evaluate(([value, end]) => {
      const input = document.querySelector('#folio-filter-input');
      input.focus();
      if (!end) input.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true }));
      input.value = value;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, isComposing: true, data: value }));
      if (end) input.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: value }));
    }, [value, end]);
  await compose('canjiren', false);
  await page.waitForTimeout(500);
  assert.deepEqual(page.searchFiles, [], 'the pinyin letters are not searched');
  assert.equal(await page.getAttribute('.folio-results', 'data-search'), null);
  await compose('残疾人', true);
  await page.waitForSelector('.folio-results[data-search="done"][data-q="残疾人"]');
  assert.deepEqual((await rows(page)).sort(), scan('残疾人').sort());
  assert.deepEqual(page.errors, []);
});

test('phrases and exclusions', async () => {
  const page = await open();
  const rust = scan('rust');
  const both = scan('rust wasm');
  await search(page, 'rust -wasm');
  assert.deepEqual((await rows(page)).sort(), rust.filter((s) => !both.includes(s)).sort());
  await search(page, '"hello world"');
  const phrase = await rows(page);
  assert.ok(phrase.every((s) => scan('hello world').includes(s)));
  await search(page, '-的');
  assert.equal((await rows(page)).length, index.articles.length - scan('的').length);
  assert.deepEqual(page.errors, []);
});

test('search combines with facets, and the count and facet numbers follow', async () => {
  const page = await open();
  await search(page, '的');
  const all = scan('的');
  // Pick the first author facet value and check the list is the intersection.
  const button = page.locator('.folio-facet-authors button').first();
  const label = await button.textContent();
  await button.click();
  await page.waitForSelector('.folio-results[data-search="done"]');
  const name = label.replace(/\s*[\d,]+$/, '').trim();
  assert.ok(index.articles.some((a) => a.author === name), `author ${name}`);
  const expected = index.articles.filter((a) => a.author === name && all.includes(a.slug)).map((a) => a.slug);
  assert.deepEqual((await rows(page)).sort(), expected.sort());
  assert.match(label, new RegExp(`${expected.length}$`));
  assert.match(decodeURIComponent(page.url()), /q=的/);
  assert.deepEqual(page.errors, []);
});

test('best match first: title matches above body matches; the sort button cycles', async () => {
  const page = await open();
  await search(page, 'rust');
  const found = await rows(page);
  const inTitle = (slug) => /rust/i.test(index.articles.find((a) => a.slug === slug).title);
  const firstBodyOnly = found.findIndex((s) => !inTitle(s));
  assert.ok(firstBodyOnly > 0, 'some titles match');
  assert.ok(found.slice(firstBodyOnly).every((s) => !inTitle(s)), 'no title match after a body-only match');
  assert.equal(await page.textContent('.folio-sort'), 'Best match first');
  await page.click('.folio-sort');
  await page.waitForSelector('.folio-results[data-search="done"]');
  assert.equal(await page.textContent('.folio-sort'), 'Newest first');
  const order = index.articles.map((a) => a.slug);
  const newest = await rows(page);
  assert.deepEqual(newest, [...found].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
  await page.click('.folio-sort');
  await page.waitForSelector('.folio-results[data-search="done"]');
  assert.deepEqual(await rows(page), [...newest].reverse());
  assert.deepEqual(page.errors, []);
});

test('results show a snippet around the match, marked, and the article marks it too', async () => {
  const page = await open();
  await search(page, '残疾人');
  const item = page.locator('.folio-item').first();
  await item.locator('.folio-excerpt mark').first().waitFor();
  const marks = await item.locator('.folio-excerpt mark').allTextContents();
  assert.ok(marks.length > 0 && marks.every((m) => m === '残疾人'), marks.join());
  assert.deepEqual(await item.locator('.folio-item-title mark').allTextContents(), ['残疾人']);
  // Marked text is text: the snippet holds no markup of the article's.
  assert.equal(await item.locator('.folio-excerpt *:not(mark)').count(), 0);
  await item.locator('.folio-item-title a').click();
  await page.waitForSelector('.folio-body mark');
  const inBody = await page.locator('.folio-body mark').allTextContents();
  assert.ok(inBody.length >= 3 && inBody.every((m) => m === '残疾人'), inBody.join());
  assert.deepEqual(page.errors, []);
});

test('typing stays responsive while index files are slow to arrive', async () => {
  const page = await env.page();
  let delayed = 0;
  await page.route('**/data/s/**', async (route) => {
    delayed += 1;
    await new Promise((r) => setTimeout(r, 700));
    await route.continue();
  });
  await page.goto(env.url);
  await page.waitForSelector('.folio-item');
  const input = page.locator('#folio-filter-input');
  await input.pressSequentially('rust', { delay: 20 });
  // Keystrokes land at once; the list says it is searching and keeps the old rows meanwhile.
  assert.equal(await input.inputValue(), 'rust');
  assert.equal(await page.getAttribute('.folio-results', 'data-search'), 'loading');
  assert.equal(await page.textContent('.folio-count'), 'Searching…');
  assert.ok((await page.locator('.folio-item').count()) > 0);
  await input.pressSequentially(' wasm', { delay: 20 });
  await page.waitForSelector('.folio-results[data-search="done"][data-q="rust wasm"]', { timeout: 10_000 });
  assert.deepEqual((await rows(page)).sort(), scanTyped('rust wasm').sort());
  assert.ok(delayed >= 2);
  assert.deepEqual(page.errors, []);
});

test('an index file that fails to load: a notice and a retry', async () => {
  const page = await env.page();
  let failing = true;
  await page.route('**/data/s/**/*.bin', (route) => (failing ? route.fulfill({ status: 503, body: '' }) : route.continue()));
  await page.goto(env.url);
  await page.waitForSelector('.folio-item');
  await page.fill('#folio-filter-input', '残疾人');
  await page.waitForSelector('.folio-error[role=alert] button');
  assert.match(await page.textContent('.folio-error'), /Full-text search is unavailable.*HTTP 503/);
  failing = false;
  await page.click('.folio-error[role=alert] button');
  await page.waitForSelector('.folio-results[data-search="done"][data-q="残疾人"]');
  assert.equal(await page.locator('.folio-error').count(), 0);
  assert.deepEqual((await rows(page)).sort(), scan('残疾人').sort());
});

test('a bundle made with --no-search: the box filters titles, excerpts, authors and tags', async () => {
  const root = mkdtempSync(join(tmpdir(), 'folio-nosearch-'));
  for (const name of readdirSync(DIST)) if (name !== 'data') cpSync(join(DIST, name), join(root, name), { recursive: true });
  const run = spawnSync(process.env.FOLIO_BIN ?? 'target/bundler/folio', ['bundle', 'seeds', '--out', join(root, 'data'), '--no-search'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const plain = await start({ root });
  try {
    const page = await plain.page();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(plain.url);
    await page.waitForSelector('.folio-item');
    await page.fill('#folio-filter-input', 'IT 之家');
    // The list text: title, excerpt, author, category and tag names.
    const text = (a) => [a.title, a.excerpt, a.author ?? '', ...a.categories.flat(), ...a.tags].join('\n').toLowerCase();
    const expected = index.articles.filter((a) => ['it', '之家'].every((w) => text(a).includes(w))).length;
    assert.ok(expected > 1 && expected < index.articles.length);
    await page.waitForFunction((n) => document.querySelectorAll('.folio-item').length === n, expected);
    assert.equal(await page.getAttribute('.folio-results', 'data-search'), null);
    assert.equal(await page.locator('.folio-error').count(), 0);
    assert.ok(!requests.some((u) => u.includes('/data/s/')));
    assert.deepEqual(page.errors, []);
  } finally {
    await plain.close();
  }
});
