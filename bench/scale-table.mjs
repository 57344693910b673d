// One markdown table from bench/scale.sh's results: node bench/scale-table.mjs RESULTS.json…
// A column per size (the sizes of every file given, in order), a row per figure; Pagefind's
// start-up beside Folio's first view where it was measured. Kilobytes are 1,024 bytes; `raw` is
// the files' size on disk, `sent` what crossed the wire (gzip'd on the throttled runs, headers
// included). A view's first figure is what had arrived by its first rows, the second by the end
// (its facet counts exact, and what the rows near the screen fetched for their snippets).
import { readFileSync } from 'node:fs';

const results = process.argv.slice(2).flatMap((f) => JSON.parse(readFileSync(f, 'utf8')));
const sizes = results.map((r) => r.articles);
const KB = (b) => (b == null ? '–' : (b / 1024).toFixed(1));
const MB = (b) => (b == null ? '–' : (b / 1e6).toFixed(1));
const n = (x) => (x == null || Number.isNaN(x) ? '–' : Math.round(x).toLocaleString('en-US'));
const get = (o, path) => path.split('.').reduce((x, k) => (x == null ? x : x[k]), o);

const rows = [];
const row = (label, f) => rows.push([label, ...results.map((r) => {
  try {
    return f(r) ?? '–';
  } catch {
    return '–';
  }
})]);
const section = (label) => rows.push([`**${label}**`, ...results.map(() => '')]);
const kind = (r, k) => r.stats.kinds[k] ?? { files: 0, bytes: 0 };
// Playwright's sight of the rows (its checks back off to one every 500 ms) and what had come
// 50 ms later; then, where measured, the frame that first held them, in the page, and what had
// come by then.
const inPage = (v) => (v.inPage == null ? '' : `; in the page ${n(v.inPage)} ms, ${KB(v.atInPage.raw)} KB in ${v.atInPage.requests}`);
const view = (v) => (v ? `${n(v.first)} ms, ${KB(v.atFirst.raw)} KB (${KB(v.atFirst.sent)} sent) in ${v.atFirst.requests}${inPage(v)}` : '–');
const counts = (v) => (v ? `${n(v.counts)} ms, ${KB(v.all.raw)} KB (${KB(v.all.sent)} sent) in ${v.all.requests}` : '–');

section('bundling (`folio bundle`)');
// The system time is mostly the file system's: on ext4 without a journal, creating files soon
// after as many were deleted (the last run's bundle) costs seconds of it (BENCHMARKS.md).
row('wall s / CPU s (user + sys)', (r) => `${r.bundle.wall_s} / ${r.bundle.cpu_s}${r.bundle.user_s === undefined ? '' : ` (${r.bundle.user_s} + ${r.bundle.sys_s})`}`);
row('peak memory MB', (r) => n(r.bundle.peak_kb / 1024));
row('load average (1 min) at start', (r) => r.load ?? '–');
section('the bundle');
row('bytes MB (source MB)', (r) => `${MB(r.stats.bytes)}${r.source_bytes ? ` (${MB(r.source_bytes)})` : ''}`);
row('files', (r) => n(r.stats.files));
row('largest file', (r) => `${KB(r.stats.largest.bytes)} KB (${r.stats.largest.path.split('/')[0]}/)`);
row('fullest folder (entries)', (r) => `${r.stats.fullest.path} (${n(r.stats.fullest.entries)})`);
row('entry `index.json` KB', (r) => KB(kind(r, 'index.json').bytes));
for (const [k, label] of [
  ['r/', 'row pages `r/`'],
  ['b/', 'bodies `b/`'],
  ['f/', 'facet pages `f/`'],
  ['c/', 'columns `c/`'],
  ['s/', 'search `s/`'],
  ['l/', 'lookup `l/`'],
  ['d/', 'directory `d/`'],
]) {
  row(`${label}: MB (files)`, (r) => `${MB(kind(r, k).bytes)} (${n(kind(r, k).files)})`);
}
section('first view (data after the shell; time to the newest title on screen, median)');
row('loopback: ms; data KB raw in requests', (r) => `${n(r.views.first.loopback.ms)} ms; ${KB(r.views.first.loopback.raw.raw)} KB in ${r.views.first.loopback.raw.requests}`);
row('throttled + gzip: ms; KB sent (shell + data)', (r) => {
  const t = r.views.first.throttled;
  return `${n(t.ms)} ms; ${KB(t.shell_bytes)} + ${KB(t.data_bytes)} KB`;
});
section('a filtered view (one author), cold: first rows; exact facet counts');
row('loopback', (r) => `${view(r.views.filtered.loopback)}; ${counts(r.views.filtered.loopback)}`);
row('throttled + gzip', (r) => `${view(r.views.filtered.throttled)}; ${counts(r.views.filtered.throttled)}`);
for (const q of results[0].views.queries) {
  section(`a first search \`${q}\`, cold: first rows; exact facet counts`);
  row('loopback', (r) => `${view(r.views.search[q].loopback)}; ${counts(r.views.search[q].loopback)}`);
  row('throttled + gzip', (r) => `${view(r.views.search[q].throttled)}; ${counts(r.views.search[q].throttled)}`);
  row('hits', (r) => r.views.search[q].loopback.count?.trim());
}
section('an old article opened cold (its address)');
row('loopback', (r) => view(r.views.article_view.loopback));
row('throttled + gzip', (r) => view(r.views.article_view.throttled));
section('keystroke → list updated, once loaded');
row('p50 / p95 / max ms (cold pass p95)', (r) => {
  const k = r.views.keystroke;
  return `${k.p50.toFixed(1)} / ${k.p95.toFixed(1)} / ${k.max.toFixed(1)} (${k.coldP95.toFixed(1)})`;
});
if (results.some((r) => r.recall)) {
  section('search recall against a plain scan');
  row('queries: recall min; false positives', (r) => (r.recall ? `${r.recall.length}: ${Math.min(...r.recall.map((q) => q.recall)).toFixed(3)}; ${r.recall.reduce((a, q) => a + q.false_positives, 0)}` : '–'));
}
if (results.some((r) => r.views.pagefind)) {
  section('Pagefind over the same articles');
  const pf = (r) => r.views.pagefind;
  row('`pagefind --site`: wall s / CPU s / peak MB', (r) => (pf(r).indexing.failed ? `failed: ${pf(r).indexing.failed.slice(0, 60)}` : `${pf(r).indexing.wall_s.toFixed(1)} / ${pf(r).indexing.cpu_s.toFixed(1)} / ${n(pf(r).indexing.peak_kb / 1024)}`));
  row('its bytes MB, files', (r) => `${MB(pf(r).bundle.bytes)}, ${n(pf(r).bundle.files)}`);
  const startup = (s) => `${n(s.ms)} ms; index ${KB(s.index.sent)} KB in ${s.index.requests} + code ${KB(s.code.sent)} KB in ${s.code.requests}`;
  row('start-up, loopback: ms; KB sent', (r) => startup(pf(r).loopback.startup));
  row('start-up, loopback + gzip', (r) => startup(pf(r).gzip.startup));
  row(`first search \`${results[0].views.queries[0]}\` (5 results' data), loopback`, (r) => startup(pf(r).loopback.search));
  row('the same, loopback + gzip', (r) => startup(pf(r).gzip.search));
}

const head = ['articles', ...sizes.map((s) => n(s))];
console.log(`| ${head.join(' | ')} |`);
console.log(`|---|${sizes.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
