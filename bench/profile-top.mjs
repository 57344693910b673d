// The functions a Chromium .cpuprofile spent its time in, most first (not a test):
//
//   node bench/profile-top.mjs FILE [N]
//
// Self time (in the function itself) and total time (with what it called), in ms, for the N
// (default 40) largest by self time. WASM functions show under their names when the module
// kept its name section: `FOLIO_WASM_NAMES=1 trunk build --release --minify` (scripts/
// split-wasm.mjs then keeps them through wasm-opt; such a build is larger than the shell's).
import { readFileSync } from 'node:fs';

const [file, n = 40] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const name = (node) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}`;
const self = new Map();
const total = new Map();
const dt = profile.timeDeltas;
profile.samples.forEach((id, i) => {
  const ms = (dt[i + 1] ?? 0) / 1000;
  const leaf = byId.get(id);
  self.set(name(leaf), (self.get(name(leaf)) ?? 0) + ms);
  // Each function once per sample, however deep it recurses.
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const key = name(byId.get(at));
    if (seen.has(key)) continue;
    seen.add(key);
    total.set(key, (total.get(key) ?? 0) + ms);
  }
});
const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(n));
console.log('self ms  total ms  function');
for (const [key, ms] of rows) console.log(`${ms.toFixed(1).padStart(7)}  ${(total.get(key) ?? 0).toFixed(1).padStart(8)}  ${key}`);
