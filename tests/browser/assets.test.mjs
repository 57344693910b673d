// Post assets and links between articles: a Hexo site with `post_asset_folder`, bundled by the
// bundler; an article's image from its asset folder loads, and a link to another article opens
// it inside the viewer (an anchor scrolled to), standalone, in a <folio-viewer> whose bundle is
// in another folder than the host page, and in the packed file opened from file://.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, start } from './harness.mjs';

const FOLIO = process.env.FOLIO_BIN ?? 'target/bundler/folio';
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const FILLER = Array.from({ length: 60 }, (_, i) => `Paragraph ${i} of filler text, so that the anchor is below the fold.`).join('\n\n');

function write(root, path, content) {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), content);
}

let env;
let root;
let hexo;
before(async () => {
  hexo = mkdtempSync(join(tmpdir(), 'folio-assets-site-'));
  write(hexo, '_config.yml', 'title: Assets\nurl: https://example.com/blog\nroot: /blog/\npost_asset_folder: true\n');
  write(hexo, 'source/_posts/hello.md', `---\ntitle: Hello\ndate: 2024-01-02\n---\n{% asset_img pixel.png A pixel %}\n\nRead [the other post](other.md#the-end) or {% post_link other %}.\n`);
  write(hexo, 'source/_posts/hello/pixel.png', PNG);
  write(hexo, 'source/_posts/other.md', `---\ntitle: Other\ndate: 2024-01-01\n---\n![same pixel](/images/pixel.png)\n\n${FILLER}\n\n## The end\n\nBack to [hello](/blog/2024/01/02/hello/).\n`);
  write(hexo, 'source/images/pixel.png', PNG);

  root = mkdtempSync(join(tmpdir(), 'folio-assets-'));
  for (const entry of readdirSync(DIST)) if (entry !== 'data') cpSync(join(DIST, entry), join(root, entry), { recursive: true });
  // The bundle lives in a folder of its own, away from the page that embeds it.
  const run = spawnSync(FOLIO, ['bundle', hexo, '--out', join(root, 'archive', 'bundle'), '--no-cache', '--strict'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /assets: 1 files copied/);
  cpSync(join(root, 'archive', 'bundle'), join(root, 'data'), { recursive: true });
  writeFileSync(
    join(root, 'host.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head><body>
     <folio-viewer id="viewer" src="archive/bundle/"></folio-viewer>
     <script type="module" src="embed.js"></script></body></html>`,
  );
  env = await start({ root });
});
after(async () => {
  await env?.close();
  for (const dir of [root, hexo]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Waits until every image of the article body in `scope` has loaded with pixels. */
async function imagesLoaded(page, scope) {
  await page.waitForFunction((selector) => {
    const host = selector ? document.querySelector(selector).shadowRoot : document;
    const images = [...(host?.querySelectorAll('.folio-body img') ?? [])];
    return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
  }, scope);
}

test('an asset image loads and a link opens the other article in the viewer, at its anchor', async () => {
  const page = await env.page();
  await page.goto(`${env.url}#/a/hello`);
  await page.waitForSelector('.folio-body img');
  await imagesLoaded(page, null);
  const src = await page.getAttribute('.folio-body img', 'src');
  assert.match(src, /^data\/m\/[0-9a-f]{2}\/[0-9a-f]{16}\.png$/);
  await page.click('.folio-body a:has-text("the other post")');
  await page.waitForFunction(() => document.querySelector('.folio-article-title')?.textContent === 'Other');
  assert.equal(new URL(page.url()).hash, '#/a/other');
  // The anchor is scrolled into view once the body shows.
  await page.waitForFunction(() => {
    const heading = document.getElementById('a-the-end');
    return heading && heading.getBoundingClientRect().top < window.innerHeight && heading.getBoundingClientRect().bottom > 0;
  });
  await imagesLoaded(page, null);
  // Back to the first by its permalink, and the browser's back button returns.
  await page.click('.folio-body a:has-text("hello")');
  await page.waitForFunction(() => document.querySelector('.folio-article-title')?.textContent === 'Hello');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('.folio-article-title')?.textContent === 'Other');
  assert.deepEqual(page.errors, []);
});

test('inside <folio-viewer>, assets load from the bundle and links stay in the viewer', async () => {
  const page = await env.page();
  await page.goto(`${env.url}host.html`);
  await page.locator('#viewer .folio-item-title a:has-text("Hello")').click();
  await page.locator('#viewer .folio-body img').waitFor();
  await imagesLoaded(page, '#viewer');
  const src = await page.locator('#viewer .folio-body img').getAttribute('src');
  assert.match(src, /\/archive\/bundle\/m\/[0-9a-f]{2}\/[0-9a-f]{16}\.png$/);
  await page.locator('#viewer .folio-body a:has-text("the other post")').click();
  await page.waitForFunction(() => document.getElementById('viewer').shadowRoot.querySelector('.folio-article-title')?.textContent === 'Other');
  // The host's address is left alone.
  assert.equal(new URL(page.url()).hash, '');
  assert.deepEqual(page.errors, []);
});

test('in the packed file, assets are inlined and links open inside it', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'folio-assets-pack-')), 'archive.html');
  const run = spawnSync(FOLIO, ['pack', '--dist', root, '--out', out], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const page = await env.page();
  const url = pathToFileURL(out).href;
  await page.goto(`${url}#/a/hello`);
  await page.waitForSelector('.folio-body img');
  await imagesLoaded(page, null);
  assert.match(await page.getAttribute('.folio-body img', 'src'), /^data:image\/png;base64,/);
  await page.click('.folio-body a:has-text("the other post")');
  await page.waitForFunction(() => document.querySelector('.folio-article-title')?.textContent === 'Other');
  await imagesLoaded(page, null);
  assert.deepEqual(page.errors, []);
  rmSync(join(out, '..'), { recursive: true, force: true });
});
