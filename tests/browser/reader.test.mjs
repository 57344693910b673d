// Reader features in headless Chromium: read and starred marks kept per bundle (filters with
// counts, export and import, mark all), the table of contents, images full size, the tab's and
// the site's title, languages, small screens and empty states.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, bundle, start } from './harness.mjs';

let env;
const index = bundle();
const total = index.articles.length;
const headingsOf = (a) => (a.body().match(/<h[1-4][ >]/g) ?? []).length;
// Bodies whose headings skip no level below the article's title (h1): axe-core checks the order.
const ordered = (a) => !/<h[1-4][ >]/.test(a.body()) || /^<h2[ >]/.test(a.body().match(/<h[1-4][ >]/)[0]);
const withContents = index.articles.find((a) => headingsOf(a) >= 3 && ordered(a));
const withoutIds = index.articles.find((a) => headingsOf(a) >= 3 && !/<h[1-4] id=/.test(a.body()));
const withoutContents = index.articles.find((a) => headingsOf(a) === 0);
const withImage = index.articles.find((a) => /<img /.test(a.body()) && !/<a [^>]*>\s*<img/.test(a.body()) && ordered(a));

before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

async function list(page, hash = '') {
  await page.goto(env.url + hash);
  await page.waitForSelector('.folio-item');
}

async function article(page, a) {
  await page.goto(`${env.url}#/a/${encodeURIComponent(a.slug)}`);
  await page.waitForSelector('.folio-body');
}

const pressed = (page, selector) => page.getAttribute(selector, 'aria-pressed');
const chipCount = (page, label) => page.textContent(`.folio-marks .folio-chip:has-text("${label}") .folio-chip-count`);

test('opening an article marks it read; s stars it, m toggles read; the list shows both and filters by them', async () => {
  const page = await env.page();
  await list(page);
  await page.waitForFunction(() => document.querySelector('.folio-marks .folio-chip-count')?.textContent !== '');
  assert.equal(await chipCount(page, 'Unread'), String(total));
  assert.equal(await chipCount(page, 'Starred'), '0');
  const [first, second] = index.articles;
  await article(page, first);
  await page.waitForFunction(() => document.querySelector('.folio-article-marks [part~=read]')?.getAttribute('aria-pressed') === 'true');
  assert.equal(await pressed(page, '.folio-article-marks [part~=star]'), 'false');
  await page.keyboard.press('s');
  await page.waitForFunction(() => document.querySelector('.folio-article-marks [part~=star]').getAttribute('aria-pressed') === 'true');
  // m takes the read mark back, and gives it again.
  await page.keyboard.press('m');
  await page.waitForFunction(() => document.querySelector('.folio-article-marks [part~=read]').getAttribute('aria-pressed') === 'false');
  await page.keyboard.press('m');
  await page.waitForFunction(() => document.querySelector('.folio-article-marks [part~=read]').getAttribute('aria-pressed') === 'true');
  await list(page);
  const row = '.folio-item[data-row="0"]';
  assert.equal(await pressed(page, `${row} [part~=read]`), 'true');
  assert.equal(await pressed(page, `${row} [part~=star]`), 'true');
  assert.equal(await pressed(page, '.folio-item[data-row="1"] [part~=read]'), 'false');
  // The second row's star, by its button; its read mark, by j and m.
  await page.click('.folio-item[data-row="1"] [part~=star]');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('m');
  await page.waitForFunction(() => document.querySelector('.folio-item[data-row="1"] [part~=read]').getAttribute('aria-pressed') === 'true');
  await page.waitForFunction((n) => document.querySelector('.folio-marks .folio-chip .folio-chip-count').textContent === String(n), total - 2);
  assert.equal(await chipCount(page, 'Starred'), '2');
  // The starred filter is in the address, and survives a reload.
  await page.click('.folio-marks .folio-chip:has-text("Starred")');
  await page.waitForFunction(() => location.hash.includes('show=starred'));
  await page.reload();
  // The rows' titles, not their placeholders: the newest rows come in a page of their own.
  await page.waitForSelector('.folio-item-title');
  const titles = await page.$$eval('.folio-item-title a', (as) => as.map((a) => a.textContent));
  assert.deepEqual(titles, [first.title, second.title]);
  assert.equal(await page.textContent('.folio-count'), `2 of ${total} articles`);
  await list(page, '#/?show=unread');
  assert.equal(await page.locator('.folio-item').count(), Math.min(20, total - 2));
  assert.ok(!(await page.$$eval('.folio-item-title a', (as) => as.map((a) => a.textContent))).includes(first.title));
  // Kept under the bundle's address.
  const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('folio-marks:')));
  assert.deepEqual(keys, [`folio-marks:${env.url}data/`]);
  const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), keys[0]));
  assert.deepEqual(stored.starred.sort(), [first.slug, second.slug].sort());
  assert.deepEqual(page.errors, []);
});

test('marks export to a JSON file and import from one (a wrong file is named and refused); mark all reads a whole view', async () => {
  const page = await env.page();
  await list(page);
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('folio-marks:')).forEach((k) => localStorage.removeItem(k)));
  await list(page);
  await page.click('.folio-item[data-row="2"] [part~=star]');
  const download = page.waitForEvent('download');
  await page.click('.folio-marks button:has-text("Export")');
  const file = await download;
  assert.equal(file.suggestedFilename(), 'folio-marks.json');
  const exported = JSON.parse(readFileSync(await file.path(), 'utf8'));
  assert.deepEqual(exported, { folio: 'marks', read: [], starred: [index.articles[2].slug] });

  const dir = mkdtempSync(join(tmpdir(), 'folio-marks-'));
  try {
    const bad = join(dir, 'notes.json');
    writeFileSync(bad, '{"hello": 1}');
    await page.setInputFiles('.folio-import input', bad);
    await page.waitForSelector('.folio-marks .folio-error[role=alert]');
    assert.match(await page.textContent('.folio-marks .folio-error'), /“notes\.json” is not a file of read and starred articles/);
    const good = join(dir, 'marks.json');
    writeFileSync(good, JSON.stringify({ folio: 'marks', read: [index.articles[0].slug, 'no-such-article'], starred: [index.articles[3].slug] }));
    await page.setInputFiles('.folio-import input', good);
    await page.waitForFunction(() => document.querySelector('.folio-item[data-row="3"] [part~=star]').getAttribute('aria-pressed') === 'true');
    assert.equal(await pressed(page, '.folio-item[data-row="2"] [part~=star]'), 'true', 'an import adds to the marks');
    assert.equal(await pressed(page, '.folio-item[data-row="0"] [part~=read]'), 'true');
    assert.equal(await page.locator('.folio-marks .folio-error').count(), 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Every article of a filtered view, rows not yet shown included.
  const tag = index.articles.flatMap((a) => a.tags).find((t, _, all) => all.filter((x) => x === t).length >= 2);
  const tagged = index.articles.filter((a) => a.tags.includes(tag));
  await list(page, `#/?tag=${encodeURIComponent(tag)}`);
  await page.waitForFunction(() => document.querySelector('.folio-marks .folio-chip-count')?.textContent !== '');
  await page.click('.folio-marks button:has-text("Mark all in this view as read")');
  await page.waitForFunction(() => document.querySelector('.folio-marks .folio-chip .folio-chip-count').textContent === '0');
  await list(page);
  const readNow = tagged.length + (tagged.includes(index.articles[0]) ? 0 : 1);
  await page.waitForFunction((n) => document.querySelector('.folio-marks .folio-chip .folio-chip-count').textContent === String(n), total - readNow);
  assert.deepEqual(page.errors, []);
});

test('an article with three headings or more has contents that follow the reading position; the tab says its title', async () => {
  assert.ok(withContents, 'a seed article has three headings or more');
  const page = await env.page();
  await page.setViewportSize({ width: 1400, height: 700 });
  await article(page, withContents);
  await page.waitForSelector('[part=toc] a');
  assert.equal(await page.locator('[part=toc] a').count(), headingsOf(withContents));
  assert.notEqual(await page.getAttribute('[part=toc] details', 'open'), null, 'open on a wide screen');
  assert.equal(await page.title(), `${withContents.title} — Folio`);
  await page.locator('[part=toc] a').nth(1).click();
  // The heading clicked is at the top: it is the one being read (or a later one, when the
  // page ends before it can reach the top).
  await page.waitForFunction(() => [...document.querySelectorAll('[part=toc] a')].findIndex((a) => a.getAttribute('aria-current') === 'location') >= 1);
  const box0 = await page.locator('[part=toc]').boundingBox();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction(() => [...document.querySelectorAll('[part=toc] a')].every((a) => !a.hasAttribute('aria-current')));
  assert.ok(box0.y >= 0);
  // Sticky at the side: it stays on screen while the body scrolls.
  const box = await page.locator('[part=toc]').boundingBox();
  assert.ok(box.y >= 0 && box.y < 700, `contents on screen at ${box.y}`);
  const body = await page.locator('.folio-body').boundingBox();
  assert.ok(box.x >= body.x + body.width, 'contents at the side of the body');
  // Headings of an HTML article, without ids, are linked too.
  await article(page, withoutIds);
  await page.waitForSelector('[part=toc] a');
  assert.equal(await page.locator('[part=toc] a').count(), headingsOf(withoutIds));
  await page.locator('[part=toc] a').nth(1).click();
  await page.waitForFunction(() => document.querySelectorAll('[part=toc] a')[1].getAttribute('aria-current') === 'location'
    || document.querySelectorAll('[part=toc] a')[2].getAttribute('aria-current') === 'location');
  await page.setViewportSize({ width: 360, height: 740 });
  await article(page, withoutContents);
  assert.equal(await page.locator('[part=toc]').count(), 0);
  await article(page, withContents);
  await page.waitForSelector('[part=toc]');
  assert.equal(await page.getAttribute('[part=toc] details', 'open'), null, 'folded on a phone');
  await page.click('[part=toc] summary');
  assert.ok(await page.isVisible('[part=toc] a'));
  await list(page, '#/?q=rust');
  await page.waitForFunction(() => document.title === 'rust — Folio');
  // Typed text reaches the title with the address, once typing pauses (not every keystroke).
  await page.fill('#folio-filter-input', 'rust release');
  await page.waitForFunction(() => document.title === 'rust release — Folio' && location.hash.includes('q=rust+release'));
  assert.deepEqual(page.errors, []);
});

test('an image opens full size on click and Esc closes it, leaving the article open', async () => {
  assert.ok(withImage, 'a seed article has an image outside a link');
  const page = await env.page();
  await article(page, withImage);
  const url = page.url();
  await page.click('.folio-body img');
  await page.waitForSelector('.folio-zoom[role=dialog]');
  assert.equal(await page.getAttribute('.folio-zoom img', 'src'), await page.evaluate(() => document.querySelector('.folio-body img').currentSrc));
  assert.equal(await page.evaluate(() => document.activeElement.className), 'folio-zoom-close');
  await page.keyboard.press('Escape');
  await page.waitForSelector('.folio-zoom', { state: 'detached' });
  assert.equal(page.url(), url);
  assert.ok(await page.isVisible('.folio-body'));
});

test('Esc closes what is on top and only that: the image full size, then the help, then the article', async () => {
  const page = await env.page();
  await article(page, withImage);
  const url = page.url();
  // Both keyboard layers, after renders that once re-added the page's listener last.
  await page.keyboard.press('s');
  await page.keyboard.press('s');
  await page.click('.folio-body img');
  await page.waitForSelector('.folio-zoom[role=dialog]');
  await page.keyboard.press('Escape');
  await page.waitForSelector('.folio-zoom', { state: 'detached' });
  assert.equal(page.url(), url);
  await page.keyboard.press('?');
  await page.waitForSelector('.folio-help[role=dialog]');
  await page.keyboard.press('Escape');
  await page.waitForSelector('.folio-help', { state: 'detached' });
  assert.equal(page.url(), url);
  assert.ok(await page.isVisible('.folio-body'));
  await page.keyboard.press('Escape');
  await page.waitForSelector('.folio-item');
  assert.deepEqual(page.errors, []);
});

test("the header and the tab show the site's title; <html lang> follows the UI; bodies carry their language; the title shows no focus frame", async () => {
  const root = mkdtempSync(join(tmpdir(), 'folio-titled-'));
  for (const name of readdirSync(DIST)) if (name !== 'data') cpSync(join(DIST, name), join(root, name), { recursive: true });
  const made = spawnSync('target/bundler/folio', ['bundle', 'seeds', '--out', join(root, 'data'), '--site-title', '我的归档'], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const titled = await start({ root, locale: 'zh-CN' });
  try {
    const page = await titled.page();
    await page.goto(titled.url);
    await page.waitForSelector('.folio-item');
    assert.equal(await page.textContent('.folio-brand'), '我的归档');
    await page.waitForFunction(() => document.title === '我的归档');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    await page.click('.folio-header button[lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    const chinese = index.articles.find((a) => /^[\u4e00-\u9fff]/.test(a.title));
    const english = index.articles.find((a) => /^[A-Za-z][A-Za-z0-9 ,.:'-]+$/.test(a.title));
    await page.goto(`${titled.url}#/a/${encodeURIComponent(chinese.slug)}`);
    await page.waitForSelector('.folio-body');
    assert.equal(await page.getAttribute('.folio-article', 'lang'), 'zh');
    await page.waitForFunction((t) => document.title === `${t} — 我的归档`, chinese.title);
    const frame = await page.evaluate(() => {
      const h = document.querySelector('.folio-article-title');
      return { focused: document.activeElement === h, outline: getComputedStyle(h).outlineStyle };
    });
    assert.deepEqual(frame, { focused: true, outline: 'none' });
    await page.goto(`${titled.url}#/a/${encodeURIComponent(english.slug)}`);
    await page.waitForSelector('.folio-body');
    assert.equal(await page.getAttribute('.folio-article', 'lang'), 'en');
  } finally {
    await titled.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('at 360 px the facets fold behind a button and the first article is on the first screen; rows without an image have no thumbnail box', async () => {
  const page = await env.page();
  await page.setViewportSize({ width: 360, height: 740 });
  await list(page);
  assert.equal(await page.isVisible('.folio-facets'), false);
  const first = await page.locator('.folio-item').first().boundingBox();
  assert.ok(first.y + 40 < 740, `first row at ${first.y}`);
  assert.equal(await page.getAttribute('.folio-facets-toggle', 'aria-expanded'), 'false');
  await page.click('.folio-facets-toggle');
  assert.ok(await page.isVisible('.folio-facets'));
  assert.equal(await page.getAttribute('.folio-facets-toggle', 'aria-expanded'), 'true');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360));
  const rows = await page.$$eval('.folio-item:not(.folio-item-loading)', (items) => items.map((li) => ({
    title: li.querySelector('.folio-item-title').textContent,
    box: li.querySelector('.folio-thumb') !== null,
  })));
  for (const row of rows) {
    const a = index.articles.find((x) => x.title === row.title);
    assert.equal(row.box, Boolean(a.thumb), row.title);
  }
  assert.ok(rows.some((r) => !r.box) && rows.some((r) => r.box), 'the seeds have rows of both kinds');
});

test('no results offers the ways out; a missing bundle names the command that makes one', async () => {
  const page = await env.page();
  const tag = index.articles[0].tags[0];
  await page.goto(`${env.url}#/?q=zzzz-nothing&tag=${encodeURIComponent(tag)}`);
  await page.waitForSelector('.folio-empty');
  await page.click('.folio-empty button:has-text("Search all articles")');
  await page.waitForFunction(() => location.hash === '#/?q=zzzz-nothing');
  await page.waitForSelector('.folio-empty');
  await page.click('.folio-empty button:has-text("Clear the filters")');
  await page.waitForFunction((n) => document.querySelector('.folio-count')?.textContent === `${n} articles`, total);
  const root = mkdtempSync(join(tmpdir(), 'folio-nodata-'));
  for (const name of readdirSync(DIST)) if (name !== 'data') cpSync(join(DIST, name), join(root, name), { recursive: true });
  const empty = await start({ root });
  try {
    const p = await empty.page();
    await p.goto(empty.url);
    await p.waitForSelector('.folio-error[role=alert]');
    assert.match(await p.textContent('.folio-error'), /folio bundle <articles folder> --out data/);
  } finally {
    await empty.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('axe-core finds no violations with marks, contents and an image full size, in both themes', async () => {
  const page = await env.page();
  const audit = async () => {
    await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  };
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await list(page, '#/?show=unread');
    await page.click('.folio-item[data-row="0"] [part~=star]');
    assert.deepEqual(await audit(), [], `list with marks (${scheme})`);
    await page.setViewportSize({ width: 1400, height: 800 });
    await article(page, withContents);
    await page.waitForSelector('[part=toc]');
    assert.deepEqual(await audit(), [], `article with contents (${scheme})`);
    await article(page, withImage);
    await page.click('.folio-body img');
    await page.waitForSelector('.folio-zoom');
    assert.deepEqual(await audit(), [], `image full size (${scheme})`);
    await page.setViewportSize({ width: 360, height: 740 });
    await list(page);
    await page.click('.folio-facets-toggle');
    assert.deepEqual(await audit(), [], `phone with facets unfolded (${scheme})`);
  }
});

test('the timeline draws the view by month, follows the filters, and a click, a drag or Enter filters the dates, in the URL', async () => {
  const page = await env.page();
  const months = index.entry.facets.months;
  const key = (y, m) => y * 12 + m - 1;
  const span = key(months.at(-1).y, months.at(-1).m) - key(months[0].y, months[0].m) + 1;
  const dated = months.reduce((s, m) => s + m.n, 0);
  await list(page);
  await page.waitForSelector('[part=timeline] [data-bar]');
  assert.equal(await page.locator('[part=timeline] [data-bar]').count(), span);
  assert.match(await page.textContent('.folio-timeline-text'), new RegExp(`Timeline: ${dated} dated articles by month`));
  // A click on the busiest month's bar filters to it.
  const busiest = months.reduce((a, b) => (b.n > a.n ? b : a));
  const at = key(busiest.y, busiest.m) - key(months[0].y, months[0].m);
  await page.click(`[part=timeline] [data-bar="${at}"]`);
  await page.waitForFunction(({ y, m }) => location.hash.includes(`y=${y}&m=${m}`), busiest);
  await page.waitForFunction((text) => document.querySelector('.folio-count')?.textContent === text, `${busiest.n} of ${total} articles`);
  assert.equal(await page.textContent('.folio-count'), `${busiest.n} of ${total} articles`);
  assert.equal(await page.getAttribute(`[part=timeline] [data-bar="${at}"]`, 'aria-pressed'), 'true');
  // A drag from the first bar to the last chooses the range of their months.
  await list(page);
  await page.waitForSelector('[part=timeline] [data-bar]');
  const box = await page.locator('[part=timeline] svg').boundingBox();
  const barWidth = box.width / span;
  await page.mouse.move(box.x + barWidth / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + box.width - barWidth / 2, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  const pad = (n) => String(n).padStart(2, '0');
  const from = `${months[0].y}-${pad(months[0].m)}`;
  const to = `${months.at(-1).y}-${pad(months.at(-1).m)}`;
  await page.waitForFunction((want) => location.hash.includes(want), `from=${from}&to=${to}`);
  const counted = dated === total ? `${total} articles` : `${dated} of ${total} articles`;
  await page.waitForFunction((text) => document.querySelector('.folio-count')?.textContent === text, counted);
  // By keyboard: the last bar takes focus, arrows move, Enter chooses.
  await list(page);
  await page.waitForSelector('[part=timeline] [data-bar]');
  await page.focus(`[part=timeline] [data-bar="${span - 1}"]`);
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await page.waitForFunction(({ y, m }) => location.hash.includes(`y=${y}&m=${m}`), months[0]);
  // It follows the filters: a tag's articles only.
  const tag = index.articles.flatMap((a) => a.tags).find((t, _, all) => all.filter((x) => x === t).length >= 3);
  const tagged = index.articles.filter((a) => a.tags.includes(tag) && a.date != null);
  await list(page, `#/?tag=${encodeURIComponent(tag)}`);
  await page.waitForFunction((n) => new RegExp(`Timeline: ${n} dated articles`).test(document.querySelector('.folio-timeline-text')?.textContent ?? ''), tagged.length);
  const days = tagged.map((a) => Math.floor(a.date / 86400));
  const daily = Math.max(...days) - Math.min(...days) < 62;
  assert.match(await page.textContent('.folio-timeline-text'), daily ? /by day/ : /by month/);
  // Readable at 360 px: inside the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  await list(page);
  const small = await page.locator('[part=timeline] svg').boundingBox();
  assert.ok(small.width > 250 && small.x + small.width <= 360, `timeline ${small.x}+${small.width}`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360));
  // Chinese.
  await page.evaluate(() => localStorage.setItem('folio-lang', 'zh'));
  await list(page);
  assert.match(await page.textContent('.folio-timeline-text'), new RegExp(`时间线：.*共 ${dated} 篇有日期的文章，按月显示`));
  await page.evaluate(() => localStorage.removeItem('folio-lang'));
  assert.deepEqual(page.errors, []);
});
