// What opening an article by its address costs, from a bundle's files (not a test; no browser):
// for a sample of articles, the files a cold open fetches before the body shows (the entry, the
// lookup from its root down to the slug's shard (and from format 10 the newest shard that would
// hold it, fetched beside the root), the directory's root and chunk (format 8; the
// chunk alone before), the row page (before format 9, whose pack carries what the page shows of
// the row) and the pack), and then what its related articles' titles cost: in format 6 nothing (the pack holds
// them), in format 7 the directory chunks and row pages of the related articles' rows that the
// open did not already fetch (none for a row the entry holds). Prints medians and p90s of raw
// bytes and requests. Usage: node bench/article-open.mjs BUNDLE_DIR [SAMPLE=300] [SEED=1]
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { directory } from '../tests/browser/harness.mjs';

const [dir, sampleArg, seedArg] = process.argv.slice(2);
const SAMPLE = Number(sampleArg ?? 300);
const path = (kind, hash) => `${kind}/${hash.slice(0, 2)}/${hash}.json`;
const cache = new Map();
const read = (p) => {
  if (!cache.has(p)) cache.set(p, JSON.parse(readFileSync(join(dir, p), 'utf8')));
  return cache.get(p);
};
const size = (p) => statSync(join(dir, p)).size;
const entry = read('index.json');
const byBytes = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The lookup files from the root down to the shard that holds `key`, and the number it holds
 * (format 9: binary files of key fingerprints, `l/…bin`; JSON files of sorted keys before). */
function lookupFiles(key) {
  return entry.version >= 9 ? binaryLookupFiles(key) : jsonLookupFiles(key);
}

function jsonLookupFiles(key) {
  const files = [];
  let file = entry.lookup;
  for (;;) {
    const p = path('l', file);
    files.push(p);
    const node = read(p);
    if (!node.shards) return { files, value: node.values[node.keys.indexOf(key)] };
    let at = -1;
    for (let i = 0; i < node.shards.length; i++) if (byBytes(node.shards[i].first, key) <= 0) at = i;
    file = node.shards[at].file;
    if (node.depth <= 1) {
      const shard = read(path('l', file));
      files.push(path('l', file));
      return { files, value: shard.values[shard.keys.indexOf(key)] };
    }
  }
}

/** Reads unsigned LEB128 varints (as BigInt: fingerprints take 64 bits) and 8-byte hashes. */
function reader(bytes) {
  let at = 0;
  const varint = () => {
    let v = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const b = bytes[at++];
      v += BigInt(b & 0x7f) << shift;
      if (b < 0x80) return v;
    }
  };
  const hash = () => {
    const h = bytes.readBigUInt64LE(at);
    at += 8;
    return h.toString(16).padStart(16, '0');
  };
  return { varint, hash };
}

/** A key's fingerprint (docs/FORMAT.md, "The lookup"): FNV-1a of its UTF-8 bytes, then
 * SplitMix64's finalizer, modulo 2^64. */
function fingerprintOf(key) {
  const M = (1n << 64n) - 1n;
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(key, 'utf8')) h = ((h ^ BigInt(b)) * 0x100000001b3n) & M;
  h = ((h ^ (h >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
  h = ((h ^ (h >> 27n)) * 0x94d049bb133111ebn) & M;
  return h ^ (h >> 31n);
}

/** The number a lookup shard (`l/…bin`, binary) holds for `fingerprint`, if any. */
function shardValue(p, fingerprint) {
  const r = reader(readFileSync(join(dir, p)));
  let f = 0n;
  for (let n = Number(r.varint()); n > 0; n--) {
    f += r.varint();
    const value = Number(r.varint());
    if (f === fingerprint) return value;
  }
  return undefined;
}

/** Format 10: the newest shard that would hold the key (`lookup_newest`, the i-th holding the
 * fingerprints f with ⌊f × count / 2⁶⁴⌋ = i) is fetched beside the settled part's root; a key
 * found there needs no more of the settled part. Format 9: the tree alone. */
function binaryLookupFiles(key) {
  const fingerprint = fingerprintOf(key);
  const newest = entry.lookup_newest ?? [];
  const files = [];
  let file = entry.lookup;
  let found;
  if (newest.length > 0) {
    const hash = newest[Number((fingerprint * BigInt(newest.length)) >> 64n)];
    const p = `l/${hash.slice(0, 2)}/${hash}.bin`;
    files.push(p);
    found = shardValue(p, fingerprint);
  }
  for (let depth = Infinity; ; ) {
    const p = `l/${file.slice(0, 2)}/${file}.bin`;
    files.push(p);
    if (depth === 1) return { files, value: shardValue(p, fingerprint) };
    const r = reader(readFileSync(join(dir, p)));
    if (found !== undefined) return { files, value: found };
    depth = Number(r.varint());
    let f = 0n;
    let below;
    for (let n = Number(r.varint()); n > 0; n--) {
      f += r.varint();
      const hash = r.hash();
      if (f <= fingerprint) below = hash;
      else break;
    }
    if (below === undefined) return { files, value: found };
    file = below;
  }
}

// Format 8: a binary directory of two levels, whose root the entry names; format 7 and before:
// the entry lists the chunks, JSON files.
const dirRoot = typeof entry.directory === 'string' ? directory(dir, entry) : null;
const chunks = dirRoot
  ? dirRoot.chunks
  : entry.directory.map((c) => ({ first: c.first, path: path('d', c.file), groups: read(path('d', c.file)).groups }));

/** The directory chunk, row page and pack of article `number`, and where it is in them. */
function place(number) {
  let c = -1;
  for (let i = 0; i < chunks.length; i++) if (chunks[i].first <= number) c = i;
  const chunk = chunks[c].path;
  let first = chunks[c].first;
  for (const g of chunks[c].groups) {
    if (number < first + g.n) return { chunk, rows: path('r', g.rows), pack: path('b', g.bodies), at: number - first };
    first += g.n;
  }
  throw new Error(`no group for ${number}`);
}

// A small seeded generator, so that runs on two bundles open the same numbers.
let seed = Number(seedArg ?? 1) >>> 0 || 1;
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
};
// Format 9: the entry names the newest rows' page; before, it held them.
const newest = typeof entry.newest === 'string' ? Math.min(entry.articles, 40) : entry.newest.length;
const opens = [];
for (let i = 0; i < SAMPLE; i++) {
  // Older than the entry's rows, which open without a row page.
  const number = Math.floor(random() * (entry.articles - newest));
  const { chunk, rows, pack, at } = place(number);
  const slug = read(rows).rows[at].slug;
  if (entry.version >= 9 && read(pack).bodies[at].slug !== slug) throw new Error(`the pack's row of ${number} is not ${slug}`);
  const lookup = lookupFiles(`a:${slug}`);
  if (lookup.value !== number) throw new Error(`the lookup holds ${lookup.value} for ${slug}, not ${number}`);
  // Format 9: the pack carries what the page shows above the body, and the row page is not
  // fetched to show it.
  const rowPage = entry.version >= 9 ? [] : [rows];
  const open = new Set(['index.json', ...lookup.files, ...(dirRoot ? [dirRoot.root] : []), chunk, ...rowPage, pack]);
  const related = read(pack).bodies[at].related ?? [];
  const extra = new Set();
  for (const r of related) {
    if (typeof r !== 'number') continue; // format 6: slug and title in the pack
    const n = number - r;
    if (n >= entry.articles - newest) continue; // the entry's rows
    const p = place(n);
    for (const f of [p.chunk, p.rows]) if (!open.has(f)) extra.add(f);
  }
  const bytes = (set) => [...set].reduce((s, f) => s + size(f), 0);
  opens.push({ open: bytes(open), requests: open.size, extra: bytes(extra), extraRequests: extra.size, related: related.length });
}
const pct = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const kb = (b) => (b / 1000).toFixed(1);
const line = (name, pick, unit) => {
  const v = opens.map(pick);
  const f = unit ? kb : String;
  console.log(`${name}: median ${f(pct(v, 0.5))}, p90 ${f(pct(v, 0.9))}, max ${f(Math.max(...v))}${unit ? ' KB' : ''}`);
};
console.log(`${dir}: format ${entry.version}, ${entry.articles} articles, ${SAMPLE} opened`);
line('open (entry + lookup + directory + row page (format 8 and before) + pack)', (o) => o.open, true);
line('open requests', (o) => o.requests, false);
line('related rows after the body (more directory chunks and row pages)', (o) => o.extra, true);
line('related requests after the body', (o) => o.extraRequests, false);
line('related links listed', (o) => o.related, false);
