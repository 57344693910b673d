// One keystroke, again and again (not a test): the filter box goes from FROM to TO, N times,
// each TO timed as bench/keystrokes.mjs times a keystroke (in a task of its own, until the
// forced layout in the timeout after Yew's render); with FILE, Chromium's CPU profile of the
// whole alternation, for `node bench/profile-top.mjs FILE` (a build that keeps the WASM's
// names: `FOLIO_WASM_NAMES=1 trunk build --release --minify`).
//
//   node bench/keystroke-pair.mjs SITE FROM TO [N] [FILE]
//
// SITE is a built app with a bundle in SITE/data. The list is loaded and the benchmark's query
// typed once (its files fetched) before the pairs; each keystroke is followed by 30 ms of
// stillness, less than a facet count waits for (60 ms), so that what runs is the keystrokes'.
import { writeFileSync } from 'node:fs';
import { start } from '../tests/browser/harness.mjs';
import { QUERY } from './keystrokes.mjs';

const [site, from, to, n = 30, file] = process.argv.slice(2);
const env = await start({ root: site, intercept: false });
const page = await env.page();
await page.goto(env.url);
await page.waitForSelector('.folio-item-title', { timeout: 120_000 });
await page.fill('#folio-filter-input', QUERY);
await page.waitForTimeout(3000);
await page.fill('#folio-filter-input', '');
await page.waitForTimeout(1000);
const cdp = file && (await page.context().newCDPSession(page));
if (cdp) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
}
const times = await page.evaluate(
  async ([from, to, n]) => {
    const input = document.querySelector('#folio-filter-input');
    const channel = new MessageChannel();
    const ownTask = () =>
      new Promise((r) => {
        channel.port1.onmessage = r;
        channel.port2.postMessage(0);
      });
    const frame = () =>
      new Promise((r) =>
        setTimeout(() => {
          void document.body.offsetHeight;
          r();
        }, 0),
      );
    const set = async (value) => {
      await ownTask();
      const t0 = performance.now();
      input.value = value;
      input.dispatchEvent(new InputEvent('input', { bubbles: true }));
      await frame();
      return performance.now() - t0;
    };
    const still = () => new Promise((r) => setTimeout(r, 30));
    const out = [];
    for (let i = 0; i < n; i++) {
      await set(from);
      await still();
      out.push(await set(to));
      await still();
    }
    return out;
  },
  [from, to, Number(n)],
);
if (cdp) {
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
}
const sorted = [...times].sort((a, b) => a - b);
const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(1);
console.log(`${JSON.stringify(from)} -> ${JSON.stringify(to)}, ${times.length} times: median ${at(0.5)} ms, p90 ${at(0.9)}, min ${sorted[0].toFixed(1)}`);
await env.close();
