// Queries by field and date in the built app: `author:`, `tag:`, `cat:`, `title:`, `before:` and
// `after:` in the search box, several values of one facet as any of them (chips and the box
// alike, with counts that say so), and the facet panel's from/to date range in the URL. The
// ground truth is the bundle's own rows, read from disk.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle, DIST, rowSlugs as rows, searchFor as search, start } from './harness.mjs';

const index = bundle();
let env;

before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

async function open(hash = '') {
  const page = await env.page();
  await page.goto(env.url + hash);
  await page.waitForSelector('.folio-item');
  return page;
}

const sorted = (slugs) => [...slugs].sort();
const slugs = (keep) => index.articles.filter(keep).map((a) => a.slug);
/** `YYYY-MM-DD` of an article in the bundle's zone (the seeds are bundled in UTC). */
const day = (a) => (a.date == null ? null : new Date(a.date * 1000).toISOString().slice(0, 10));
/** Names of one facet by how many articles have them, most first. */
function byCount(values) {
  const n = new Map();
  for (const v of values) n.set(v, (n.get(v) ?? 0) + 1);
  return [...n.entries()].sort((a, b) => b[1] - a[1]).map(([v]) => v);
}
const quote = (v) => (/\s/.test(v) ? `"${v}"` : v);

test('fields in the box: any of one field, every field, kept in the URL', async () => {
  const page = await open();
  const [a, b] = byCount(index.articles.map((x) => x.author).filter(Boolean));
  assert.ok(a && b, 'two authors');
  await search(page, `author:${quote(a)} author:${quote(b)}`);
  assert.deepEqual(sorted(await rows(page)), sorted(slugs((x) => x.author === a || x.author === b)));
  assert.match(decodeURIComponent(page.url()), new RegExp(`author:`));

  const tag = byCount(index.articles.flatMap((x) => x.tags))[0];
  await search(page, `author:${quote(a)} tag:${quote(tag)}`);
  assert.deepEqual(sorted(await rows(page)), sorted(slugs((x) => x.author === a && x.tags.includes(tag))));

  const root = byCount(index.articles.flatMap((x) => x.categories.map((p) => p[0])))[0];
  await search(page, `cat:${quote(root)}`);
  assert.deepEqual(sorted(await rows(page)), sorted(slugs((x) => x.categories.some((p) => p[0] === root))));

  // A name the bundle lacks adds nothing to its field, and alone matches nothing.
  await search(page, `author:${quote(a)} author:Nobody`);
  assert.deepEqual(sorted(await rows(page)), sorted(slugs((x) => x.author === a)));
  await search(page, 'author:Nobody');
  assert.equal(await page.locator('.folio-item').count(), 0);

  // Dates: a year, a month or a day, exclusive.
  const days = index.articles.map(day).filter(Boolean).sort();
  const mid = days[Math.floor(days.length / 2)];
  await search(page, `after:${mid.slice(0, 7)} before:${days[days.length - 1]}`);
  const expected = slugs((x) => day(x) && day(x).slice(0, 7) > mid.slice(0, 7) && day(x) < days[days.length - 1]);
  assert.deepEqual(sorted(await rows(page)), sorted(expected));

  // title: finds the word in titles only.
  const word = index.articles.map((x) => x.title.match(/[A-Za-z]{4,}/)?.[0]).find(Boolean).toLowerCase();
  await search(page, `title:${word}`);
  const inTitle = slugs((x) => new RegExp(`(^|[^\\p{L}\\p{N}])${word}($|[^\\p{L}\\p{N}])`, 'iu').test(x.title));
  assert.deepEqual(sorted(await rows(page)), sorted(inTitle));

  // The address keeps the query: reloading shows the same rows.
  const both = `author:${quote(a)} author:${quote(b)}`;
  await search(page, both);
  await page.waitForFunction((q) => new URLSearchParams(location.hash.split('?')[1]).get('q') === q, both);
  const url = page.url();
  const again = await open(url.slice(env.url.length));
  await again.waitForSelector('.folio-results[data-search="done"]');
  assert.deepEqual(sorted(await rows(again)), sorted(slugs((x) => x.author === a || x.author === b)));
  assert.deepEqual(page.errors, []);
  assert.deepEqual(again.errors, []);
});

test('author chips add up as any of them, and their counts say what each adds', async () => {
  const page = await open();
  const chips = page.locator('.folio-facet-authors .folio-chip');
  const name = async (i) => (await chips.nth(i).locator('.folio-chip-label').textContent()).trim();
  const count = async (i) => Number((await chips.nth(i).locator('.folio-chip-count').textContent()).replace(/\D/g, ''));
  const [a, b] = [await name(0), await name(1)];
  await chips.nth(0).click();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('author='));
  await page.waitForSelector('.folio-facets[aria-busy="false"]');
  // Chips are not reordered by choosing: find b again by name; its count is its own articles.
  const bAt = async () => {
    for (let i = 0; i < (await chips.count()); i++) if ((await name(i)) === b) return i;
    return -1;
  };
  assert.equal(await count(await bAt()), index.articles.filter((x) => x.author === b).length);
  await chips.nth(await bAt()).click();
  await page.waitForFunction(() => (decodeURIComponent(location.hash).match(/author=/g) ?? []).length === 2);
  await page.waitForSelector('.folio-facets[aria-busy="false"]');
  assert.deepEqual(sorted(await rows(page)), sorted(slugs((x) => x.author === a || x.author === b)));
  assert.equal(await page.locator('.folio-facet-authors .folio-chip[aria-pressed="true"]').count(), 2);
  assert.deepEqual(page.errors, []);
});

test('the from/to fields set a date range in the URL; a value that is no date is refused', async () => {
  const page = await open();
  const days = index.articles.map(day).filter(Boolean).sort();
  const [from, to] = [days[Math.floor(days.length / 4)], days[Math.floor((days.length * 3) / 4)].slice(0, 7)];
  await page.fill('.folio-date-from', from);
  await page.press('.folio-date-from', 'Enter');
  await page.waitForFunction((f) => location.hash.includes(`from=${f}`), from);
  await page.waitForSelector('.folio-facets[aria-busy="false"]');
  await page.fill('.folio-date-to', to);
  await page.press('.folio-date-to', 'Enter');
  await page.waitForFunction((t) => location.hash.includes(`to=${t}`), to);
  await page.waitForSelector('.folio-facets[aria-busy="false"]');
  assert.deepEqual(sorted(await rows(page)), sorted(slugs((x) => day(x) && day(x) >= from && day(x).slice(0, 7) <= to)));
  await page.fill('.folio-date-to', '2024-13');
  await page.press('.folio-date-to', 'Enter');
  assert.equal(await page.getAttribute('.folio-date-to', 'aria-invalid'), 'true');
  assert.ok(page.url().includes(`to=${to}`), 'the range stays');
  // A link with the range opens it.
  const again = await open(`#/?from=${from}&to=${to}`);
  assert.equal(await again.inputValue('.folio-date-from'), from);
  assert.deepEqual(page.errors, []);
});

test('the help lists the fields, in English and Chinese', async () => {
  const page = await open();
  await page.keyboard.press('?');
  await page.waitForSelector('.folio-help[role=dialog]');
  const help = await page.textContent('.folio-help');
  for (const f of ['title:', 'author:', 'cat:', 'after:']) assert.ok(help.includes(f), f);
  assert.match(help, /Only in titles/);
  await page.keyboard.press('Escape');
  await page.waitForSelector('.folio-help', { state: 'detached' });
  await page.click('button[lang="zh-CN"]');
  await page.keyboard.press('?');
  await page.waitForSelector('.folio-help[role=dialog]');
  assert.match(await page.textContent('.folio-help'), /只在标题中查找/);
  assert.deepEqual(page.errors, []);
});

test('related articles show under the article, as links to them (part="related")', async () => {
  // The packs hold each related article as its distance back in number; its title and slug
  // come from its row.
  const byNumber = new Map(index.articles.map((a) => [a.number, a]));
  let found;
  for (const a of index.articles) {
    const pack = JSON.parse(readFileSync(join(index.data, a.pack), 'utf8'));
    const body = pack.bodies.find((b) => b.html === a.body());
    if (body?.related?.length > 1) {
      found = { article: a, related: body.related.map((d) => byNumber.get(a.number - d)) };
      break;
    }
  }
  assert.ok(found, 'some article has two related articles or more');
  assert.ok(found.related.every(Boolean), 'every distance names an article');
  const page = await env.page();
  await page.goto(`${env.url}#/a/${encodeURIComponent(found.article.slug)}`);
  // Their rows are fetched once the list nears the screen, as a reader scrolls to it.
  await page.locator('[part="related"]').scrollIntoViewIfNeeded();
  await page.waitForFunction((n) => document.querySelectorAll('[part="related"] a').length === n, found.related.length);
  const links = await page.$$eval('[part="related"] a', (as) => as.map((a) => [a.textContent, decodeURIComponent(a.getAttribute('href'))]));
  assert.deepEqual(links, found.related.map((r) => [r.title, `#/a/${r.slug}`]));
  assert.ok(!links.some(([, href]) => href === `#/a/${found.article.slug}`), 'never itself');
  await page.click('[part="related"] a');
  await page.waitForFunction((t) => document.querySelector('.folio-article-title')?.textContent === t, found.related[0].title);
  assert.deepEqual(page.errors, []);
});

test('with --site-url, the head names the feeds of the view, and each is where it says', async () => {
  const root = mkdtempSync(join(tmpdir(), 'folio-feeds-'));
  for (const name of readdirSync(DIST)) if (name !== 'data') cpSync(join(DIST, name), join(root, name), { recursive: true });
  const site = 'https://example.org/archive/';
  const run = spawnSync(process.env.FOLIO_BIN ?? 'target/bundler/folio', ['bundle', 'seeds', '--out', join(root, 'data'), '--site-url', site], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const served = await start({ root });
  try {
    const entry = JSON.parse(readFileSync(join(root, 'data', 'index.json'), 'utf8'));
    const id = entry.feeds.categories[0];
    const name = entry.facets.categories.top.find((v) => v.id === id).name;
    const page = await served.page();
    await page.goto(`${served.url}#/?cat=${encodeURIComponent(name)}`);
    await page.waitForSelector('.folio-item');
    const hrefOf = () => page.$$eval('head link[rel=alternate]', (ls) => ls.map((l) => [l.type, new URL(l.href).pathname]));
    await page.waitForFunction((i) => [...document.querySelectorAll('head link[rel=alternate]')].some((l) => l.href.endsWith(`feeds/c/${i}.xml`)), id);
    const links = await hrefOf();
    assert.deepEqual(links.map(([type]) => type).sort(), ['application/atom+xml', 'application/atom+xml', 'application/feed+json']);
    for (const [, path] of links) {
      // Each file is served, and its self link is its path under the site.
      const text = readFileSync(join(root, path.replace(/^\//, '')), 'utf8');
      const rel = path.replace(/^\//, '');
      assert.ok(text.includes(`${site}${rel}`), `${rel} names itself`);
    }
    // Back to the plain list: the category's feed leaves the head.
    await page.goto(`${served.url}#/`);
    await page.waitForFunction(() => document.querySelectorAll('head link[rel=alternate]').length === 2);
    assert.deepEqual(page.errors, []);
  } finally {
    await served.close();
    rmSync(root, { recursive: true, force: true });
  }
});
