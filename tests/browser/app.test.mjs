// The built app in headless Chromium: list, detail, filter, back, deep links.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { bundle, countArticles, keyBlockRequests, scan, showAll, start } from './harness.mjs';

let env;
const index = bundle();
const titleOf = (word) => {
  // The article whose body holds `word`, found by reading the packs the app will fetch.
  const hit = index.articles.filter((a) => a.body().includes(word));
  assert.equal(hit.length, 1, `exactly one article mentions ${word}`);
  return hit[0];
};

before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

async function openList(page, hash = '') {
  await page.goto(env.url + hash);
  await page.waitForSelector('.folio-item');
}

test('the list shows every seed article, newest first', async () => {
  const page = await env.page();
  await openList(page);
  const seeds = countArticles('seeds');
  assert.equal(index.articles.length, seeds);
  // Rows render incrementally: the first screenful at once, the rest as the reader scrolls.
  assert.ok((await page.locator('.folio-item').count()) < seeds);
  assert.equal(await showAll(page), seeds);
  const titles = await page.$$eval('.folio-item-title a', (as) => as.map((a) => a.textContent));
  assert.deepEqual(titles, index.articles.map((a) => a.title));
  assert.equal(await page.textContent('.folio-count'), `${seeds} articles`);
  const original = '共享芬芳、共铸美好，快手与中国残疾人事业新闻宣传促进会启动公益合作';
  assert.ok(titles.includes(original));
  assert.deepEqual(page.errors, []);
});

test('clicking an article opens it with its body; back returns to the list', async () => {
  const page = await env.page();
  await openList(page);
  await showAll(page);
  const target = titleOf('nautilus');
  await page.click(`.folio-item-title a:text-is("${target.title}")`);
  await page.waitForSelector('.folio-body');
  assert.equal(await page.textContent('.folio-article-title'), target.title);
  assert.match(await page.textContent('.folio-body'), /nautilus/);
  assert.equal(decodeURIComponent(new URL(page.url()).hash), `#/a/${target.slug}`);
  await page.goBack();
  await page.waitForSelector('.folio-item');
  assert.equal(await showAll(page), index.articles.length);
  assert.deepEqual(page.errors, []);
});

test('typing in the filter narrows the list and keeps it in the URL', async () => {
  const page = await env.page();
  await openList(page);
  await page.fill('#folio-filter-input', '中国');
  const expected = scan('中国').length;
  assert.ok(expected >= 2 && expected < index.articles.length);
  await page.waitForFunction((n) => document.querySelectorAll('.folio-item').length === n, expected);
  assert.equal(await page.textContent('.folio-count'), `${expected} of ${index.articles.length} articles`);

  await page.fill('#folio-filter-input', 'Rust release');
  await page.fill('#folio-filter-input', 'zzzz-no-such-thing');
  await page.waitForSelector('.folio-empty');
  assert.equal(await page.locator('.folio-item').count(), 0);

  await page.fill('#folio-filter-input', '快手');
  await page.waitForFunction(() => document.querySelectorAll('.folio-item').length === 1);
  // The URL follows once typing pauses.
  await page.waitForFunction(() => decodeURIComponent(location.href).includes('q=快手'));

  // The filtered view survives opening an article and coming back.
  await page.click('.folio-item-title a');
  await page.waitForSelector('.folio-article-title');
  await page.goBack();
  await page.waitForSelector('.folio-item');
  assert.equal(await page.locator('.folio-item').count(), 1);
  assert.equal(await page.inputValue('#folio-filter-input'), '快手');
  assert.deepEqual(page.errors, []);
});

test("an article's URL loaded directly shows the article", async () => {
  const page = await env.page();
  const target = titleOf('whippoorwill');
  await page.goto(`${env.url}#/a/${encodeURIComponent(target.slug)}`);
  await page.waitForSelector('.folio-body');
  assert.equal(await page.textContent('.folio-article-title'), target.title);
  assert.match(await page.textContent('.folio-body'), /whippoorwill/);
  await page.reload();
  await page.waitForSelector('.folio-body');
  assert.equal(await page.textContent('.folio-article-title'), target.title);
  assert.deepEqual(page.errors, []);
});

test('an unknown slug shows a not-found view', async () => {
  const page = await env.page();
  await page.goto(`${env.url}#/a/no-such-article`);
  await page.waitForSelector('.folio-not-found');
  assert.match(await page.textContent('.folio-not-found'), /no-such-article/);
});

test('images from articles keep referrerpolicy=no-referrer and lazy loading', async () => {
  const page = await env.page();
  const original = index.articles.find((a) => a.title.startsWith('共享芬芳'));
  await page.goto(`${env.url}#/a/${encodeURIComponent(original.slug)}`);
  await page.waitForSelector('.folio-body img');
  const attrs = await page.$$eval('.folio-body img', (imgs) =>
    imgs.map((i) => [i.getAttribute('referrerpolicy'), i.getAttribute('loading')]),
  );
  assert.ok(attrs.length >= 3);
  for (const [policy, loading] of attrs) {
    assert.equal(policy, 'no-referrer');
    assert.equal(loading, 'lazy');
  }
});

test('the first screen comes first: the entry is asked for before the WASM is there, and the rows stay put as the rest comes', async () => {
  const page = await env.page();
  const asked = [];
  page.on('request', (r) => asked.push(['asked', new URL(r.url()).pathname]));
  page.on('requestfinished', (r) => asked.push(['came', new URL(r.url()).pathname]));
  // What the page holds when its first row is in the document, before the next task runs.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const first = document.querySelector('.folio-item');
      if (!first) return;
      observer.disconnect();
      window.firstScreen = {
        rows: document.querySelectorAll('.folio-item').length,
        chips: document.querySelectorAll('.folio-facets .folio-chip').length,
        bars: document.querySelectorAll('.folio-timeline .folio-bar').length,
        top: first.getBoundingClientRect().top,
        titled: first.querySelector('.folio-item-title') !== null,
      };
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(env.url);
  await page.waitForSelector('.folio-facet-authors .folio-chip');
  await page.waitForSelector('.folio-timeline .folio-bar');
  const first = await page.evaluate(() => window.firstScreen);
  // 900 px of window over the lowest row (80 px): at most 12 rows, then the page's 20.
  assert.ok(first.rows >= 1 && first.rows <= 12, `${first.rows} rows at first`);
  // The newest rows' page came with the entry: the first rows have their titles, not placeholders.
  assert.ok(first.titled, 'the first row has its title in the first render');
  assert.equal(await page.locator('.folio-item').count(), 20);
  assert.equal(first.chips, 0);
  assert.equal(first.bars, 0);
  assert.equal(await page.$eval('.folio-item', (e) => e.getBoundingClientRect().top), first.top);
  // The entry is fetched once, by the page's preload, which the app's own fetch takes.
  const entry = asked.filter(([, path]) => path.endsWith('/data/index.json'));
  assert.deepEqual(entry.map(([what]) => what), ['asked', 'came']);
  const entryAsked = asked.findIndex(([what, path]) => what === 'asked' && path.endsWith('/data/index.json'));
  const wasmCame = asked.findIndex(([what, path]) => what === 'came' && path.endsWith('.wasm'));
  assert.ok(entryAsked >= 0 && entryAsked < wasmCame, 'the entry is asked for before the WASM has come');
  // The newest rows' page is asked for once, by the page's first script as soon as the entry
  // is read, and the app takes that response (and the entry's) instead of asking again.
  const newest = `/data/r/${index.entry.newest.slice(0, 2)}/${index.entry.newest}.json`;
  assert.deepEqual(asked.filter(([, path]) => path.endsWith(newest)).map(([what]) => what), ['asked', 'came']);
  assert.equal(await page.evaluate(() => window.folioFirst.size), 0, 'the app took every early response');
  assert.deepEqual(page.errors, []);
});

test("a plain search's key blocks are asked for by the first script with the root, exactly those the app reads", async () => {
  const fetches = async (hash) => {
    const found = await keyBlockRequests(env, hash);
    assert.deepEqual(found.errors, []);
    return found;
  };
  // A word (the last one read as a prefix), two words, upper case and digits, a Han pair, a
  // run of three, a lone Han character, a word and a Han term.
  for (const q of ['rust', 'Rust web', 'WASM 2022', '残疾', '残疾人', '人', '快手 rust', 'rust ']) {
    const { keys, left } = await fetches('#/?q=' + encodeURIComponent(q));
    const by = (who) => keys.filter(([w]) => w === who).map(([, url]) => url);
    assert.ok(by('first').length > 0, `${q}: the first script asked for key blocks`);
    assert.deepEqual(by('app'), [], `${q}: the app asked for no key block the first script had not`);
    assert.equal(new Set(by('first')).size, by('first').length, `${q}: each key block asked for once`);
    assert.deepEqual(left, [], `${q}: the app took every key block the first script asked for`);
  }
  // Anything else (a field, an exclusion, a phrase, another script, a filter) is left to the app.
  for (const hash of ['#/?q=title%3Arust', '#/?q=-rust%20web', '#/?q=%22web%20rust%22', '#/?q=caf%C3%A9', '#/?q=rust&tag=Rust']) {
    const { keys, left } = await fetches(hash);
    assert.deepEqual(keys.filter(([w]) => w === 'first'), [], `${hash}: the first script asked for no key block`);
    assert.deepEqual(left, [], `${hash}: the app took every early response`);
  }
});

test('a search view: its first files are asked for before the app starts, and once', async () => {
  const page = await env.page();
  const asked = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  await page.goto(env.url + '#/?q=' + encodeURIComponent('残疾人'));
  await page.waitForSelector('.folio-results[data-search="done"] .folio-item-title');
  const { search, directory } = index.entry;
  for (const path of [`s/${search.slice(0, 2)}/${search}.json`, `d/${directory.slice(0, 2)}/${directory}.bin`]) {
    assert.equal(asked.filter((p) => p.endsWith('/data/' + path)).length, 1, `${path} asked for once`);
  }
  // The WASM's chunks a search runs, preloaded by the page for this address: each fetched once
  // (the app's own fetch takes the preload).
  for (const chunk of ['search', 'reader']) {
    assert.equal(asked.filter((p) => new RegExp(`/chunk-${chunk}-[0-9a-f]+\\.wasm$`).test(p)).length, 1, `the ${chunk} chunk fetched once`);
  }
  // The newest rows' page only if the app wants it (here it holds every row), and then once.
  assert.ok(asked.filter((p) => p.includes(index.entry.newest)).length <= 1);
  assert.equal(await page.evaluate(() => window.folioFirst.size), 0, 'the app took every early response');
  assert.deepEqual(page.errors, []);
});
