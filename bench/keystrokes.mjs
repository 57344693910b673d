// Keystroke → list updated, in a page whose list is loaded: the one timing loop of
// bench/viewer.mjs and bench/views.mjs (not a test).
//
// The query is typed into the filter box one character at a time and deleted again, PASSES
// times. Each keystroke sets the box's value and dispatches an `input` event; Yew renders in a
// task after it, a timeout runs after that, and reading `offsetHeight` there forces the layout
// of the updated list. The time to the next paint (vsync) is not counted: it is the display's,
// not the app's. Between typing and deleting the reader pauses (3 s on the first pass, so that
// its search index files arrive; 50 ms after), as a reader does. The first pass meets a cold
// engine (WASM tier-up, first style resolution, the first index files): it is reported apart;
// the other passes are what a reader typing on meets.

import { writeFileSync } from 'node:fs';

export const QUERY = 'the archive 的 cache';
export const PASSES = 4;

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/**
 * Types and deletes `query` in `page` (playwright). `layout: false` leaves out the forced
 * layout. Returns every keystroke's ms (`times`, in order) and the warm passes' `p50`, `p95`,
 * `max`, the cold pass's `coldP95` and `coldMax`, and how many warm keystrokes (`keys`).
 */
export async function keystrokes(page, { query = QUERY, passes = PASSES, layout = true, profile } = {}) {
  // With `profile` (a path), Chromium's sampling profiler records every pass into that file
  // (a .cpuprofile: open it in DevTools' Performance panel, or summarize it with
  // `node bench/profile-top.mjs FILE`).
  const cdp = profile && (await page.context().newCDPSession(page));
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  const times = await page.evaluate(
    async ([query, passes, layout]) => {
      const input = document.querySelector('#folio-filter-input');
      const frame = () =>
        new Promise((r) =>
          setTimeout(() => {
            if (layout) void document.body.offsetHeight;
            r();
          }, 0),
        );
      const out = [];
      const set = async (value) => {
        const t0 = performance.now();
        input.value = value;
        input.dispatchEvent(new InputEvent('input', { bubbles: true }));
        await frame();
        out.push(performance.now() - t0);
      };
      for (let pass = 0; pass < passes; pass++) {
        for (let i = 1; i <= query.length; i++) await set(query.slice(0, i));
        await new Promise((r) => setTimeout(r, pass === 0 ? 3000 : 50));
        for (let i = query.length - 1; i >= 0; i--) await set(query.slice(0, i));
      }
      return out;
    },
    [query, passes, layout],
  );
  if (cdp) {
    const { profile: recorded } = await cdp.send('Profiler.stop');
    writeFileSync(profile, JSON.stringify(recorded));
    await cdp.detach();
  }
  const per = times.length / passes;
  const cold = times.slice(0, per);
  const warm = times.slice(per);
  return {
    times,
    p50: pct(warm, 50),
    p95: pct(warm, 95),
    max: Math.max(...warm),
    coldP95: pct(cold, 95),
    coldMax: Math.max(...cold),
    keys: warm.length,
  };
}
