// Links that survive rebuilds (issue 13): addresses shared before a rebuild that adds articles —
// a category, a tag, an author by name, an article by its `slug:` — show the same view after
// it, with the counts the new articles add; and an article's address survives moving its file.
// The rebuild is the incremental one a daily deploy makes: the same output folder and cache.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, start } from './harness.mjs';

const FOLIO = process.env.FOLIO_BIN ?? 'target/bundler/folio';
let root, seeds, env;

const article = (file, { title, date, author, categories, tags, slug }) => {
  const lines = [`title: ${title}`, `date: ${date}`, `author: ${author}`, `categories: [${categories}]`, `tags: [${tags}]`];
  if (slug) lines.push(`slug: ${slug}`);
  mkdirSync(join(seeds, file, '..'), { recursive: true });
  writeFileSync(join(seeds, file), `---\n${lines.join('\n')}\n---\nThe text of ${title}.\n`);
};

/** Bundles the seeds into the site's data folder, incrementally (one cache for every run). */
function rebuild() {
  const run = spawnSync(FOLIO, ['bundle', seeds, '--out', join(root, 'data'), '--cache', join(root, 'cache')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stderr;
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'folio-links-'));
  for (const entry of readdirSync(DIST)) if (entry !== 'data') cpSync(join(DIST, entry), join(root, entry), { recursive: true });
  seeds = join(root, 'seeds');
  article('one.md', { title: 'Notes one', date: '2024-01-01', author: 'Mia', categories: 'Notes', tags: 'rust' });
  article('two.md', { title: 'Notes two', date: '2024-01-02', author: 'Mia', categories: 'Notes', tags: 'web' });
  article('three.md', { title: 'Essay three', date: '2024-01-03', author: 'Noor', categories: 'Essays', tags: 'rust' });
  article('four.md', { title: 'Essay four', date: '2024-01-04', author: 'Mia', categories: 'Essays', tags: 'rust' });
  article('posts/slugged.md', { title: 'The slugged one', date: '2024-01-05', author: 'Noor', categories: 'Notes', tags: 'web', slug: 'kept-address' });
  rebuild();
  env = await start({ root });
});

after(async () => {
  await env?.close();
  rmSync(root, { recursive: true, force: true });
});

const views = {
  category: '#/?cat=Notes',
  tag: '#/?tag=rust',
  author: `#/?author=${encodeURIComponent('Mia')}`,
};

/** The titles a view lists, sorted, once its count says `n`; the address opened as a new visit. */
async function listed(page, hash, n) {
  await page.goto(`${env.url}${hash}`);
  await page.reload();
  await page.waitForFunction((n) => document.querySelector('.folio-count')?.textContent.startsWith(`${n} of`), n);
  // The rows come after the count when their page is not the entry's (format 9: the newest
  // rows are a page of their own).
  await page.waitForFunction((n) => document.querySelectorAll('.folio-item-title a').length === n, n);
  return (await page.$$eval('.folio-item-title a', (as) => as.map((a) => a.textContent))).sort();
}

/** Waits until a facet's chip for `name` shows `n` (counts may come after the rows). */
const chipShows = (page, facet, name, n) =>
  page.waitForFunction(([facet, name, n]) => {
    const chips = [...document.querySelectorAll(`.folio-facet-${facet} .folio-chip`)];
    const chip = chips.find((c) => c.querySelector('.folio-chip-label').textContent.trim() === name);
    return chip && Number(chip.querySelector('.folio-chip-count').textContent) === n;
  }, [facet, name, n]);

test('facet and article addresses show the same views after a rebuild that adds articles', async () => {
  const page = await env.page();
  const before = {
    category: await listed(page, views.category, 3),
    tag: await listed(page, views.tag, 3),
    author: await listed(page, views.author, 3),
  };
  assert.deepEqual(before.category, ['Notes one', 'Notes two', 'The slugged one']);
  assert.deepEqual(before.tag, ['Essay four', 'Essay three', 'Notes one']);
  assert.deepEqual(before.author, ['Essay four', 'Notes one', 'Notes two']);
  await page.goto(`${env.url}#/a/kept-address`);
  await page.reload();
  await page.waitForSelector('.folio-article-title');
  assert.equal(await page.textContent('.folio-article-title'), 'The slugged one');

  // New names that sort before every old one (so every old one's place in the tables moves),
  // older and newer articles, and one new article in each view.
  article('a-first.md', { title: 'Aardvarks at dawn', date: '2001-01-01', author: 'Aaron', categories: 'Aardvarks', tags: 'aaa' });
  article('b-first.md', { title: 'Abacus', date: '2000-06-01', author: 'Abe', categories: '[Abacus, Beads]', tags: '[aab, aac]' });
  article('z-new.md', { title: 'Notes five', date: '2030-01-01', author: 'Mia', categories: 'Notes', tags: 'rust' });
  // The slugged article's file moves to another folder.
  mkdirSync(join(seeds, 'moved'));
  renameSync(join(seeds, 'posts', 'slugged.md'), join(seeds, 'moved', 'elsewhere.md'));
  const said = rebuild();
  assert.doesNotMatch(said, /moved from/, 'a slugged article keeps its address: nothing to report');

  assert.deepEqual(await listed(page, views.category, 4), [...before.category, 'Notes five'].sort());
  await chipShows(page, 'categories', 'Notes', 4);
  assert.deepEqual(await listed(page, views.tag, 4), [...before.tag, 'Notes five'].sort());
  await chipShows(page, 'tags', '#rust', 4);
  assert.deepEqual(await listed(page, views.author, 4), [...before.author, 'Notes five'].sort());
  await chipShows(page, 'authors', 'Mia', 4);

  await page.goto(`${env.url}#/a/kept-address`);
  await page.reload();
  await page.waitForSelector('.folio-article-title');
  assert.equal(await page.textContent('.folio-article-title'), 'The slugged one');
  assert.match(await page.textContent('.folio-body'), /The text of The slugged one/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a moved article without a slug is reported with both addresses', async () => {
  renameSync(join(seeds, 'two.md'), join(seeds, 'moved', 'two-moved.md'));
  const said = rebuild();
  assert.match(said, /moved\/two-moved\.md[^\n]*moved from two\.md, so its address changed from #\/a\/two to #\/a\/\S*two-moved/);
});
