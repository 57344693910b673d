// The reading experience in Chromium: facets, sort, URL state, detail navigation, keyboard,
// themes, languages, accessibility (axe-core) and failure handling.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle, DIST, scan, scanTyped, start } from './harness.mjs';

let env;
const index = bundle();
const total = index.articles.length;
const byAuthor = (name) => index.articles.filter((a) => a.author === name);
const count = (page) => page.textContent('.folio-count');
const items = (page) => page.locator('.folio-item').count();
const hash = (page) => decodeURIComponent(new URL(page.url()).hash);
/** The list view's parameters in the page's address. */
const params = (page) => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');

before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/** Opens the list view `h` and waits until its rows answer it. */
async function list(page, h = '') {
  await page.goto(env.url + h);
  await page.waitForSelector('.folio-results[aria-busy="false"]');
  // The first rows: from the newest rows' page, after the entry (format 9).
  await page.waitForFunction(() => !document.querySelector('.folio-item-loading'));
}

/** Waits until the facet counts are those of the view (they come after its rows). */
const counted = (page) => page.waitForSelector('.folio-facets[aria-busy="false"]');

test('facets filter, combine, show live counts and clear', async () => {
  const page = await env.page();
  await list(page);
  const it = byAuthor('IT 之家');
  await page.click('.folio-facet-authors .folio-chip:has-text("IT 之家")');
  await page.waitForFunction((n) => document.querySelectorAll('.folio-item').length === n, it.length);
  assert.equal(params(page).get('author'), 'IT 之家');
  assert.equal(await count(page), `${it.length} of ${total} articles`);
  await counted(page);
  // The author facet keeps its own counts; the category facet now counts IT 之家 only.
  assert.equal(await page.textContent('.folio-facet-authors .folio-chip[aria-pressed=true] .folio-chip-count'), String(it.length));
  const newMedia = await page.textContent('.folio-facet-categories .folio-chip:has-text("新媒体") .folio-chip-count');
  assert.equal(Number(newMedia), it.length);

  // Category tree: choosing a node opens its children.
  await page.click('.folio-facet-categories .folio-chip:has-text("新媒体")');
  await page.waitForSelector('.folio-facet-categories .folio-tree .folio-tree .folio-chip:has-text("IT 之家")');
  // Year → month.
  await page.click('.folio-facet-dates .folio-chip:has-text("2022")');
  await page.waitForSelector('.folio-months .folio-chip');
  const expected = it.filter((a) => new Date(a.date * 1000).getFullYear() === 2022).length;
  assert.equal(await items(page), expected);
  assert.match(hash(page), /y=2022/);

  await page.click('.folio-clear');
  await page.waitForFunction((n) => document.querySelector('.folio-count').textContent === `${n} articles`, total);
  assert.equal(hash(page), '#/');
  assert.deepEqual(page.errors, []);
});

test('text terms are ANDed and combine with facets', async () => {
  const page = await env.page();
  await list(page);
  const hits = scan('rust 1');
  const tagged = hits.filter((slug) => index.articles.find((a) => a.slug === slug).tags.includes('rust'));
  assert.ok(hits.length > tagged.length && tagged.length > 0, `${hits.length} > ${tagged.length} > 0`);
  await page.fill('#folio-filter-input', 'rust 1');
  await page.waitForFunction((n) => document.querySelectorAll('.folio-item').length === n, hits.length);
  await page.click('.folio-facet-tags .folio-chip:has-text("#rust")');
  await page.waitForFunction((n) => document.querySelectorAll('.folio-item').length === n, tagged.length);
  assert.equal(await page.inputValue('#folio-filter-input'), 'rust 1');
});

test('sort toggle, and the URL reproduces a view; back and forward walk views', async () => {
  const page = await env.page();
  await list(page);
  await page.click('.folio-sort');
  await page.waitForFunction(() => location.hash.includes('sort=old'));
  const first = await page.textContent('.folio-item-title a');
  assert.equal(first, index.articles[total - 1].title);

  const view = `#/?q=${encodeURIComponent('IT')}&sort=old&author=${encodeURIComponent('IT 之家')}`;
  const fresh = await env.page();
  await list(fresh, view);
  const withIt = scanTyped('IT');
  const expected = byAuthor('IT 之家').filter((a) => withIt.includes(a.slug)).reverse().map((a) => a.title);
  assert.ok(expected.length >= 2);
  assert.deepEqual(await fresh.$$eval('.folio-item-title a', (as) => as.map((a) => a.textContent)), expected);
  assert.equal(await fresh.inputValue('#folio-filter-input'), 'IT');
  await fresh.reload();
  await fresh.waitForSelector('.folio-results[aria-busy="false"]');
  assert.deepEqual(await fresh.$$eval('.folio-item-title a', (as) => as.map((a) => a.textContent)), expected);

  await fresh.click('.folio-facet-dates .folio-chip >> nth=0');
  await fresh.waitForFunction(() => location.hash.includes('y='));
  await fresh.goBack();
  await fresh.waitForFunction(() => !location.hash.includes('y='));
  assert.deepEqual(await fresh.$$eval('.folio-item-title a', (as) => as.map((a) => a.textContent)), expected);
  await fresh.goForward();
  await fresh.waitForFunction(() => location.hash.includes('y='));
});

test('the article view: meta links, prev/next within the filtered list, focus, back to the same place', async () => {
  const page = await env.page();
  await page.setViewportSize({ width: 1200, height: 600 });
  const it = byAuthor('IT 之家');
  await list(page, `#/?author=${encodeURIComponent('IT 之家')}`);
  await page.click(`.folio-item-title a:text-is("${it[0].title}")`);
  await page.waitForSelector('.folio-body');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'folio-article-title');
  assert.equal(await page.textContent('.folio-next .folio-pager-title'), it[1].title);
  assert.equal(await page.locator('.folio-prev').count(), 0);
  await page.click('.folio-next');
  await page.waitForFunction((t) => document.querySelector('.folio-article-title')?.textContent === t, it[1].title);
  assert.equal(await page.textContent('.folio-prev .folio-pager-title'), it[0].title);

  // A category link leads to the list filtered by it.
  await page.click('.folio-article .folio-meta .folio-categories a');
  await page.waitForSelector('.folio-item');
  const path = it[1].categories[0];
  assert.equal(params(page).get('cat'), path.join('/'));
  const under = index.articles.filter((a) => a.categories.some((c) => path.every((name, i) => c[i] === name)));
  await page.waitForFunction((n) => document.querySelector('.folio-count')?.textContent.startsWith(`${n} of`), under.length);

  // Scroll down the full list, open an article, come back: same place.
  await list(page);
  await page.evaluate(() => window.scrollTo(0, 1500));
  await page.waitForTimeout(100);
  const y = await page.evaluate(() => window.scrollY);
  assert.ok(y > 1000, `scrolled to ${y}`);
  const link = page.locator('.folio-item-title a').nth(12);
  await link.click();
  await page.waitForSelector('.folio-body');
  await page.goBack();
  await page.waitForSelector('.folio-item');
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 5, y);
  assert.deepEqual(page.errors, []);
});

test('a tag on an article leads to the tagged list', async () => {
  const page = await env.page();
  const tagged = index.articles.find((a) => a.tags.length);
  await page.goto(`${env.url}#/a/${encodeURIComponent(tagged.slug)}`);
  await page.waitForSelector('.folio-tags a');
  await page.click('.folio-tags a >> nth=0');
  await page.waitForSelector('.folio-item');
  const tag = tagged.tags[0];
  assert.equal(await items(page), index.articles.filter((a) => a.tags?.includes(tag)).length);
});

test('keyboard: / j k Enter n p u ? Esc, and keys typed into the filter stay there', async () => {
  const page = await env.page();
  await list(page);
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'folio-filter-input');
  await page.keyboard.type('jk');
  assert.equal(await page.inputValue('#folio-filter-input'), 'jk');
  await page.fill('#folio-filter-input', '');
  await page.keyboard.press('Escape');
  assert.notEqual(await page.evaluate(() => document.activeElement.id), 'folio-filter-input');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await page.keyboard.press('j');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), index.articles[1].title);
  assert.equal(await page.locator('.folio-item-selected').count(), 1);
  await page.keyboard.press('Enter');
  await page.waitForFunction((t) => document.querySelector('.folio-article-title')?.textContent === t, index.articles[1].title);
  await page.keyboard.press('n');
  await page.waitForFunction((t) => document.querySelector('.folio-article-title')?.textContent === t, index.articles[2].title);
  await page.keyboard.press('p');
  await page.waitForFunction((t) => document.querySelector('.folio-article-title')?.textContent === t, index.articles[1].title);
  await page.keyboard.press('u');
  await page.waitForSelector('.folio-item');
  await page.keyboard.press('?');
  await page.waitForSelector('.folio-help[role=dialog]');
  await page.keyboard.press('Escape');
  await page.waitForSelector('.folio-help', { state: 'detached' });
  await page.keyboard.press('o');
  await page.waitForSelector('.folio-article-title');
  await page.keyboard.press('Escape');
  await page.waitForSelector('.folio-item');
  assert.deepEqual(page.errors, []);
});

test('dark mode follows the system and the toggle is remembered', async () => {
  const page = await env.page();
  await page.emulateMedia({ colorScheme: 'dark' });
  await list(page);
  const bg = () => page.evaluate(() => getComputedStyle(document.querySelector('.folio')).backgroundColor);
  assert.equal(await bg(), 'rgb(21, 23, 26)');
  await page.click('.folio-theme-toggle');
  assert.equal(await page.getAttribute('.folio', 'data-theme'), 'light');
  assert.equal(await bg(), 'rgb(253, 253, 252)');
  await page.reload();
  await page.waitForSelector('.folio-item');
  assert.equal(await page.getAttribute('.folio', 'data-theme'), 'light');
});

test('Chinese UI from the browser language, switchable, with localized dates', async () => {
  const zh = await start({ locale: 'zh-CN' });
  try {
    const page = await zh.page();
    await page.goto(zh.url);
    await page.waitForSelector('.folio-item');
    assert.equal(await page.textContent('.folio-count'), `共 ${total} 篇文章`);
    assert.equal(await page.getAttribute('#folio-filter-input', 'placeholder'), '搜索标题和正文…');
    assert.match(await page.textContent('.folio-item time'), /\d{4}年\d{1,2}月\d{1,2}日/);
    await page.click('.folio-tool[lang=en]');
    assert.equal(await page.textContent('.folio-count'), `${total} articles`);
    await page.reload();
    await page.waitForSelector('.folio-item');
    assert.equal(await page.textContent('.folio-count'), `${total} articles`);
  } finally {
    await zh.close();
  }
});

test('phones: nothing overflows at 360 px', async () => {
  const page = await env.page();
  await page.setViewportSize({ width: 360, height: 740 });
  await list(page);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360));
  const original = index.articles.find((a) => a.title.startsWith('共享芬芳'));
  await page.goto(`${env.url}#/a/${encodeURIComponent(original.slug)}`);
  await page.waitForSelector('.folio-body img');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360));
});

test('axe-core finds no violations on the list, an article, the no-results view and the help', async () => {
  const page = await env.page();
  const audit = async () => {
    await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  };
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await list(page);
    assert.deepEqual(await audit(), [], `list (${scheme})`);
    await page.goto(`${env.url}#/a/${encodeURIComponent(index.articles[0].slug)}`);
    await page.waitForSelector('.folio-body');
    assert.deepEqual(await audit(), [], `article (${scheme})`);
    await list(page, '#/?q=zzzz-nothing');
    await page.waitForSelector('.folio-empty');
    assert.deepEqual(await audit(), [], `no results (${scheme})`);
  }
  await page.keyboard.press('?');
  await page.waitForSelector('.folio-help');
  assert.deepEqual(await audit(), [], 'help');
});

test('a missing or corrupt index shows a message and a working retry', async () => {
  const root = mkdtempSync(join(tmpdir(), 'folio-broken-'));
  for (const name of readdirSync(DIST)) if (name !== 'data') cpSync(join(DIST, name), join(root, name), { recursive: true });
  const broken = await start({ root });
  try {
    const page = await broken.page();
    await page.goto(broken.url);
    await page.waitForSelector('.folio-error[role=alert]');
    assert.match(await page.textContent('.folio-error'), /index could not be loaded.*HTTP 404/s);
    cpSync(join(DIST, 'data'), join(root, 'data'), { recursive: true });
    writeFileSync(join(root, 'data', 'index.json'), '{"version": 1, "articles": [');
    await page.click('.folio-error button');
    await page.waitForFunction(() => /not a valid bundle file: it is not valid JSON \(SyntaxError/.test(document.querySelector('.folio-error')?.textContent ?? ''));
    cpSync(join(DIST, 'data', 'index.json'), join(root, 'data', 'index.json'));
    await page.click('.folio-error button');
    await page.waitForSelector('.folio-item');
    assert.equal(await page.textContent('.folio-count'), `${total} articles`);
  } finally {
    await broken.close();
  }
});

test('a body that fails to load shows a message and a retry that works', async () => {
  const page = await env.page();
  let fail = true;
  await page.route('**/data/b/**', (route) => (fail ? route.fulfill({ status: 500, body: 'boom' }) : route.continue()));
  await page.goto(`${env.url}#/a/${encodeURIComponent(index.articles[0].slug)}`);
  await page.waitForSelector('.folio-error[role=alert]');
  assert.equal(await page.textContent('.folio-article-title'), index.articles[0].title);
  fail = false;
  await page.click('.folio-error button');
  await page.waitForSelector('.folio-body');
});

test('broken thumbnails fall back to the placeholder without breaking the layout', async () => {
  const page = await env.page();
  await list(page);
  // The rows on screen (below the fold, lazy images have not been asked for yet).
  await page.waitForFunction(() => [...document.querySelectorAll('.folio-item:nth-child(-n+4) .folio-thumb img')].every((i) => i.complete));
  const boxes = await page.$$eval('.folio-thumb', (ts) => ts.map((t) => [t.getBoundingClientRect().width, t.getBoundingClientRect().height]));
  for (const [w, h] of boxes) assert.ok(w > 40 && h > 40, `${w}x${h}`);
  const visibleBroken = await page.$$eval('.folio-item:nth-child(-n+4) .folio-thumb img', (imgs) =>
    imgs.filter((i) => i.complete && i.naturalWidth === 0 && i.offsetParent !== null).length,
  );
  assert.ok((await page.locator('.folio-item:nth-child(-n+4) .folio-thumb img').count()) >= 2);
  assert.equal(visibleBroken, 0);
});
