// Format 4 in the browser: what the first view fetches, rows loaded as the reader scrolls,
// a facet filter's rows before its counts, long facet tails a page at a time, a cold deep link
// through the lookup, a bundle of format 3, and addresses by name across a rebuild.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle, DIST, filePath, scrollDown, start, writeArticles } from './harness.mjs';

const FOLIO = process.env.FOLIO_BIN ?? 'target/bundler/folio';
const ARTICLES = 300;
// Generated articles for a bundle of several search segments: with `--seed 6`, three (2,533,
// 3,115 and 352 articles; a level-1 segment needs 2,048).
const SEGMENTED = 6000;

/** A site: the built app without its bundle. */
function site(name) {
  const root = mkdtempSync(join(tmpdir(), `folio-${name}-`));
  for (const entry of readdirSync(DIST)) if (entry !== 'data') cpSync(join(DIST, entry), join(root, entry), { recursive: true });
  return root;
}

/** Bundles `seeds` into `root`/data. */
function bundleInto(seeds, root) {
  const run = spawnSync(FOLIO, ['bundle', seeds, '--out', join(root, 'data')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
}

let env;
let index;
before(async () => {
  const root = site('f4');
  const seeds = join(root, 'seeds');
  writeArticles(seeds, ARTICLES);
  bundleInto(seeds, root);
  index = bundle(root);
  env = await start({ root });
});
after(async () => {
  await env?.close();
});

/** Opens `hash`, recording the paths of the bundle files requested. */
async function open(hash = '') {
  const page = await env.page();
  page.data = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.includes('/data/')) page.data.push(url.pathname.replace(/^.*\/data\//, ''));
  });
  await page.goto(env.url + hash);
  await page.waitForSelector('.folio-item');
  return page;
}

const titles = (page) => page.$$eval('.folio-item-title a', (as) => as.map((a) => a.textContent));

test('the first view fetches the entry and the newest rows\' page, and shows rows and facets from them', async () => {
  assert.equal(index.articles.length, ARTICLES);
  const newest = filePath('r', index.entry.newest);
  assert.ok(statSync(join(index.data, 'index.json')).size + statSync(join(index.data, newest)).size <= 64 * 1024);
  const page = await open();
  await page.waitForTimeout(500);
  assert.deepEqual(page.data, ['index.json', newest]);
  assert.equal(await page.textContent('.folio-count'), `${ARTICLES} articles`);
  assert.deepEqual(await titles(page), index.articles.slice(0, 20).map((a) => a.title));
  assert.ok((await page.locator('.folio-facet-authors .folio-chip').count()) > 0);
  assert.ok((await page.locator('.folio-facet-categories .folio-chip').count()) > 0);
  assert.deepEqual(page.errors, []);
});

test('scrolling past the entry\'s rows loads row pages as it goes, newest and oldest first', async () => {
  const page = await open();
  // A screen at a time, as a reader scrolls: every row on the way comes near the screen.
  for (let i = 0; i < 12; i++) {
    await page.evaluate(() => window.scrollBy(0, window.innerHeight));
    await page.waitForTimeout(80);
  }
  const n = await page.locator('.folio-item').count();
  assert.ok(n >= 60 && n < ARTICLES, `${n} rows`);
  await page.waitForFunction((n) => document.querySelectorAll('.folio-item-title a').length === n, n);
  assert.deepEqual(await titles(page), index.articles.slice(0, n).map((a) => a.title));
  assert.ok(page.data.some((p) => p.startsWith('d/')) && page.data.some((p) => p.startsWith('r/')));
  // Only the row pages the rendered rows live in.
  const pages = new Set([filePath('r', index.entry.newest), ...index.articles.slice(0, n).map((a) => a.rows)]);
  assert.ok(page.data.filter((p) => p.startsWith('r/')).every((p) => pages.has(p)));

  const oldest = await open('#/?sort=old');
  await oldest.waitForFunction(() => document.querySelectorAll('.folio-item-title a').length === 20);
  assert.deepEqual(await titles(oldest), [...index.articles].reverse().slice(0, 20).map((a) => a.title));
  assert.deepEqual([...page.errors, ...oldest.errors], []);
});

test("a facet filter's first rows come before its counts, and the counts are exact", async () => {
  const page = await env.page();
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/data/c/**', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(env.url);
  await page.waitForSelector('.folio-item');
  const chip = page.locator('.folio-facet-authors .folio-chip').first();
  const name = (await chip.locator('.folio-chip-label').textContent()).trim();
  await chip.click();
  const theirs = index.articles.filter((a) => a.author === name);
  await page.waitForFunction((n) => document.querySelector('.folio-count')?.textContent.startsWith(`${n} of`), theirs.length);
  // The rows on the screen (those below it fetch their pages when they come near).
  await page.waitForFunction(() => document.querySelectorAll('.folio-item-title a').length >= 4);
  const onScreen = await titles(page);
  assert.deepEqual(onScreen, theirs.slice(0, onScreen.length).map((a) => a.title));
  // The columns are held back: the panel says its counts are not yet this view's.
  assert.equal(await page.getAttribute('.folio-facets', 'aria-busy'), 'true');
  release();
  await page.waitForSelector('.folio-facets[aria-busy="false"]');
  // Each tag counted over this author's articles.
  const shown = await page.$$eval('.folio-facet-tags .folio-chip', (cs) =>
    cs.map((c) => [c.querySelector('.folio-chip-label').textContent.slice(1), Number(c.querySelector('.folio-chip-count').textContent.replace(/,/g, ''))]),
  );
  assert.ok(shown.length > 0);
  for (const [tag, n] of shown) assert.equal(n, theirs.filter((a) => a.tags.includes(tag)).length, tag);
  // And the years.
  const years = await page.$$eval('.folio-facet-dates .folio-chip', (cs) => cs.map((c) => [c.querySelector('.folio-chip-label').textContent, c.querySelector('.folio-chip-count').textContent]));
  for (const [year, n] of years) assert.equal(Number(n), theirs.filter((a) => new Date(a.date * 1000).getUTCFullYear() === Number(year)).length, year);
  assert.deepEqual(page.errors, []);
});

test("a filtered view's first rows come from the newest segments, painted before the older segments' files, the counts and the facet panel", async () => {
  const root = site('f4-segments');
  const seeds = join(root, 'seeds');
  const gen = spawnSync(FOLIO, ['gen', '--count', String(SEGMENTED), '--seed', '6', '--out', seeds], { encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);
  bundleInto(seeds, root);
  const truth = bundle(root);
  const { segments } = JSON.parse(readFileSync(join(truth.data, filePath('s', truth.entry.search)), 'utf8'));
  // The app's first answer reads the newest segments that hold 2,048 articles or more.
  let newest = 0;
  for (let covered = 0; covered < 2048; newest++) covered += segments[segments.length - 1 - newest].docs;
  const older = segments.slice(0, segments.length - newest);
  assert.ok(older.length > 0, `the newest ${newest} of ${segments.length} segments hold every article`);
  const held = new Set(older.flatMap((s) => s.blocks.map((b) => filePath('s', b.file, 'keys'))));
  const local = await start({ root });
  try {
    const page = await local.page();
    let release;
    const gate = new Promise((resolve) => (release = resolve));
    const asked = [];
    await page.route('**/data/s/**', async (route) => {
      const path = new URL(route.request().url()).pathname.replace(/^.*\/data\//, '');
      if (held.has(path)) {
        asked.push(path);
        await gate;
      }
      await route.continue();
    });
    // The frame in which the first row is in the document, whether the facet panel had its
    // values by then, and when the app asked for each file (by the page's clock).
    await page.addInitScript(() => {
      const fetch = window.fetch;
      window.asked = [];
      window.fetch = (url, ...rest) => {
        window.asked.push([decodeURIComponent(new URL(String(url), location.href).pathname).replace(/^.*\/data\//, ''), performance.now()]);
        return fetch(url, ...rest);
      };
      const look = () => {
        if (!document.querySelector('.folio-item-title')) return requestAnimationFrame(look);
        window.firstRow = { at: performance.now(), chips: document.querySelectorAll('.folio-facets .folio-chip').length };
      };
      requestAnimationFrame(look);
    });
    const name = truth.entry.facets.authors.top[0].name;
    const theirs = truth.articles.filter((a) => a.author === name);
    await page.goto(`${local.url}#/?author=${encodeURIComponent(name)}`);
    // The rows on the screen, while every key block of the older segments is held back.
    await page.waitForFunction(() => document.querySelectorAll('.folio-item-title a').length >= 4);
    const onScreen = await titles(page);
    assert.deepEqual(onScreen, theirs.slice(0, onScreen.length).map((a) => a.title));
    // Nothing but the rows was drawn or fetched before they were on screen: the panel's values,
    // the older segments' files and the counts' columns were asked for after.
    const first = await page.evaluate(() => window.firstRow);
    assert.equal(first.chips, 0, 'the facet panel drawn after the first rows');
    await page.waitForSelector('.folio-chip');
    const olderAsked = (await page.evaluate(() => window.asked)).filter(([p]) => held.has(p));
    assert.ok(olderAsked.length > 0, 'the older segments asked for while the rows show');
    assert.deepEqual(olderAsked.filter(([, at]) => at < first.at), [], `asked after ${first.at} ms`);
    // The whole answer waits for them: the list says it is still searching.
    assert.equal(await page.getAttribute('.folio-results', 'aria-busy'), 'true');
    assert.equal(await page.textContent('.folio-count'), 'Searching…');
    release();
    const count = `${theirs.length.toLocaleString('en-US')} of ${SEGMENTED.toLocaleString('en-US')} articles`;
    await page.waitForFunction((c) => document.querySelector('.folio-count')?.textContent === c, count);
    assert.ok(asked.length > 0, 'the older segments were read for the whole answer');
    const columns = (await page.evaluate(() => window.asked)).filter(([p]) => p.startsWith('c/')).map(([, at]) => at);
    assert.ok(columns.length > 0 && columns.every((at) => at > first.at), `columns asked at ${columns} ms, the first row at ${first.at}`);
    assert.equal(await page.getAttribute('.folio-results', 'aria-busy'), 'false');
    assert.deepEqual(await titles(page), theirs.slice(0, (await titles(page)).length).map((a) => a.title));
    assert.deepEqual(page.errors, []);
  } finally {
    await local.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('a match outside the excerpt gets a snippet from its pack, fetched only near the screen', async () => {
  const page = await env.page();
  await page.setViewportSize({ width: 1200, height: 500 });
  const packs = [];
  page.on('request', (r) => {
    if (r.url().includes('/data/b/')) packs.push(new URL(r.url()).pathname.replace(/^.*\/data\//, ''));
  });
  await page.goto(`${env.url}#/?q=editor`);
  await page.waitForSelector('.folio-results[data-search="done"]');
  await page.locator('.folio-item >> nth=0').locator('.folio-excerpt mark').first().waitFor();
  assert.deepEqual(await page.locator('.folio-item >> nth=0').locator('.folio-excerpt mark').allTextContents(), ['editor']);
  await page.waitForTimeout(300);
  // The rows within 200 px of the screen, and the packs their bodies are in.
  const near = await page.$$eval('.folio-item', (items) =>
    items.filter((i) => i.getBoundingClientRect().top < innerHeight + 200).map((i) => i.querySelector('.folio-item-title a').textContent),
  );
  const rendered = await page.locator('.folio-item').count();
  assert.ok(near.length < rendered, `${near.length} of ${rendered} rows near the screen`);
  const wanted = new Set(near.map((t) => index.articles.find((a) => a.title === t).pack));
  assert.ok(packs.length > 0 && packs.every((p) => wanted.has(p)), `${packs} within ${[...wanted]}`);
  // Scrolling down brings the snippets of the rows below.
  await scrollDown(page);
  await page.locator(`.folio-item[data-row="${rendered - 1}"] .folio-excerpt mark`).first().waitFor();
  assert.deepEqual(page.errors, []);
});

test('a long facet tail shows a page of values at a time', async () => {
  const page = await open();
  const tags = page.locator('.folio-facet-tags .folio-chip');
  // The panel may come a frame after the first (placeholder) rows.
  await tags.first().waitFor();
  assert.equal(await tags.count(), 12);
  const all = index.entry.facets.tags;
  assert.equal(all.values, 151);
  await page.click('.folio-facet-tags .folio-more-chips[aria-expanded=false]');
  await page.waitForFunction(() => document.querySelectorAll('.folio-facet-tags .folio-chip').length === 60);
  // Past the entry's 48 values, from the facet's first page, most articles first.
  await page.click('.folio-facet-tags .folio-more-chips[aria-expanded=false]');
  await page.waitForFunction(() => document.querySelectorAll('.folio-facet-tags .folio-chip').length === 108);
  assert.ok(page.data.some((p) => p.startsWith('f/')));
  const counts = await page.$$eval('.folio-facet-tags .folio-chip-count', (cs) => cs.map((c) => Number(c.textContent)));
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
  await page.click('.folio-facet-tags .folio-more-chips[aria-expanded=true]');
  assert.equal(await tags.count(), 12);
  assert.deepEqual(page.errors, []);
});

test('a deep link to an old article, cold: the lookup and its pack, which carries its title and its neighbours\'', async () => {
  const target = index.articles[ARTICLES - 6]; // number 5, far from the entry's rows
  const page = await env.page();
  const data = [];
  let bytes = 0;
  page.on('response', async (r) => {
    if (!r.url().includes('/data/')) return;
    data.push(new URL(r.url()).pathname.replace(/^.*\/data\//, ''));
    bytes += (await r.body()).length;
  });
  // Its row page is held back: the title, the body and the pager come from the pack.
  let release;
  const released = new Promise((resolve) => (release = resolve));
  await page.route(`**/data/${target.rows}`, async (route) => {
    await released;
    await route.continue();
  });
  await page.goto(`${env.url}#/a/${encodeURIComponent(target.slug)}`);
  await page.waitForSelector('.folio-body');
  assert.equal(await page.textContent('.folio-article-title'), target.title);
  assert.match(await page.textContent('.folio-body'), new RegExp(`Body of article ${target.number}\\b`));
  assert.ok(data.some((p) => p.startsWith('l/')), 'the lookup');
  assert.ok(data.includes(target.pack) && !data.includes(target.rows));
  assert.ok(!data.includes(filePath('r', index.entry.newest)), 'not the newest rows');
  assert.ok(bytes <= 128 * 1024, `${bytes} bytes`);
  release();
  // Previous and next in the plain list: the newer and the older article.
  assert.equal(await page.textContent('.folio-prev .folio-pager-title'), index.articles[ARTICLES - 7].title);
  assert.equal(await page.textContent('.folio-next .folio-pager-title'), index.articles[ARTICLES - 5].title);
  await page.click('.folio-next');
  await page.waitForFunction((t) => document.querySelector('.folio-article-title')?.textContent === t, index.articles[ARTICLES - 5].title);
  await page.waitForSelector('.folio-body');
  assert.deepEqual(page.errors, []);
});

/** An article older than the entry's rows whose related articles are none in the entry and
 * some (`held`) in other row pages than its own and its neighbours' (which the pager fetches). */
function articleWithRelatedElsewhere() {
  // Packs hold related articles as distances back in number; their titles are in row pages.
  const byNumber = new Map(index.articles.map((a) => [a.number, a]));
  const newest = Math.min(index.entry.articles, 40); // the newest rows' page (format 9)
  for (const a of index.articles) {
    if (a.number >= ARTICLES - newest) continue;
    const pack = JSON.parse(readFileSync(join(index.data, a.pack), 'utf8'));
    const distances = pack.bodies.find((b) => b.html === a.body())?.related ?? [];
    const related = distances.map((d) => byNumber.get(a.number - d));
    const own = new Set([a.number - 1, a.number, a.number + 1].map((n) => byNumber.get(n)?.rows));
    const held = related.filter((r) => !own.has(r.rows));
    if (held.length && related.every((r) => r.number < ARTICLES - newest)) return { article: a, related, held };
  }
  return null;
}

test('an article shows its body first, then its related links once their rows come, each holding its line till then', async () => {
  const found = articleWithRelatedElsewhere();
  assert.ok(found, 'an article with related articles in other row pages');
  const page = await env.page();
  let release;
  const released = new Promise((resolve) => (release = resolve));
  const heldPages = new Set(found.held.map((r) => r.rows));
  await page.route('**/data/r/**', async (route) => {
    if ([...heldPages].some((p) => route.request().url().endsWith(p))) await released;
    await route.continue();
  });
  await page.goto(`${env.url}#/a/${encodeURIComponent(found.article.slug)}`);
  await page.waitForSelector('.folio-body');
  await page.waitForSelector('[part="related"]');
  await page.locator('[part="related"]').scrollIntoViewIfNeeded();
  assert.equal(await page.locator('[part="related"] li').count(), found.related.length, 'a line for each');
  assert.equal(await page.locator('[part="related"] .folio-related-pending').count(), found.held.length);
  release();
  await page.waitForFunction((n) => document.querySelectorAll('[part="related"] a').length === n, found.related.length);
  assert.equal(await page.locator('[part="related"] .folio-related-pending').count(), 0);
  const links = await page.$$eval('[part="related"] a', (as) => as.map((a) => a.textContent));
  assert.deepEqual(links, found.related.map((r) => r.title));
  assert.deepEqual(page.errors, []);
});

test('an article fetches its related articles\' rows only once their list nears the screen', async () => {
  const found = articleWithRelatedElsewhere();
  assert.ok(found, 'an article with related articles in other row pages');
  const page = await env.page();
  // A phone's screen: the related list starts well below it.
  await page.setViewportSize({ width: 360, height: 300 });
  const asked = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname.replace(/^.*\/data\//, '')));
  const heldPages = [...new Set(found.held.map((r) => r.rows))];
  await page.goto(`${env.url}#/a/${encodeURIComponent(found.article.slug)}`);
  await page.waitForSelector('.folio-body');
  await page.waitForLoadState('networkidle');
  const below = await page.$eval('[part="related"]', (e) => e.getBoundingClientRect().top - innerHeight);
  assert.ok(below > 200, `the related list starts ${below} px below the screen`);
  // Its pack carries its title and meta: not its row page.
  assert.ok(asked.includes(found.article.pack) && !asked.includes(found.article.rows), 'the article\'s own pack alone');
  assert.deepEqual(heldPages.filter((p) => asked.includes(p)), [], 'no related row page before the list nears the screen');
  assert.equal(await page.locator('[part="related"] .folio-related-pending').count(), found.held.length);
  await page.locator('[part="related"]').scrollIntoViewIfNeeded();
  await page.waitForFunction((n) => document.querySelectorAll('[part="related"] a').length === n, found.related.length);
  assert.deepEqual(heldPages.filter((p) => !asked.includes(p)), [], 'their row pages, once it does');
  assert.deepEqual(page.errors, []);
});

test('a bundle of format 3, 9 or 10 gets a message naming both versions and how to rebuild', async () => {
  // Format 3's entry listed every article; format 9's is this one's shape but for its lookup
  // (one tree, no newest shards); format 10's entry is this one's (its search root has no
  // merging segments): the version alone tells them apart.
  const current = JSON.parse(readFileSync(join(DIST, 'data', 'index.json'), 'utf8'));
  delete current.lookup_newest;
  const entries = {
    3: { version: 3, authors: [], categories: [], tags: [], articles: [{ slug: 'a', title: 'A' }] },
    9: { ...current, version: 9 },
    10: { ...current, version: 10, lookup_newest: [] },
  };
  for (const [version, entry] of Object.entries(entries)) {
    const root = site(`v${version}`);
    mkdirSync(join(root, 'data'));
    writeFileSync(join(root, 'data', 'index.json'), JSON.stringify(entry));
    const old = await start({ root });
    try {
      const page = await old.page();
      await page.goto(old.url);
      await page.waitForSelector('.folio-error[role=alert]');
      const said = await page.textContent('.folio-error');
      assert.match(said, new RegExp(`format version ${version}`));
      assert.match(said, /reads version 11/);
      assert.match(said, /folio bundle/);
      assert.equal(await page.locator('.folio-error button').count(), 0, 'no retry: retrying cannot help');
    } finally {
      await old.close();
    }
  }
});

test('an address with facet names shows the same view after a rebuild that adds articles', async () => {
  const root = site('rebuild');
  const seeds = join(root, 'seeds');
  cpSync('seeds', seeds, { recursive: true });
  bundleInto(seeds, root);
  const before = bundle(root);
  const view = `#/?author=${encodeURIComponent('IT 之家')}&cat=${encodeURIComponent('新媒体/IT 之家')}`;
  const expected = (b) => b.articles.filter((a) => a.author === 'IT 之家' && a.categories.some((c) => c[0] === '新媒体' && c[1] === 'IT 之家'));
  const local = await start({ root });
  try {
    const page = await local.page();
    await page.goto(local.url + view);
    await page.waitForFunction((n) => document.querySelector('.folio-count')?.textContent.startsWith(`${n} of`), expected(before).length);
    assert.ok(expected(before).length >= 2);

    // An older article by a new author, with a new category, comes first in number order: the
    // ids of every existing author and category move. And a newer one joins the view.
    writeFileSync(join(seeds, 'aaa-older.md'), '---\ntitle: An older article\nauthor: Aaron\ncategories: [Zeta, Alpha]\ndate: 2001-01-01\n---\nOld.\n');
    writeFileSync(join(seeds, 'zzz-newer.md'), '---\ntitle: A newer IT article\nauthor: IT 之家\ncategories: [新媒体, IT 之家]\ndate: 2030-01-01\n---\nNew.\n');
    rmSync(join(root, 'data'), { recursive: true });
    bundleInto(seeds, root);
    const after = bundle(root);
    const id = (b, name) => b.entry.facets.authors.top.find((v) => v.name === name)?.id;
    assert.notEqual(id(before, 'IT 之家'), id(after, 'IT 之家'), 'the author id moved');
    assert.equal(expected(after).length, expected(before).length + 1);

    await page.reload();
    await page.waitForFunction((n) => document.querySelector('.folio-count')?.textContent.startsWith(`${n} of`), expected(after).length);
    assert.equal(await page.textContent('.folio-item-title a'), 'A newer IT article');

    // A name the bundle does not have: no article has it, so that facet matches nothing (a
    // value asked for is never dropped, which would show more), and a notice names it.
    await page.goto(`${local.url}#/?author=Nobody`);
    await page.waitForSelector('.folio-notice');
    assert.match(await page.textContent('.folio-notice'), /Nobody/);
    await page.waitForFunction((text) => document.querySelector('.folio-count')?.textContent === text, `0 of ${after.articles.length} articles`);
    // Beside a name it has, it adds nothing: the view is that author's.
    const it = after.articles.filter((a) => a.author === 'IT 之家').length;
    await page.goto(`${local.url}#/?author=Nobody&author=${encodeURIComponent('IT 之家')}`);
    await page.waitForFunction((text) => document.querySelector('.folio-count')?.textContent === text, `${it} of ${after.articles.length} articles`);
    assert.deepEqual(page.errors, []);
  } finally {
    await local.close();
  }
});
