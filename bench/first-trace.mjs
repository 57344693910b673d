// Where the first view's time goes, from Chromium's trace (not a test):
//
//   node bench/first-trace.mjs SITE [SITE…] [--runs N] [--top K] [--tasks] [--timeline] [--hash H] [--ready SELECTOR] [--json]
//
// SITE is a built app with its bundle in SITE/data (as bench/views.mjs takes it). Each run opens
// the list cold in a fresh browser context (1200 × 900) with Chromium's trace recording; a frame
// callback in the page marks `first-row` in the first frame whose document holds a row's title
// (`.folio-item-title`), and that frame's rendering update (style, layout, paint) ends the
// window. On the page's main thread, from the navigation's start to the end of that frame, it
// sums each trace event's self time (its duration less its children's) by name, and in groups:
// script (JS and WASM run), compile (V8 compiling JS, WASM streaming and lazy compilation),
// style, layout, paint (pre-paint, paint, layers, commit), parse (HTML), gc, the rest, and the
// scheduler's own (its task wrappers' self time); idle time is not counted. Prints, per site,
// the median over the runs of each group, of the mark ("in the document") and of that frame's
// end ("painted"), and when the entry (`index.json`), the first row page and the WASM had
// arrived. With several
// sites the runs alternate between them (site 1, site 2, site 1, …), so that a shared machine's
// load falls on both alike. `--top K` adds the K names with the most self time; `--tasks` the
// main thread's tasks of 3 ms or more in the median run, each with its three longest parts;
// `--timeline` the median run in order: each file asked for and come (resource timings), the
// main thread's tasks of 1 ms or more, and when the app's root first had content, a row
// (`.folio-item`) and a row's title (`.folio-item-title`) were in the document.
//
// `--hash H` opens that view instead of the list (`'#/?author=Reading'`: a filtered view's first
// rows); `--ready SELECTOR` marks the first frame holding SELECTOR instead of a row's title
// (`'.folio-results[data-search] .folio-item-title'`: a search's first rows, as bench/views.mjs
// waits for them).
//
// Unlike ../shared/tools/firstview.mjs, which waits through Playwright (whose checks back off
// to one every 100, then 500 ms), the mark is taken in the page, frame by frame.
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../scripts/serve.mjs';
import { CHROMIUM, FLAGS } from '../tests/browser/harness.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const RUNS = Number(flag('--runs', 5));
const TOP = Number(flag('--top', 0));
const HASH = flag('--hash', '');
const READY = flag('--ready', '.folio-item-title');
const asJson = args.includes('--json');
const sites = args.filter((a, i) => !a.startsWith('--') && !['--runs', '--top', '--hash', '--ready'].includes(args[i - 1]));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const GROUPS = [
  ['gc', /GC|Scavenge|MinorMS|V8\.GC/],
  ['compile', /wasm|Compile|ParseOnBackground|v8\.parse|Deserialize/],
  ['style', /UpdateLayoutTree|RecalculateStyles|recalcStyle|updateStyle|ParseAuthorStyleSheet|StyleRecalc/],
  ['layout', /^Layout$|performLayout|ShapeText|LayoutShift|IntersectionObserver|UpdateLayout/],
  ['paint', /Paint|Layerize|Commit$|^Commit|UpdateLayer|CompositeLayers|Raster|Decode|UpdateLifecycle/],
  ['parse', /ParseHTML|FinishedParsing/],
  ['script', /FunctionCall|EvaluateScript|evaluateModule|v8\.run|v8\.callFunction|TimerFire|FireAnimationFrame|RunMicrotasks|MicrotaskCheckpoint|EventDispatch|v8\.execute|HandlePostMessage|FireIdleCallback/],
];
// Chromium's task wrappers: their self time is the scheduler's, counted apart.
const WRAPPER = /^(RunTask|ThreadControllerImpl::RunTask|SequenceManager|ThreadPool_RunTask|ThreadControllerImpl::RunTask)/;
const groupOf = (name) => GROUPS.find(([, re]) => re.test(name))?.[0] ?? 'other';

/** Self time by event name on the renderer's main thread, within [start, end] (µs). */
function selfTimes(events, start, end) {
  const spans = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined && e.ts >= start && e.ts <= end)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = new Map();
  const stack = [];
  for (const e of spans) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const clipped = Math.min(e.dur, end - e.ts);
    if (stack.length) {
      const parent = stack.at(-1);
      self.set(parent.name, (self.get(parent.name) ?? 0) - clipped);
    }
    self.set(e.name, (self.get(e.name) ?? 0) + clipped);
    stack.push(e);
  }
  return self;
}

async function run(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US' });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.fulfill({ status: 404, body: '' }));
  await context.addInitScript((ready) => {
    const seen = new Set();
    new MutationObserver(() => {
      for (const [name, selector] of [['root filled', '#folio > *'], ['a row', '.folio-item'], ['a title', '.folio-item-title']]) {
        if (!seen.has(name) && document.querySelector(selector)) {
          seen.add(name);
          performance.mark(name);
        }
      }
    }).observe(document, { childList: true, subtree: true });
    const look = () => {
      if (document.querySelector(ready)) performance.mark('first-row');
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  }, READY);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'blink.user_timing', 'loading', 'toplevel', 'blink'],
    },
  });
  await page.goto(url + HASH, { waitUntil: 'commit' });
  await page.waitForFunction(() => performance.getEntriesByName('first-row').length > 0, null, { timeout: 120_000, polling: 50 });
  await page.waitForTimeout(200);
  const timing = await page.evaluate(() => ({
    row: performance.getEntriesByName('first-row')[0].startTime,
    resources: performance.getEntriesByType('resource').map((r) => ({ name: r.name, end: r.responseEnd, start: r.startTime })),
    marks: performance.getEntriesByType('mark').map((m) => ({ name: m.name, at: m.startTime })),
  }));
  await cdp.send('Tracing.end');
  await done;
  await context.close();
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' &&
    events.some((m) => m.pid === e.pid && m.name === 'first-row'));
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const mark = events.find((e) => e.pid === main.pid && e.name === 'first-row');
  const nav = events.find((e) => e.pid === main.pid && e.name === 'navigationStart') ?? { ts: mark.ts - timing.row * 1000 };
  // The end of the frame that lays out and paints the row: the first rendering update that
  // starts after the mark.
  const frame = mine
    .filter((e) => e.ph === 'X' && e.name === 'WebFrameWidgetImpl::UpdateLifecycle' && e.ts >= mark.ts)
    .sort((a, b) => a.ts - b.ts)[0];
  const end = frame ? frame.ts + frame.dur : mark.ts;
  const self = selfTimes(mine, nav.ts, end);
  const groups = {};
  for (const [name, us] of self) {
    const group = WRAPPER.test(name) ? 'scheduler' : groupOf(name);
    groups[group] = (groups[group] ?? 0) + us / 1000;
  }
  const arrived = (re) => timing.resources.find((r) => re.test(r.name))?.end ?? null;
  const asked = (re) => timing.resources.find((r) => re.test(r.name))?.start ?? null;
  // The main thread's tasks of 3 ms or more up to the mark: when each started (ms after the
  // navigation), how long it took, and its largest child.
  const tasks = mine
    .filter((e) => e.ph === 'X' && /^(ThreadControllerImpl::RunTask|RunTask)$/.test(e.name) && e.ts >= nav.ts && e.ts <= end && e.dur >= 3000)
    .filter((e, i, all) => !all.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && o.dur > e.dur))
    .map((e) => {
      const inside = mine.filter((c) => c.ph === 'X' && c !== e && c.ts >= e.ts && c.ts + (c.dur ?? 0) <= e.ts + e.dur && !WRAPPER.test(c.name));
      const parts = [];
      for (const c of inside.sort((a, b) => b.dur - a.dur)) {
        if (parts.length === 3) break;
        if (!parts.some((p) => p.name === c.name)) parts.push(c);
      }
      const said = parts.map((c) => `${c.name} ${(c.dur / 1000).toFixed(1)}`).join(' > ');
      return `${((e.ts - nav.ts) / 1000).toFixed(0)} +${(e.dur / 1000).toFixed(1)} (${said})`;
    });
  // The run in order (ms after the navigation): files asked for and come, tasks of 1 ms or
  // more with their two longest parts, and the page's marks.
  const timeline = [
    ...timing.resources.flatMap((r) => {
      const name = r.name.replace(/^.*\/(data\/)?/, '$1');
      return [[r.start, `asked ${name}`], [r.end, `came  ${name}`]];
    }),
    ...timing.marks.map((m) => [m.at, `mark  ${m.name}`]),
    ...mine
      .filter((e) => e.ph === 'X' && /^(ThreadControllerImpl::RunTask|RunTask)$/.test(e.name) && e.ts >= nav.ts && e.ts <= end && e.dur >= 1000)
      .filter((e, i, all) => !all.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && o.dur > e.dur))
      .map((e) => {
        const inside = mine.filter((c) => c.ph === 'X' && c !== e && c.ts >= e.ts && c.ts + (c.dur ?? 0) <= e.ts + e.dur && !WRAPPER.test(c.name) && !/mojo|RunTask|callFunction|Checkpoint|AsyncTask/.test(c.name));
        const parts = inside.sort((a, b) => b.dur - a.dur).slice(0, 3).map((c) => `${c.name} ${(c.dur / 1000).toFixed(1)}`);
        return [(e.ts - nav.ts) / 1000, `task  +${(e.dur / 1000).toFixed(1)} ${parts.join(', ')}`];
      }),
  ].sort((a, b) => a[0] - b[0]).map(([at, what]) => `${at.toFixed(0).padStart(5)}  ${what}`);
  return {
    tasks,
    timeline,
    row: timing.row,
    painted: (end - nav.ts) / 1000,
    entry: arrived(/\/data\/index\.json$/),
    rows: arrived(/\/data\/r\//),
    wasm: arrived(/\.wasm$/),
    // A search's: when its root came, and when its first key block was asked for.
    root: arrived(/\/data\/s\/.*\.json$/),
    keys: asked(/\/data\/s\/.*\.keys$/),
    groups,
    names: [...self].map(([name, us]) => [name, us / 1000]),
  };
}

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
const servers = await Promise.all(sites.map((s) => serve(resolve(s), 0)));
const results = sites.map(() => []);
try {
  for (let i = 0; i < RUNS; i++) {
    for (const [k, { url }] of servers.entries()) results[k].push(await run(browser, url));
  }
} finally {
  await browser.close();
  for (const { server } of servers) server.close();
}
const summary = sites.map((site, k) => {
  const runs = results[k];
  const group = (g) => median(runs.map((r) => r.groups[g] ?? 0));
  const names = new Map();
  for (const r of runs) for (const [n, ms] of r.names) names.set(n, [...(names.get(n) ?? []), ms]);
  return {
    site,
    row: median(runs.map((r) => r.row)),
    painted: median(runs.map((r) => r.painted)),
    rows: runs.map((r) => Math.round(r.row)),
    tasks: runs.find((r) => r.row === median(runs.map((x) => x.row))).tasks,
    timeline: runs.find((r) => r.row === median(runs.map((x) => x.row))).timeline,
    entry: median(runs.map((r) => r.entry ?? 0)),
    rowPage: median(runs.map((r) => r.rows ?? 0)),
    wasm: median(runs.map((r) => r.wasm ?? 0)),
    // The app's own part, the least shaken by the machine's load: from the last of the WASM and
    // the first row page to the first row in the document.
    after: median(runs.map((r) => r.row - Math.max(r.wasm ?? 0, r.rows ?? 0))),
    root: median(runs.map((r) => r.root ?? 0)),
    keysAfterRoot: median(runs.map((r) => (r.keys ?? 0) - (r.root ?? 0))),
    groups: Object.fromEntries([...GROUPS.map(([g]) => g), 'other', 'scheduler'].map((g) => [g, Math.round(group(g) * 10) / 10])),
    top: [...names].map(([n, ms]) => [n, median([...ms, ...Array(RUNS - ms.length).fill(0)])])
      .sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([n, ms]) => [n, Math.round(ms * 10) / 10]),
  };
});
if (asJson) console.log(JSON.stringify(summary, null, 1));
else {
  for (const s of summary) {
    console.log(`${s.site}: first row in the document ${s.row.toFixed(0)} ms (runs ${s.rows.join(', ')}), painted ${s.painted.toFixed(0)} ms; entry came ${s.entry.toFixed(0)}, its first row page ${s.rowPage.toFixed(0)}, WASM ${s.wasm.toFixed(0)} ms; the first row ${s.after.toFixed(0)} ms after the last of those two`);
    if (s.root) console.log(`  the search root came ${s.root.toFixed(0)} ms; its first key block was asked for ${s.keysAfterRoot.toFixed(0)} ms after it came`);
    console.log('  ' + Object.entries(s.groups).map(([g, ms]) => `${g} ${ms}`).join(', '));
    for (const [n, ms] of s.top) console.log(`    ${ms.toFixed(1).padStart(7)}  ${n}`);
    if (args.includes('--timeline')) console.log('  the median run:\n' + s.timeline.map((l) => '  ' + l).join('\n'));
    if (args.includes('--tasks')) console.log('  tasks of the median run (start ms +ms (its longest parts)): ' + s.tasks.join('; '));
  }
}
