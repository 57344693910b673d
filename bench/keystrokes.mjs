// Keystroke → list updated, in a page whose list is loaded: the one timing loop of
// bench/viewer.mjs and bench/views.mjs (not a test).
//
// The query is typed into the filter box one character at a time and deleted again, PASSES
// times. Each keystroke, in a task of its own, sets the box's value and dispatches an `input`
// event; Yew renders in a microtask after it, a timeout runs after that, and reading
// `offsetHeight` there forces the layout of the updated list. The time to the next paint (vsync) is not counted: it is the display's,
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
 * layout; `chained: true` starts each keystroke from the last one's timeout (the old clock,
 * with its 4 ms floor). Returns every keystroke's ms (`times`, in order; `parts`: each one's `event`, `render`
 * and `layout` ms) and the warm passes' `p50`, `p95`,
 * `max`, the cold pass's `coldP95` and `coldMax`, and how many warm keystrokes (`keys`).
 */
export async function keystrokes(page, { query = QUERY, passes = PASSES, layout = true, chained = false, profile } = {}) {
  // With `profile` (a path), Chromium's sampling profiler records every pass into that file
  // (a .cpuprofile: open it in DevTools' Performance panel, or summarize it with
  // `node bench/profile-top.mjs FILE`).
  const cdp = profile && (await page.context().newCDPSession(page));
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  const measured = await page.evaluate(
    async ([query, passes, layout, chained]) => {
      const input = document.querySelector('#folio-filter-input');
      // Each keystroke's time in three parts: the `input` event's own listeners, what ran
      // after them until the timeout (Yew's render in a microtask, effects, any timer due),
      // and the forced layout.
      const frame = () =>
        new Promise((r) =>
          setTimeout(() => {
            const before = performance.now();
            if (layout) void document.body.offsetHeight;
            r(before);
          }, 0),
        );
      // Each keystroke starts in a task of its own, as a real one does. Started from the last
      // one's timeout instead (`chained`, how this loop measured until branch i12-keys), the
      // timeouts nest, and from the fifth on the browser delays each by at least 4 ms (the
      // HTML standard's clamp for nested timers): a floor under every keystroke that is the
      // loop's, not the app's.
      const channel = new MessageChannel();
      const ownTask = () =>
        new Promise((r) => {
          channel.port1.onmessage = r;
          channel.port2.postMessage(0);
        });
      const out = [];
      const set = async (value) => {
        if (!chained) await ownTask();
        const t0 = performance.now();
        input.value = value;
        input.dispatchEvent(new InputEvent('input', { bubbles: true }));
        const t1 = performance.now();
        const t2 = await frame();
        const t3 = performance.now();
        out.push([t3 - t0, t1 - t0, t2 - t1, t3 - t2]);
      };
      for (let pass = 0; pass < passes; pass++) {
        for (let i = 1; i <= query.length; i++) await set(query.slice(0, i));
        await new Promise((r) => setTimeout(r, pass === 0 ? 3000 : 50));
        for (let i = query.length - 1; i >= 0; i--) await set(query.slice(0, i));
      }
      return out;
    },
    [query, passes, layout, chained],
  );
  if (cdp) {
    const { profile: recorded } = await cdp.send('Profiler.stop');
    writeFileSync(profile, JSON.stringify(recorded));
    await cdp.detach();
  }
  const parts = measured.map(([, event, render, layout]) => ({ event, render, layout }));
  const times = measured.map(([total]) => total);
  const per = times.length / passes;
  const cold = times.slice(0, per);
  const warm = times.slice(per);
  return {
    times,
    parts,
    p50: pct(warm, 50),
    p95: pct(warm, 95),
    max: Math.max(...warm),
    coldP95: pct(cold, 95),
    coldMax: Math.max(...cold),
    keys: warm.length,
  };
}
