// A Hexo site in the browser: pages have a facet of their own (exact counts with search and the
// other facets, in the address by name), pinned posts come first in the default list with a
// pin, and the site's `language` is the UI's for a reader who chose none.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle, DIST, showAll, start } from './harness.mjs';

const FOLIO = process.env.FOLIO_BIN ?? 'target/bundler/folio';
const POSTS = 90;
const PAGES = 7;

/** A Hexo site: 90 posts (tags `even`/`odd`, three pinned among the old ones, the word `guide`
 * in every fifth) and 7 pages under `docs/` (the word `guide` in every page, tag-less). */
function writeSite(dir) {
  writeFileSync(join(dir, '_config.yml'), 'title: 小站\nlanguage:\n  - zh-CN\n  - en\ntimezone: Asia/Shanghai\n');
  const posts = join(dir, 'source', '_posts');
  mkdirSync(posts, { recursive: true });
  const pins = { 3: 'top: true', 10: 'sticky: 5', 20: 'top: 1' };
  for (let i = 0; i < POSTS; i++) {
    const day = new Date(Date.UTC(2023, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    writeFileSync(
      join(posts, `p${String(i).padStart(3, '0')}.md`),
      `---\ntitle: Post ${i}\ndate: ${day}\ntags: [${i % 2 ? 'odd' : 'even'}]\n${pins[i] ?? ''}\n---\n` +
        `Body of post ${i}${i % 5 === 0 ? ', a guide' : ''}.\n`,
    );
  }
  const docs = join(dir, 'source', 'docs');
  mkdirSync(docs, { recursive: true });
  for (let i = 0; i < PAGES; i++) {
    writeFileSync(join(docs, `d${i}.md`), `---\ntitle: Doc ${i}\n${i === 0 ? 'lang: en\n' : ''}---\nThe guide, part ${i}.\n`);
  }
}

let env;
let index;
let root;
before(async () => {
  root = mkdtempSync(join(tmpdir(), 'folio-hexo-'));
  for (const entry of readdirSync(DIST)) if (entry !== 'data') cpSync(join(DIST, entry), join(root, entry), { recursive: true });
  const site = join(root, 'site');
  mkdirSync(site);
  writeSite(site);
  const run = spawnSync(FOLIO, ['bundle', site, '--out', join(root, 'data')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  index = bundle(root);
  env = await start({ root, locale: 'en-US' });
});
after(async () => {
  await env?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

const titles = (page) => page.$$eval('.folio-item-title a', (as) => as.map((a) => a.textContent));
const chips = (page, facet) =>
  page.$$eval(`.folio-facet-${facet} .folio-chip`, (cs) =>
    cs.map((c) => [c.querySelector('.folio-chip-label').textContent, Number(c.querySelector('.folio-chip-count').textContent.replace(/,/g, '')), c.getAttribute('aria-pressed')]),
  );
const isPage = (a) => a.page === true;

test("the site's language is the UI's for a reader who chose none, and the reader's choice wins", async () => {
  assert.equal(index.entry.lang, 'zh-CN');
  const page = await env.page();
  await page.goto(env.url);
  await page.waitForSelector('.folio-item');
  // The browser says en-US; the bundle says zh-CN.
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.equal(await page.textContent('.folio-facet-kinds h2'), '类型');
  // An article in the site's language, and one that names its own.
  const doc = index.articles.find((a) => a.title === 'Doc 0');
  await page.goto(`${env.url}#/a/${doc.slug}`);
  await page.waitForSelector('.folio-body');
  assert.equal(await page.getAttribute('article.folio-article', 'lang'), 'en');
  const post = index.articles.find((a) => a.title === 'Post 1');
  await page.goto(`${env.url}#/a/${post.slug}`);
  await page.waitForSelector('.folio-body');
  assert.equal(await page.getAttribute('article.folio-article', 'lang'), 'zh-CN');

  const reader = await env.page();
  await reader.goto(env.url);
  await reader.evaluate(() => localStorage.setItem('folio-lang', 'en'));
  await reader.reload();
  await reader.waitForSelector('.folio-item');
  await reader.waitForTimeout(300);
  assert.equal(await reader.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await reader.textContent('.folio-facet-kinds h2'), 'Type');
  // The browser's storage is shared by the tests of this file: the next ones have no choice.
  await reader.evaluate(() => localStorage.removeItem('folio-lang'));
  assert.deepEqual([...page.errors, ...reader.errors], []);
});

test('pages have a facet: exact counts, a filter in the address by name, with search and tags', async () => {
  const page = await env.page();
  await page.goto(env.url);
  await page.waitForSelector('.folio-facet-kinds .folio-chip');
  assert.deepEqual(await chips(page, 'kinds'), [
    ['文章', POSTS, 'false'],
    ['页面', PAGES, 'false'],
  ]);
  await page.click('.folio-facet-kinds .folio-chip >> text=页面');
  await page.waitForFunction(() => location.hash.includes('kind=page'));
  const pages = index.articles.filter(isPage);
  await page.waitForFunction((text) => document.querySelector('.folio-count')?.textContent === text, `${POSTS + PAGES} 篇中的 ${pages.length} 篇`);
  await showAll(page);
  assert.deepEqual(await titles(page), pages.map((a) => a.title));
  await page.waitForSelector('.folio-facets[aria-busy="false"]');
  assert.deepEqual(await chips(page, 'kinds'), [
    ['文章', POSTS, 'false'],
    ['页面', PAGES, 'true'],
  ]);
  // No page has a tag: under the pages filter, the tags count nothing.
  assert.deepEqual(await chips(page, 'tags'), []);

  // Posts, by address, with a search and a tag: counts are exact against the bundle.
  const view = await env.page();
  await view.goto(`${env.url}#/?q=guide&kind=post&tag=even`);
  const hits = index.articles.filter((a) => !isPage(a) && a.tags.includes('even') && a.body().includes('guide'));
  await view.waitForSelector('.folio-results[data-search="done"]');
  await view.waitForFunction((n) => document.querySelectorAll('.folio-item-title a').length === n, hits.length);
  assert.deepEqual([...(await titles(view))].sort(), hits.map((a) => a.title).sort());
  await view.waitForSelector('.folio-facets[aria-busy="false"]');
  const guide = index.articles.filter((a) => a.tags.includes('even') && a.body().includes('guide'));
  assert.deepEqual(await chips(view, 'kinds'), [
    ['文章', guide.filter((a) => !isPage(a)).length, 'true'],
    ['页面', guide.filter(isPage).length, 'false'],
  ]);
  const withGuide = index.articles.filter((a) => !isPage(a) && a.body().includes('guide'));
  const tags = Object.fromEntries((await chips(view, 'tags')).map(([name, n]) => [name, n]));
  assert.deepEqual(tags, { '#even': withGuide.filter((a) => a.tags.includes('even')).length, '#odd': withGuide.filter((a) => a.tags.includes('odd')).length });
  assert.deepEqual([...page.errors, ...view.errors], []);
});

test('pinned posts come first in the default list, with a pin, and the rest repeat none of them', async () => {
  const pinned = index.entry.pinned.map((p) => p.row.title);
  assert.deepEqual(pinned, ['Post 10', 'Post 20', 'Post 3']);
  const page = await env.page();
  await page.goto(env.url);
  await page.waitForSelector('.folio-item');
  const total = await showAll(page);
  assert.equal(total, POSTS + PAGES);
  const shown = await titles(page);
  const rest = index.articles.filter((a) => !pinned.includes(a.title)).map((a) => a.title);
  assert.deepEqual(shown, [...pinned, ...rest]);
  // The pin is a part the host can style, with text a screen reader reads.
  const pins = page.locator('.folio-item [part="pin"]');
  assert.equal(await pins.count(), 3);
  assert.equal((await pins.first().locator('.folio-visually-hidden').textContent()).trim(), '置顶');
  assert.equal(await page.locator('.folio-item >> nth=3').locator('[part="pin"]').count(), 0);
  assert.equal(await page.textContent('.folio-count'), `共 ${POSTS + PAGES} 篇文章`);
  // A filtered view, or another order, is in date order and pins nothing.
  await page.goto(`${env.url}#/?sort=old`);
  await page.waitForFunction(() => location.hash.includes('sort=old'));
  await page.waitForFunction(() => document.querySelectorAll('.folio-item-title a').length > 0 && document.querySelectorAll('[part="pin"]').length === 0);
  assert.equal((await titles(page))[0], index.articles.at(-1).title);
  assert.deepEqual(page.errors, []);
});
