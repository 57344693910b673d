// `folio serve` as a writer uses it: a folder of articles, the page open, files edited, added,
// broken, fixed and deleted; the page follows each save without a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, DIST, FLAGS, servedUrl } from './harness.mjs';

const FOLIO = process.env.FOLIO_BIN ?? 'target/bundler/folio';
let work, posts, server, browser, url, log = '';

const article = (title, author, body = 'Some text.') =>
  `---\ntitle: ${title}\nauthor: ${author}\ndate: 2024-01-0${title.length % 9 + 1}\ncategories: [Notes]\n---\n${body}\n`;
const write = (name, text) => writeFileSync(join(posts, name), text);

/** Starts `folio serve` on a free port and resolves with the URL it prints. */
function startServer() {
  server = spawn(FOLIO, ['serve', posts, '--port', '0', '--dist', DIST, '--out', join(work, 'bundle')]);
  server.stderr.on('data', (d) => (log += d));
  return servedUrl(server, () => log);
}

/** Waits until `fn(arg)` is true in the page: the save reached it without a reload. */
const until = (page, fn, arg) => page.waitForFunction(fn, arg, { timeout: 10_000 });

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'folio-serve-'));
  posts = join(work, 'posts');
  mkdirSync(posts);
  write('first.md', article('First light', 'Ann'));
  write('second.md', article('Second wind', 'Ann', 'The second body.'));
  write('third.md', article('Third time', 'Bo'));
  url = await startServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
});

after(async () => {
  await browser?.close();
  server?.kill();
  rmSync(work, { recursive: true, force: true });
});

async function open(path = '') {
  const page = await browser.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(url + path);
  await page.waitForSelector('.folio-item-title');
  // The page reloads its data, never itself: a marker set now survives every save.
  await page.evaluate(() => (window.sameDocument = true));
  return page;
}

const authorCount = (page, name) =>
  page.$$eval('.folio-facet-authors .folio-chip', (chips, name) => {
    const chip = chips.find((c) => c.querySelector('.folio-chip-label').textContent.trim() === name);
    return chip ? Number(chip.querySelector('.folio-chip-count').textContent) : 0;
  }, name);

test('the list follows edits and new articles, with counts, without a page reload', async () => {
  const page = await open();
  assert.equal(await page.textContent('.folio-count'), '3 articles');
  assert.equal(await authorCount(page, 'Bo'), 1);

  write('first.md', article('First light, revised', 'Ann'));
  await until(page, () => [...document.querySelectorAll('.folio-item-title')].some((t) => t.textContent.includes('First light, revised')));

  write('fourth.md', article('Fourth estate', 'Bo'));
  await until(page, () => document.querySelector('.folio-count')?.textContent === '4 articles');
  await page.waitForSelector('.folio-item-title:has-text("Fourth estate")');
  await until(page, () => [...document.querySelectorAll('.folio-facet-authors .folio-chip')].some((c) => /Bo/.test(c.textContent) && /2/.test(c.querySelector('.folio-chip-count').textContent)));
  assert.equal(await authorCount(page, 'Bo'), 2);
  assert.equal(await page.evaluate(() => window.sameDocument), true);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a file that fails shows its path and line over the page until it is fixed', async () => {
  const page = await open();
  assert.equal(await page.locator('[part="error-overlay"]').count(), 0);
  write('broken.md', '---\ntitle: [never closed\n---\nText.\n');
  const overlay = page.locator('[part="error-overlay"]');
  await overlay.waitFor();
  assert.match(await overlay.textContent(), /broken\.md:2:\d+: error: /);
  assert.equal(await overlay.getAttribute('aria-labelledby'), 'folio-error-overlay-title');
  assert.equal(await page.locator('[part="error-overlay"] [role="alert"]').count(), 1);
  // The terminal says the same.
  assert.match(log, /broken\.md:2:\d+: error: /);
  // The rest of the archive is still shown beneath.
  assert.ok((await page.locator('.folio-item').count()) >= 3);
  await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
  const axe = await page.evaluate(() => window.axe.run('[part="error-overlay"]', { resultTypes: ['violations'] }));
  assert.deepEqual(axe.violations.map((v) => v.id), []);

  write('broken.md', article('Broken no more', 'Cy'));
  await overlay.waitFor({ state: 'detached' });
  await page.waitForSelector('.folio-item-title:has-text("Broken no more")');
  assert.equal(await page.evaluate(() => window.sameDocument), true);
  await page.close();
});

test('an open article stays open and shows its new text; deleted, it says so', async () => {
  const page = await open();
  await page.click('.folio-item-title:has-text("Second wind") a');
  await page.waitForSelector('.folio-body:has-text("The second body.")');
  const address = page.url();

  write('second.md', article('Second wind', 'Ann', 'The second body, rewritten.'));
  await page.waitForSelector('.folio-body:has-text("rewritten")');
  assert.equal(page.url(), address);
  assert.equal(await page.textContent('.folio-article-title'), 'Second wind');

  unlinkSync(join(posts, 'second.md'));
  await page.waitForSelector('.folio-not-found:has-text("This article was deleted.")');
  assert.equal(page.url(), address);
  assert.equal(await page.evaluate(() => window.sameDocument), true);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an open article whose file breaks keeps its last good version until it is fixed', async () => {
  write('fifth.md', article('Fifth column', 'Cy', 'The fifth body.'));
  const page = await open();
  await page.waitForSelector('.folio-item-title:has-text("Fifth column")');
  await page.click('.folio-item-title:has-text("Fifth column") a');
  await page.waitForSelector('.folio-body:has-text("The fifth body.")');
  const address = page.url();
  // Whatever renders while the file is broken, "deleted" or "no such article" must not.
  await page.evaluate(() => {
    window.sawNotFound = false;
    new MutationObserver(() => {
      if (document.querySelector('.folio-not-found')) window.sawNotFound = true;
    }).observe(document.body, { childList: true, subtree: true });
  });

  write('fifth.md', '---\ntitle: [never closed\nauthor: Cy\n---\nThe fifth body, half edited.\n');
  const overlay = page.locator('[part="error-overlay"]');
  await overlay.waitFor();
  assert.match(await overlay.textContent(), /fifth\.md:3:\d+: error: .*last good version/);
  assert.match(log, /fifth\.md:3:\d+: error: .*last good version/);

  // Fixed: the new text shows (so the broken build's reload came and went before it).
  write('fifth.md', article('Fifth column', 'Cy', 'The fifth body, fixed.'));
  await page.waitForSelector('.folio-body:has-text("The fifth body, fixed.")');
  await overlay.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => window.sawNotFound), false, 'it never said the article was gone');
  assert.equal(page.url(), address);
  assert.equal(await page.evaluate(() => window.sameDocument), true);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an address of an article that never was says so, not that it was deleted', async () => {
  const page = await browser.newPage();
  await page.goto(`${url}#/a/no-such-thing`);
  await page.waitForSelector('.folio-not-found');
  assert.match(await page.textContent('.folio-not-found'), /No article is called/);
  await page.close();
});
