// Embedding: two <folio-viewer> elements and a self-sizing iframe in a host page that has
// aggressive global CSS and anchors of its own. Styles must not cross either way, and the
// viewers must leave the host's URL alone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle, DIST, start, scan } from './harness.mjs';

const HOST = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Host page</title>
<style>
  * { color: rgb(255, 0, 0) !important; font-family: serif !important; letter-spacing: 3px; }
  div, li, ol { border: 3px dashed green; padding: 20px; margin: 20px; list-style: square; }
  a, button, input { font-size: 40px; display: block; }
  .folio-item, .folio-body { display: none; }
</style></head>
<body>
  <p class="folio-item" id="host-marker">A host paragraph that happens to use a viewer class name.</p>
  <a href="#section-2" id="host-anchor">Jump to section 2</a>
  <folio-viewer id="one" src="data/"></folio-viewer>
  <folio-viewer id="two" src="data"></folio-viewer>
  <h2 id="section-2">Section 2</h2>
  <iframe data-folio id="frame" src="index.html" title="Folio in a frame" style="width: 900px; height: 120px"></iframe>
  <script type="module" src="embed.js"></script>
  <script src="embed-frame.js"></script>
</body></html>`;

let env;
const index = bundle();
before(async () => {
  const root = mkdtempSync(join(tmpdir(), 'folio-embed-'));
  cpSync(DIST, root, { recursive: true });
  writeFileSync(join(root, 'host.html'), HOST);
  writeFileSync(
    join(root, 'param.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head><body>
     <a href="#top" id="top">top</a>
     <folio-viewer id="kept" src="data/" state-param="archive"></folio-viewer>
     <script type="module" src="embed.js"></script></body></html>`,
  );
  env = await start({ root });
});
after(async () => {
  await env?.close();
});

test('two viewers render in shadow roots, styles stay apart, the host URL stays put', async () => {
  const page = await env.page();
  const host = `${env.url}host.html`;
  await page.goto(host);
  await page.waitForFunction(() => ['one', 'two'].every((id) => document.getElementById(id).shadowRoot?.querySelectorAll('.folio-item').length > 0));
  // The first viewer's rows with their titles, not placeholders (the newest rows come in a page
  // of their own; the second viewer, below the fold, asks for it once it nears the screen).
  await page.waitForFunction(() => document.getElementById('one').shadowRoot.querySelectorAll('.folio-item-title').length > 0);
  for (const id of ['one', 'two']) {
    assert.equal(await page.locator(`#${id} .folio-count`).textContent(), `${index.articles.length} articles`);
  }
  // The host's CSS does not reach into a viewer…
  const inside = await page.evaluate(() => {
    const shadow = document.getElementById('one').shadowRoot;
    const title = getComputedStyle(shadow.querySelector('.folio-item-title a'));
    const item = getComputedStyle(shadow.querySelector('.folio-item'));
    return { color: title.color, font: title.fontFamily, display: item.display, border: item.borderTopStyle, spacing: title.letterSpacing };
  });
  assert.notEqual(inside.color, 'rgb(255, 0, 0)');
  assert.doesNotMatch(inside.font, /^serif$/);
  assert.equal(inside.display, 'flex');
  assert.equal(inside.border, 'none');
  // …and the viewer's CSS does not reach out.
  const outside = await page.evaluate(() => {
    const marker = getComputedStyle(document.getElementById('host-marker'));
    return { display: marker.display, sheets: [...document.styleSheets].filter((s) => s.href?.includes('folio-')).length };
  });
  assert.deepEqual(outside, { display: 'none', sheets: 0 });

  // Navigating in one viewer changes neither the host URL nor the other viewer.
  await page.locator('#one .folio-item-title a').first().click();
  await page.waitForSelector('#one .folio-body');
  assert.equal(page.url(), host);
  assert.equal(await page.locator('#two .folio-body').count(), 0);
  assert.equal(await page.locator('#two .folio-count').textContent(), `${index.articles.length} articles`);
  assert.equal(await page.locator('#one .folio-article-title').textContent(), index.articles[0].title);

  // The host's own anchors still work, and the viewers keep their state.
  await page.click('#host-anchor');
  assert.equal(new URL(page.url()).hash, '#section-2');
  assert.equal(await page.locator('#one .folio-article-title').textContent(), index.articles[0].title);

  // Keys typed in the host page are not the viewers' business; inside a viewer they work.
  await page.locator('#host-anchor').focus();
  await page.keyboard.press('u');
  assert.equal(await page.locator('#one .folio-article-title').count(), 1);
  await page.locator('#two .folio-filter-input').focus();
  await page.keyboard.press('Escape');
  await page.locator('#two .folio-item-title a').first().focus();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#two .folio-body');
  assert.equal(await page.locator('#two .folio-article-title').textContent(), index.articles[1].title);
  assert.equal(new URL(page.url()).hash, '#section-2');

  // Search works inside a viewer: its index files come from the viewer's data folder.
  await page.locator('#two .folio-back a').click();
  await page.locator('#two .folio-filter-input').fill('的');
  await page.waitForSelector('#two .folio-results[data-search="done"][data-q="的"]');
  assert.equal(await page.locator('#two .folio-count').textContent(), `${scan('的').length} of ${index.articles.length} articles`);
  await page.locator('#two .folio-excerpt mark').first().waitFor();
  assert.equal(page.url(), `${host}#section-2`);
  assert.deepEqual(page.errors, []);
});

test('the iframe embed sizes itself to its content', async () => {
  const page = await env.page();
  await page.goto(`${env.url}host.html`);
  const frame = page.frameLocator('#frame');
  await frame.locator('.folio-item').first().waitFor();
  await page.waitForFunction(() => document.getElementById('frame').getBoundingClientRect().height > 1000);
  const [outer, inner] = await Promise.all([
    page.evaluate(() => document.getElementById('frame').clientHeight),
    page.frame({ url: /index\.html/ }).evaluate(() => Math.ceil(document.getElementById('folio-main').getBoundingClientRect().bottom + scrollY)),
  ]);
  assert.ok(Math.abs(outer - inner) <= 2, `frame ${outer}px, content ${inner}px`);
  // It follows the content: a filter with one result makes the frame shorter.
  await frame.locator('#folio-filter-input').fill('whippoorwill zzz-none');
  await page.waitForFunction(() => document.getElementById('frame').getBoundingClientRect().height < 1000);
});

test('with state-param the route is kept in the host URL, and a reload restores it', async () => {
  const page = await env.page();
  await page.goto(`${env.url}param.html?host=1#top`);
  await page.locator('#kept .folio-item-title a').nth(2).click();
  await page.waitForSelector('#kept .folio-body');
  const url = new URL(page.url());
  assert.equal(decodeURIComponent(url.searchParams.get('archive')), `/a/${index.articles[2].slug}`);
  assert.equal(url.searchParams.get('host'), '1');
  assert.equal(url.hash, '#top');
  await page.reload();
  await page.waitForSelector('#kept .folio-body');
  assert.equal(await page.locator('#kept .folio-article-title').textContent(), index.articles[2].title);
  assert.deepEqual(page.errors, []);
});
