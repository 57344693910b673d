// What a feature loaded on demand makes its first use wait (not a test):
//
//   node bench/chunk-wait.mjs SITE [SITE…] [--runs N]
//
// SITE is a built app with its bundle in SITE/data. Each run opens the list cold in a fresh page,
// then, timed from the click or the keystroke to what shows: the first row's article (its
// `.folio-body`: with a split build, the article page's chunk of the WASM and the article's
// files), back to the list, the second row's article (the chunk is there: the control), then a
// search typed into the filter box (`data-search="done"`: the search chunk, the index's files).
// Once on loopback, once on a throttled link (10 Mbit/s, 100 ms round trip, gzip, as GitHub
// Pages serves). With several sites the runs alternate between them. Prints the medians, ms.
import { resolve } from 'node:path';
import { start, throttle } from '../tests/browser/harness.mjs';

const args = process.argv.slice(2);
const RUNS = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : 5);
const sites = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs').map((s) => resolve(s));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const QUERY = process.env.QUERY ?? 'the';

async function run(env, throttled) {
  const page = await env.page();
  if (throttled) await throttle(env, page);
  const chunks = [];
  page.on('request', (r) => /\/chunk-[^/]+\.wasm$/.test(r.url()) && chunks.push(r.url().replace(/^.*\//, '')));
  await page.goto(env.url);
  await page.waitForSelector('.folio-item-title a', { timeout: 60_000 });
  // Timed inside the page, from the event (click, or the filter box's input) to the mutation
  // that shows the result: Playwright's waitForSelector polls at growing intervals (its last
  // ones 500 ms apart), which rounded a wait up by up to half a second.
  const timed = async (event, selector, act) => {
    const shown = page.evaluate(
      ({ event, selector }) =>
        new Promise((done) => {
          let at;
          document.addEventListener(event, () => (at ??= performance.now()), { capture: true });
          const observer = new MutationObserver(() => {
            if (at !== undefined && document.querySelector(selector)) {
              observer.disconnect();
              done(performance.now() - at);
            }
          });
          observer.observe(document, { childList: true, subtree: true, attributes: true });
        }),
      { event, selector },
    );
    await act();
    await page.waitForSelector(selector, { timeout: 60_000 });
    return shown;
  };
  const open = (n) => timed('click', '.folio-body', () => page.locator('.folio-item-title a').nth(n).click());
  const first = await open(0);
  await page.goBack();
  await page.waitForSelector('.folio-item-title a', { timeout: 60_000 });
  const second = await open(1);
  await page.goBack();
  await page.waitForSelector('.folio-item-title a', { timeout: 60_000 });
  const search = await timed('input', '.folio-results[data-search="done"]', () => page.fill('#folio-filter-input', QUERY));
  await page.close();
  return { first, second, search, chunks: chunks.length };
}

for (const throttled of [false, true]) {
  const envs = [];
  for (const site of sites) envs.push(await start({ root: site, gzip: throttled }));
  const results = sites.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (let s = 0; s < sites.length; s++) results[s].push(await run(envs[s], throttled));
  }
  for (const env of envs) await env.close();
  console.log(`\n${throttled ? 'throttled: 10 Mbit/s, 100 ms RTT, gzip' : 'loopback'}, median of ${RUNS} (ms)`);
  console.log('| site | first article | second article | first search | chunks fetched |\n|---|---:|---:|---:|---:|');
  sites.forEach((site, s) => {
    const r = results[s];
    const m = (k) => median(r.map((x) => x[k])).toFixed(0);
    console.log(`| ${site} | ${m('first')} | ${m('second')} | ${m('search')} | ${m('chunks')} |`);
  });
}
