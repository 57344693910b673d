// Hosting: the same build under a GitHub-Pages-style sub-path, and under a strict
// Content-Security-Policy with no CSP violation reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundle, start, scan } from './harness.mjs';

const index = bundle();
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src * data:; object-src 'none'; base-uri 'none'";

test('under a sub-path, deep links survive reload and a new tab', async () => {
  const env = await start({ prefix: '/folio-archive/' });
  try {
    assert.match(env.url, /\/folio-archive\/$/);
    const page = await env.page();
    const article = index.articles[3];
    await page.goto(`${env.url}#/a/${encodeURIComponent(article.slug)}`);
    await page.waitForSelector('.folio-body');
    assert.equal(await page.textContent('.folio-article-title'), article.title);
    await page.reload();
    await page.waitForSelector('.folio-body');
    assert.equal(await page.textContent('.folio-article-title'), article.title);

    // A search view, with the index files fetched from under the sub-path.
    const view = `${env.url}#/?q=${encodeURIComponent('的')}&sort=old`;
    const tab = await env.page();
    await tab.goto(view);
    await tab.waitForSelector('.folio-results[data-search="done"]');
    const expected = scan('的');
    assert.ok(expected.length > 1 && expected.length < 20);
    // The rows below the first screen come a frame after it (16 here, 12 on a screen).
    await tab.waitForFunction((n) => document.querySelectorAll('.folio-item').length >= n, expected.length);
    assert.equal(await tab.locator('.folio-item').count(), expected.length);
    assert.deepEqual([...page.errors, ...tab.errors], []);
  } finally {
    await env.close();
  }
});

test('a strict CSP reports no violation and the app works', async () => {
  const env = await start({ headers: { 'content-security-policy': CSP } });
  try {
    const page = await env.page();
    const violations = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(env.url);
    await page.waitForSelector('.folio-item');
    const original = index.articles.find((a) => a.title.startsWith('共享芬芳'));
    await page.click(`.folio-item-title a:text-is("${original.title}")`);
    await page.waitForSelector('.folio-body img');
    await page.keyboard.press('?');
    await page.waitForSelector('.folio-help');
    await page.waitForTimeout(200);
    const inPage = await page.evaluate(() => window.__violations);
    assert.deepEqual([...violations, ...inPage], []);
    assert.deepEqual(page.errors, []);
  } finally {
    await env.close();
  }
});
