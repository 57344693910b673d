// What a bundle is made of, as a host sees it: node bench/stats.mjs BUNDLE_DIR [--json]
// Prints total bytes and files, the largest file, the fullest folder, and bytes and files by
// kind (the top-level folder: d directory, r rows, b bodies, f facets, l lookup, c columns,
// s search; the entry and the file list on their own).
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export function stats(root) {
  const kinds = {};
  let bytes = 0;
  let files = 0;
  let largest = { path: '', bytes: 0 };
  let fullest = { path: '', entries: 0 };
  const walk = (dir) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.length > fullest.entries) fullest = { path: relative(root, dir) || '.', entries: entries.length };
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        walk(path);
        continue;
      }
      const size = statSync(path).size;
      const rel = relative(root, path);
      const kind = rel.includes('/') ? rel.split('/')[0] + '/' : rel;
      kinds[kind] ??= { files: 0, bytes: 0 };
      kinds[kind].files += 1;
      kinds[kind].bytes += size;
      bytes += size;
      files += 1;
      if (size > largest.bytes) largest = { path: rel, bytes: size };
    }
  };
  walk(root);
  return { bytes, files, largest, fullest, kinds };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = stats(process.argv[2]);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(s));
  } else {
    const mb = (b) => (b / 1e6).toFixed(1);
    console.log(`${s.files} files, ${mb(s.bytes)} MB; largest ${s.largest.path} ${s.largest.bytes} B; fullest folder ${s.fullest.path} (${s.fullest.entries} entries)`);
    for (const [kind, k] of Object.entries(s.kinds).sort()) console.log(`  ${kind.padEnd(16)} ${String(k.files).padStart(8)} files ${mb(k.bytes).padStart(10)} MB`);
  }
}
