// The first list's network log and when its facet panel's values come (not a test):
//
//   node bench/panel.mjs SITE [SITE…] [--runs N]
//
// SITE is a built app with its bundle in SITE/data. Each run opens the list cold in a fresh
// browser context (1200 × 900), on loopback and then throttled (10 Mbit/s, 100 ms round trips,
// the server gzipping), the sites alternating run by run. In the page, frame by frame, it marks
// when a row's title is first in the document (`row`) and when the facet panel first holds a
// chip (`chips`), from the navigation's start; and it lists the app's files (not the bundle's)
// asked for by then, with when each was asked for, so that a chunk the first rows wait for, or
// one more chunk in the first view, shows. Prints, per site and link, the medians and the files
// of the median run, and the median of each run's wait from the first row to the chips.
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../scripts/serve.mjs';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 5);
const sites = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function once(site, throttled) {
  const { server, url } = await serve(site, 0, { gzip: throttled });
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'folio-panel-')), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic'],
    viewport: { width: 1200, height: 900 },
  });
  try {
    const page = await browser.newPage();
    if (throttled) {
      const cdp = await browser.newCDPSession(page);
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 100, downloadThroughput: 10e6 / 8, uploadThroughput: 10e6 / 8 });
    }
    await page.addInitScript(() => {
      const marks = (window.panelMarks = {});
      const frame = () => {
        if (!marks.row && document.querySelector('.folio-item-title')) marks.row = performance.now();
        if (!marks.chips && document.querySelector('#folio-facets .folio-chip')) marks.chips = performance.now();
        if (!marks.chips) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    await page.goto(url);
    await page.waitForFunction(() => window.panelMarks.chips, null, { timeout: 60000, polling: 50 });
    await page.waitForTimeout(300);
    return await page.evaluate(() => {
      const { row, chips } = window.panelMarks;
      const app = performance
        .getEntriesByType('resource')
        .filter((e) => !e.name.includes('/data/'))
        .map((e) => ({ file: e.name.replace(/^.*\//, '').replace(/-[0-9a-f]{16}(_bg)?\./, '.'), at: Math.round(e.startTime), end: Math.round(e.responseEnd) }));
      return { row: Math.round(row), chips: Math.round(chips), app };
    });
  } finally {
    await browser.close();
    server.close();
  }
}

for (const throttled of [false, true]) {
  const results = new Map(sites.map((s) => [s, []]));
  for (let r = 0; r < runs; r++) for (const site of sites) results.get(site).push(await once(site, throttled));
  for (const [site, rs] of results) {
    const chips = median(rs.map((r) => r.chips));
    const mid = rs.find((r) => r.chips === chips);
    console.log(`${site} ${throttled ? 'throttled' : 'loopback'}: first row ${median(rs.map((r) => r.row))} ms (${rs.map((r) => r.row).join(', ')}), the panel's chips ${chips} ms (${rs.map((r) => r.chips).join(', ')}), after the first row ${median(rs.map((r) => r.chips - r.row))} ms`);
    console.log(`  app files of the median run (asked at → done, ms): ${mid.app.map((f) => `${f.file} ${f.at}→${f.end}`).join(', ')}`);
  }
}
