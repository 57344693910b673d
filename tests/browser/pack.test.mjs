// `folio pack`: one HTML file that works opened from file://, with no server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle, scan, start } from './harness.mjs';

const FOLIO = process.env.FOLIO_BIN ?? 'target/bundler/folio';

test('the packed file opens from file:// and shows the list and an article', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'folio-pack-')), 'archive.html');
  const run = spawnSync(FOLIO, ['pack', '--dist', 'dist', '--out', out], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(statSync(out).size > 100_000);
  const index = bundle();
  const env = await start();
  try {
    const page = await env.page();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(out).href;
    await page.goto(url);
    await page.waitForSelector('.folio-item');
    assert.equal(await page.textContent('.folio-count'), `${index.articles.length} articles`);
    const target = index.articles[5];
    await page.goto(`${url}#/a/${encodeURIComponent(target.slug)}`);
    await page.waitForSelector('.folio-body');
    assert.equal(await page.textContent('.folio-article-title'), target.title);
    await page.click('.folio-back a');
    await page.waitForSelector('.folio-item');
    // Full-text search works from the file too: its index is inlined.
    await page.fill('#folio-filter-input', '的');
    await page.waitForSelector('.folio-results[data-search="done"][data-q="的"]');
    assert.equal(await page.textContent('.folio-count'), `${scan('的').length} of ${index.articles.length} articles`);
    await page.locator('.folio-excerpt mark').first().waitFor();
    // Nothing but the file itself, its blob/data URLs and articles' own remote images.
    const local = requests.filter((u) => !/^(file|blob|data):/.test(u) && !/^https:\/\/(?!127\.)/.test(u));
    assert.deepEqual(local, []);
    assert.deepEqual(page.errors, []);
  } finally {
    await env.close();
  }
});
