// A search of one word in best-match order: its first rows come from the heads the shards hold
// of the long posting lists, painted before the list files (`s/…lst`) are asked for; the whole
// answer, once they come, starts with the same rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, start } from './harness.mjs';

const FOLIO = process.env.FOLIO_BIN ?? 'target/bundler/folio';
// Generated articles whose common words have long lists (over 2 KiB) in each of three segments.
const ARTICLES = 6000;

test("a one-word search's first rows come from the heads, painted before the long lists are asked for", async () => {
  const root = mkdtempSync(join(tmpdir(), 'folio-heads-'));
  for (const entry of readdirSync(DIST)) if (entry !== 'data') cpSync(join(DIST, entry), join(root, entry), { recursive: true });
  const seeds = join(root, 'seeds');
  const gen = spawnSync(FOLIO, ['gen', '--count', String(ARTICLES), '--seed', '6', '--out', seeds], { encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);
  const built = spawnSync(FOLIO, ['bundle', seeds, '--out', join(root, 'data')], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  // The whole answer, best first, as the command line gives it (the engine the app runs).
  const searched = spawnSync(FOLIO, ['search', join(root, 'data'), 'archive'], { encoding: 'utf8' });
  assert.equal(searched.status, 0, searched.stderr);
  const best = searched.stdout.trim().split('\n').map((line) => line.split('\t')[1]);
  assert.match(searched.stderr, /48 first articles from the heads/);
  assert.ok(best.length > 48, `${best.length} articles`);
  const local = await start({ root });
  try {
    const page = await local.page();
    let release;
    const gate = new Promise((resolve) => (release = resolve));
    const held = [];
    const shards = [];
    await page.route('**/data/s/**', async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path.endsWith('.bin')) shards.push({ path, range: route.request().headers().range });
      if (path.endsWith('.lst')) {
        held.push(path);
        await gate;
      }
      await route.continue();
    });
    await page.addInitScript(() => {
      const fetch = window.fetch;
      window.asked = [];
      window.fetch = (url, ...rest) => {
        window.asked.push([String(url), performance.now()]);
        return fetch(url, ...rest);
      };
      const look = () => {
        if (!document.querySelector('.folio-item-title')) return requestAnimationFrame(look);
        window.firstRow = performance.now();
      };
      requestAnimationFrame(look);
    });
    await page.goto(`${local.url}#/?q=archive`);
    // The first rows, while every list file is held back: the whole answer's first ones. (A
    // row shows its title once its row page comes, each page in its own time.)
    const titles = () => page.$$eval('.folio-item', (items) => items.map((i) => i.querySelector('.folio-item-title a')?.textContent ?? null));
    await page.waitForFunction(() => {
      const items = [...document.querySelectorAll('.folio-item')].slice(0, 6);
      return items.length === 6 && items.every((i) => i.querySelector('.folio-item-title a'));
    });
    const first = (await titles()).slice(0, 6);
    assert.deepEqual(first, best.slice(0, first.length));
    assert.equal(await page.getAttribute('.folio-results', 'data-search'), 'loading');
    assert.equal(await page.textContent('.folio-count'), 'Searching…');
    // The list files were asked for once those rows were painted, not before.
    await page.waitForFunction(() => window.asked.some(([url]) => url.endsWith('.lst')));
    const at = await page.evaluate(() => window.firstRow);
    const lists = (await page.evaluate(() => window.asked)).filter(([url]) => url.endsWith('.lst'));
    assert.deepEqual(lists.filter(([, t]) => t < at), [], `list files asked for before the first row at ${at} ms`);
    // Where the rows are (the directory's root) was asked for beside the search's first files,
    // before its shards, not once the first articles were known.
    const asked = await page.evaluate(() => window.asked);
    const firstAsked = (is) => asked.find(([url]) => is(new URL(url, local.url).pathname))?.[1];
    const directory = firstAsked((p) => p.includes('/data/d/'));
    const shard = firstAsked((p) => /\/data\/s\/.*\.bin$/.test(p));
    assert.ok(directory !== undefined && shard !== undefined && directory < shard, `the directory's root at ${directory} ms, the first shard at ${shard} ms`);
    // Each shard was asked for by the byte range of the piece that holds the word, not whole.
    assert.ok(shards.length >= 3, `${shards.length} shards`);
    for (const { path, range } of shards) {
      const m = /^bytes=(\d+)-(\d+)$/.exec(range ?? '');
      assert.ok(m, `${path} asked for whole`);
      const size = statSync(join(root, path.replace(/^.*\/data\//, 'data/'))).size;
      assert.ok(Number(m[2]) - Number(m[1]) + 1 < size, `${path}: ${range} of ${size} bytes`);
    }
    release();
    const count = `${best.length.toLocaleString('en-US')} of ${ARTICLES.toLocaleString('en-US')} articles`;
    await page.waitForFunction((c) => document.querySelector('.folio-count')?.textContent === c, count);
    assert.equal(await page.getAttribute('.folio-results', 'data-search'), 'done');
    const whole = (await titles()).slice(0, 6);
    assert.deepEqual(whole, best.slice(0, 6));
    assert.ok(held.length > 0);
    assert.deepEqual(page.errors, []);
  } finally {
    await local.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('a host that answers no range request sends whole shards, and the search reads them the same', async () => {
  const root = mkdtempSync(join(tmpdir(), 'folio-heads-whole-'));
  for (const entry of readdirSync(DIST)) if (entry !== 'data') cpSync(join(DIST, entry), join(root, entry), { recursive: true });
  const seeds = join(root, 'seeds');
  const gen = spawnSync(FOLIO, ['gen', '--count', '1500', '--seed', '6', '--out', seeds], { encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);
  const built = spawnSync(FOLIO, ['bundle', seeds, '--out', join(root, 'data')], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  const searched = spawnSync(FOLIO, ['search', join(root, 'data'), '更新'], { encoding: 'utf8' });
  assert.equal(searched.status, 0, searched.stderr);
  const best = searched.stdout.trim().split('\n').map((line) => line.split('\t')[1]);
  assert.ok(best.length > 5, `${best.length} articles`);
  const local = await start({ root });
  try {
    const page = await local.page();
    let whole = 0;
    // Every file of the index comes whole, 200, whatever range was asked for.
    await page.route('**/data/s/**', async (route) => {
      const path = new URL(route.request().url()).pathname.replace(/^.*\/data\//, 'data/');
      if (route.request().headers().range) whole += 1;
      await route.fulfill({ status: 200, body: readFileSync(join(root, path)), contentType: 'application/octet-stream' });
    });
    await page.goto(`${local.url}#/?q=${encodeURIComponent('更新')}`);
    const count = `${best.length.toLocaleString('en-US')} of 1,500 articles`;
    await page.waitForFunction((c) => document.querySelector('.folio-count')?.textContent === c, count);
    await page.waitForFunction(() => {
      const items = [...document.querySelectorAll('.folio-item')].slice(0, 5);
      return items.length === 5 && items.every((i) => i.querySelector('.folio-item-title a'));
    });
    const titles = await page.$$eval('.folio-item', (items) => items.slice(0, 5).map((i) => i.querySelector('.folio-item-title a').textContent));
    assert.deepEqual(titles, best.slice(0, 5));
    assert.ok(whole > 0, 'no range was asked for');
    assert.deepEqual(page.errors, []);
  } finally {
    await local.close();
    rmSync(root, { recursive: true, force: true });
  }
});
