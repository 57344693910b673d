// Compares what Hexo and `folio bundle` make of the same Hexo sites, semantically: which posts
// and pages exist, their titles, their dates as days in the site's zone, categories and tags,
// the excerpt before `<!-- more -->`, and the visible text of each body (tags stripped,
// entities decoded, whitespace collapsed). Folio sanitizes with an allow-list, so attributes may
// differ; what a reader sees may not.
//
// Usage: node bench/hexo-compare.mjs HEXO_MODULES FOLIO SITE...
//   HEXO_MODULES  a node_modules folder with hexo and hexo-renderer-marked (bench/hexo-compare.sh
//                 installs them)
//   FOLIO         the folio binary
//   SITE          Hexo site folders (bench/hexo-compare/*)
// Prints a Markdown report: per site, each article's fields that differ, and a summary line.
// Exits 0 whatever it finds (the differences are the result).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { directory } from '../tests/browser/harness.mjs';

const [modules, folio, ...sites] = process.argv.slice(2);
if (!modules || !folio || sites.length === 0) {
  console.error('usage: node bench/hexo-compare.mjs HEXO_MODULES FOLIO SITE...');
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(modules), 'x.js'));
const Hexo = require('hexo');
const moment = require('moment-timezone');

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** The text a reader sees of an HTML fragment, whitespace collapsed. */
export function visibleText(html) {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|template)\b[\s\S]*?<\/\1>/gi, ' ')
    // A block's edge separates words; an inline element's does not (`**加粗**。` reads `加粗。`).
    .replace(/<\/?(p|div|li|ul|ol|h[1-6]|br|hr|tr|td|th|table|thead|tbody|pre|blockquote|figure|figcaption|iframe|section|footer|dl|dt|dd)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z0-9]+);/gi, (m, e) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return String.fromCodePoint(code);
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** Hexo's articles of `site`: posts and pages by source path (relative to `source/`). */
async function hexoArticles(site, tz) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-hexo-'));
  fs.cpSync(site, work, { recursive: true });
  fs.symlinkSync(path.resolve(modules), path.join(work, 'node_modules'));
  fs.writeFileSync(
    path.join(work, 'package.json'),
    // Hexo loads a site's plugins only from a package.json that names its version.
    JSON.stringify({ name: 'site', private: true, hexo: { version: require('hexo/package.json').version }, dependencies: { hexo: '*', 'hexo-renderer-marked': '*', 'hexo-tag-embed': '*' } }),
  );
  const hexo = new Hexo(work, { silent: true });
  await hexo.init();
  await hexo.load();
  const out = new Map();
  const categoriesOf = doc =>
    doc.categories
      .toArray()
      .map(c => c.name)
      .sort();
  for (const [kind, list] of [
    ['post', hexo.locals.get('posts').toArray()],
    ['page', hexo.locals.get('pages').toArray()],
  ]) {
    for (const doc of list) {
      if (!/\.(md|markdown)$/.test(doc.source)) continue;
      const day = doc.date ? moment(doc.date).tz(tz).format('YYYY-MM-DD') : null;
      out.set(doc.source, {
        kind,
        title: doc.title ?? '',
        day,
        categories: kind === 'post' ? categoriesOf(doc) : [],
        tags: kind === 'post' ? doc.tags.toArray().map(t => t.name).sort() : [],
        excerpt: doc.excerpt ? visibleText(doc.excerpt) : null,
        text: visibleText(doc.content ?? ''),
        pin: doc.sticky ?? doc.top ?? null,
      });
    }
  }
  await hexo.exit();
  fs.rmSync(work, { recursive: true, force: true });
  return out;
}

/** Folio's articles of `site`, by source path, read from the bundle it writes. */
function folioArticles(site, tz) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-bundle-'));
  const run = spawnSync(folio, ['bundle', site, '--out', out, '--no-cache'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`folio bundle ${site}: ${run.stderr}`);
  const log = run.stderr;
  const read = (kind, hash) => JSON.parse(fs.readFileSync(path.join(out, kind, hash.slice(0, 2), `${hash}.json`), 'utf8'));
  const entry = JSON.parse(fs.readFileSync(path.join(out, 'index.json'), 'utf8'));
  const articles = new Map();
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
  const utcDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
  const pinned = new Map(entry.pinned.map((p, i) => [p.row.slug, entry.pinned.length - i]));
  for (const chunk of directory(out, entry).chunks) {
    for (const group of chunk.groups) {
      const rows = read('r', group.rows).rows;
      const bodies = read('b', group.bodies).bodies;
      rows.forEach((row, i) => {
        const body = bodies[i];
        const date = row.date == null ? null : new Date(row.date * 1000);
        articles.set(body.source, {
          kind: row.page ? 'page' : 'post',
          title: row.title,
          day: date && (row.day ? utcDay : day).format(date),
          categories: [...new Set(row.categories.flat())].sort(),
          tags: [...row.tags].sort(),
          excerpt: row.excerpt,
          text: visibleText(body.html),
          pinRank: pinned.get(row.slug) ?? null,
        });
      });
    }
  }
  fs.rmSync(out, { recursive: true, force: true });
  return { articles, lang: entry.lang ?? null, pinned: entry.pinned.map(p => p.row.title), log };
}

/** Where two texts first differ, with a little context. */
function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const at = Math.max(0, i - 20);
  return `at ${i}: hexo "${a.slice(at, i + 40)}" / folio "${b.slice(at, i + 40)}"`;
}

const fence = s => `\`${String(s).replaceAll('`', "'").replaceAll('|', '\\|')}\``;

let total = 0;
let differing = 0;
for (const site of sites) {
  const config = fs.readFileSync(path.join(site, '_config.yml'), 'utf8');
  const tz = /^timezone:\s*(\S+)/m.exec(config)?.[1] ?? 'UTC';
  const hexo = await hexoArticles(site, tz);
  const folioSide = folioArticles(site, tz);
  const folioArts = folioSide.articles;
  console.log(`### ${path.basename(site)} (timezone ${tz})\n`);
  const said = folioSide.log.trim().split('\n');
  console.log(`folio: ${said.find(l => l.startsWith('read ')) ?? ''}; language ${folioSide.lang}; pinned ${JSON.stringify(folioSide.pinned)}`);
  for (const line of said.filter(l => / (warning|error): /.test(l))) console.log(`- ${line.replace(/^.*?source\//, '')}`);
  console.log();
  console.log('| source | field | hexo | folio |');
  console.log('|---|---|---|---|');
  const sources = [...new Set([...hexo.keys(), ...folioArts.keys()])].sort();
  for (const source of sources) {
    total++;
    const h = hexo.get(source);
    const f = folioArts.get(source);
    const rows = [];
    if (!h || !f) {
      rows.push(['exists', h ? h.kind : 'no', f ? f.kind : 'no']);
    } else {
      for (const field of ['kind', 'title', 'day']) {
        if (h[field] !== f[field]) rows.push([field, h[field], f[field]]);
      }
      for (const field of ['categories', 'tags']) {
        if (JSON.stringify(h[field]) !== JSON.stringify(f[field])) rows.push([field, h[field].join(', '), f[field].join(', ')]);
      }
      if (h.excerpt !== null && h.excerpt !== f.excerpt) rows.push(['excerpt', h.excerpt, f.excerpt]);
      if (h.text !== f.text) {
        const squeeze = s => s.replace(/\s+/g, '');
        const what = squeeze(h.text) === squeeze(f.text) ? 'text (spaces only)' : 'text';
        rows.push([what, firstDifference(h.text, f.text), '']);
      }
      if ((h.pin ? 1 : 0) !== (f.pinRank ? 1 : 0)) rows.push(['pinned', h.pin, f.pinRank]);
    }
    if (rows.length) differing++;
    for (const [field, a, b] of rows) console.log(`| ${source} | ${field} | ${fence(a)} | ${fence(b)} |`);
  }
  console.log();
}
console.log(`${total} articles compared, ${differing} with differences.`);
