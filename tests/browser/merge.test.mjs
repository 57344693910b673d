// A bundle caught in the middle of a merge (format 11): a level-2 segment published a range of
// key blocks at a time, the segments it takes in answering the tokens from its boundary on.
// The app's search finds exactly the articles a plain scan finds, below the boundary, above it
// and for a prefix, and its best rows are the command line's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, filePath, keyBlockRequests, scanTyped, searchFor as search, start } from './harness.mjs';

const FOLIO = process.env.FOLIO_BIN ?? 'target/bundler/folio';
// A level-2 run needs 8,192 articles at least; these and the closer make one.
const GENERATED = 8200;
// `merge-3668` is the first `merge-<i>` whose xxh3 has 13 trailing zero bits (a level-2
// boundary, docs/FORMAT.md "Search segments"); the test checks the bundle is mid-merge.
const CLOSER = 'merge-3668';
const LATER = 1200;

function later(i) {
  const pad = (n) => String(n).padStart(2, '0');
  const slug = i === 0 ? `slug: ${CLOSER}\n` : '';
  const date = `2030-01-01 ${pad(Math.floor(i / 3600))}:${pad(Math.floor(i / 60) % 60)}:${pad(i % 60)}`;
  return `---\ntitle: Later ${i}\n${slug}date: ${date}\ntags: [later]\n---\nA later article, number ${i}, about rust and 更新.\n`;
}

test('a bundle caught mid-merge searches exactly, on both sides of the boundary', async () => {
  const root = mkdtempSync(join(tmpdir(), 'folio-merge-'));
  for (const entry of readdirSync(DIST)) if (entry !== 'data') cpSync(join(DIST, entry), join(root, entry), { recursive: true });
  const seeds = join(root, 'seeds');
  const gen = spawnSync(FOLIO, ['gen', '--count', String(GENERATED), '--seed', '41', '--out', seeds], { encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);
  mkdirSync(join(seeds, 'later'));
  for (let i = 0; i <= LATER; i++) writeFileSync(join(seeds, 'later', `${i}.md`), later(i));
  const data = join(root, 'data');
  const built = spawnSync(FOLIO, ['bundle', seeds, '--out', data], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  const entry = JSON.parse(readFileSync(join(data, 'index.json'), 'utf8'));
  const searchRoot = JSON.parse(readFileSync(join(data, filePath('s', entry.search, 'json')), 'utf8'));
  const merging = searchRoot.segments[0].merging;
  assert.ok(merging && merging.old.length > 1 && searchRoot.segments[0].blocks.length > 0, 'caught mid-merge');
  const local = await start({ root });
  try {
    const page = await local.page();
    await page.goto(local.url);
    await page.waitForSelector('.folio-item');
    // Tokens below the boundary and at or above it, and prefixes (the last word typed); a
    // one-letter prefix of the boundary spans it when the boundary is a word.
    const queries = ['rust', 'later', '更新', 'archive', 'later rust', '更新 later', 'ru'];
    if (/^[a-z]/.test(merging.boundary)) queries.push(merging.boundary[0] + merging.boundary[0]);
    for (const query of queries) {
      await search(page, query);
      const expected = scanTyped(query, data);
      assert.ok(expected.length > 0, `${query} finds something`);
      // Thousands of rows: their count, and the first screen's rows among the scan's.
      const count = await page.textContent('.folio-count');
      assert.ok(count.startsWith(`${expected.length.toLocaleString('en-US')} of `), `${query}: ${count}, the scan ${expected.length}`);
      const shown = await page.$$eval('.folio-item-title a', (as) => as.map((a) => decodeURIComponent(a.getAttribute('href')).replace(/^#\/a\//, '')));
      assert.ok(shown.length > 0 && shown.every((slug) => expected.includes(slug)), query);
    }
    // Best first, as the command line ranks it.
    await search(page, 'rust');
    const best = spawnSync(FOLIO, ['search', data, 'rust'], { encoding: 'utf8' });
    assert.equal(best.status, 0, best.stderr);
    const slugs = best.stdout.trim().split('\n').map((line) => line.split('\t')[0]);
    await page.waitForFunction(() => document.querySelectorAll('.folio-item-title a').length >= 6);
    const first = await page.$$eval('.folio-item-title a', (as) => as.slice(0, 6).map((a) => decodeURIComponent(a.getAttribute('href')).replace(/^#\/a\//, '')));
    assert.deepEqual(first, slugs.slice(0, 6));
    assert.deepEqual(page.errors, []);
    // A search's address loaded cold: the page's first script asks for the key blocks of
    // either side of the boundary as the engine reads them, so the app asks for none itself.
    for (const query of queries) {
      const { keys, left, errors } = await keyBlockRequests(local, '#/?q=' + encodeURIComponent(query));
      const by = (who) => keys.filter(([w]) => w === who).map(([, url]) => url);
      assert.ok(by('first').length > 0, `${query}: the first script asked for key blocks`);
      assert.deepEqual(by('app'), [], `${query}: the app asked for no key block the first script had not`);
      assert.deepEqual(left, [], `${query}: the app took every key block the first script asked for`);
      assert.deepEqual(errors, []);
    }
  } finally {
    await local.close();
    rmSync(root, { recursive: true, force: true });
  }
});
