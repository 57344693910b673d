// Untrusted articles in the real app: every known XSS vector, in bodies and in front matter, is
// bundled and opened in Chromium. Nothing may run and nothing dangerous may reach the DOM.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle, DIST, start } from './harness.mjs';

const FOLIO = process.env.FOLIO_BIN ?? 'target/bundler/folio';
const vectors = readFileSync('tests/fixtures/xss/vectors.txt', 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'));

let env;
let index;
const root = mkdtempSync(join(tmpdir(), 'folio-xss-'));

before(async () => {
  const seeds = join(root, 'seeds');
  const site = join(root, 'dist');
  mkdirSync(seeds);
  for (const name of readdirSync(DIST)) if (name !== 'data') cpSync(join(DIST, name), join(site, name), { recursive: true });
  vectors.forEach((v, i) => {
    const yaml = (s) => `'${s.replaceAll("'", "''")}'`;
    writeFileSync(
      join(seeds, `v${String(i).padStart(2, '0')}.md`),
      `---\ntitle: ${yaml(`XSS ${i} <img src=x onerror=alert(1)>`)}\nauthor: ${yaml('<script>alert(1)</script>')}\n` +
        `thumbnail: ${yaml('javascript:alert(1)')}\nheadimg: ${yaml('javascript:alert(1)')}\n` +
        `categories: [${yaml('<svg onload=alert(1)>')}]\n---\nVector ${i}:\n\n${v}\n\nend of vector ${i}\n`,
    );
  });
  writeFileSync(join(seeds, 'all-in-html.md'), `---\ntitle: All vectors in one HTML body\n---\n<div>\n${vectors.join('\n')}\n</div>`);
  const run = spawnSync(FOLIO, ['bundle', seeds, '--out', join(site, 'data')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, new RegExp(`read ${vectors.length + 1}, bundled ${vectors.length + 1}, skipped 0`));
  index = bundle(site);
  env = await start({ root: site });
});
after(async () => {
  await env?.close();
});

/** Everything dangerous that is in the page's DOM right now. */
function dangers() {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    const inApp = el.closest('.folio');
    if (!inApp) continue;
    if (['script', 'style', 'object', 'embed', 'form', 'base', 'meta', 'link', 'input', 'button', 'textarea', 'select', 'svg', 'template'].includes(tag)) {
      // The app's own controls: the filter, the marks file's input, buttons, and the timeline's
      // drawing, none of them inside an article's body; in an article an input is only ever a
      // disabled checkbox (task lists).
      const taskBox = tag === 'input' && el.closest('.folio-body') && el.type === 'checkbox' && el.disabled;
      const own = (tag === 'input' && el.id === 'folio-filter-input')
        || (tag === 'input' && el.type === 'file' && el.closest('.folio-import') && !el.closest('.folio-body'))
        || (tag === 'button' && !el.closest('.folio-body'))
        || (tag === 'svg' && el.parentElement?.classList.contains('folio-timeline'));
      if (!own && !taskBox) found.push(`<${tag}>`);
    }
    // MathML is inert layout (formulas are rendered at build time); it may not link anywhere.
    if (el.namespaceURI === 'http://www.w3.org/1998/Math/MathML' && (el.hasAttribute('href') || tag === 'maction' || tag === 'annotation-xml')) found.push(`<${tag}> MathML`);
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      if (name.startsWith('on')) found.push(`${tag}[${name}]`);
      if (name === 'srcdoc') found.push(`${tag}[srcdoc]`);
      if (/^(javascript|vbscript):/.test(value) || value.startsWith('data:text')) found.push(`${tag}[${name}=${attr.value}]`);
    }
    if (el.closest('.folio-body') && getComputedStyle(el).position === 'fixed') found.push(`${tag} position:fixed`);
  }
  return found;
}

test('no vector runs or reaches the DOM, in the list or in any article', async () => {
  assert.ok(vectors.length >= 30, `${vectors.length} vectors`);
  const page = await env.page();
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  await page.goto(env.url);
  // The rows themselves, not their placeholders, before they are searched for what must not be
  // there (the newest rows come in a page of their own).
  await page.waitForSelector('.folio-item-title');
  assert.equal(await page.textContent('.folio-count'), `${vectors.length + 1} articles`);
  assert.equal(await page.locator('.folio-item-title img, .folio-meta script, .folio-meta svg').count(), 0);
  assert.deepEqual(await page.evaluate(dangers), []);

  for (const article of index.articles) {
    await page.goto(`${env.url}#/a/${encodeURIComponent(article.slug)}`);
    await page.waitForSelector('.folio-body');
    await page.waitForTimeout(20);
    const found = await page.evaluate(dangers);
    assert.deepEqual(found, [], `${article.title}: ${found.join(', ')}`);
    assert.equal(await page.textContent('.folio-article-title'), article.title);
    assert.equal(await page.locator('.folio-head').count(), 0, 'a javascript: head image must not be shown');
  }
  // Links whose javascript: URL was removed do nothing when clicked.
  const all = index.articles.find((a) => a.title.startsWith('All vectors'));
  await page.goto(`${env.url}#/a/${encodeURIComponent(all.slug)}`);
  await page.waitForSelector('.folio-body');
  for (const link of await page.locator('.folio-body a').all()) await link.click({ force: true, noWaitAfter: true }).catch(() => {});
  await page.waitForTimeout(200);
  assert.deepEqual(dialogs, []);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(page.errors, []);
});
