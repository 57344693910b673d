// Trunk post-build hook, run on Trunk's staging dir before external-loader.mjs: names the
// WASM's imports without the hash wasm-bindgen appends to each (`__wbg_querySelector_72201b7c62dc196b`
// becomes `__wbg_querySelector`, a second `__wbg_get` becomes `__wbg_get_2`), in the module and
// in its JS glue alike, and updates the two files' `integrity` in index.html. The hashes keep
// names apart across the crates of a build; here they are 16 random hex digits per import that
// brotli cannot compress, twice (module and glue): about 4 KB of the shell (BENCHMARKS.md).
// Usage: node scripts/short-imports.mjs [dir]
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { name, readName, readU32, rewriteSections, u32 } from './leb128.mjs';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set');
const files = readdirSync(dir);
const one = (re) => {
  const hits = files.filter((f) => re.test(f));
  if (hits.length !== 1) throw new Error(`expected one file matching ${re} in ${dir}, found ${hits}`);
  return hits[0];
};
const wasmName = one(/^folio-web-.*_bg\.wasm$/);
const jsName = one(/^folio-web-.*\.js$/);
const wasm = readFileSync(join(dir, wasmName));
let js = readFileSync(join(dir, jsName), 'utf8');


// The import section (id 2): module name, field name, then the import's kind and type.
const HASHED = /^(__wbg_.+)_[0-9a-f]{16}$/;
const renamed = new Map();
const taken = new Set();
function shorter(field) {
  const match = field.match(HASHED);
  if (!match) return field;
  if (!renamed.has(field)) {
    let short = match[1];
    for (let n = 2; taken.has(short); n++) short = `${match[1]}_${n}`;
    taken.add(short);
    renamed.set(field, short);
  }
  return renamed.get(field);
}
function descriptionEnd(bytes, at) {
  const kind = bytes[at++];
  if (kind === 0x00) return readU32(bytes, at).at; // function: type index
  if (kind === 0x01) { // table: reftype, limits
    at++;
    const flags = bytes[at++];
    at = readU32(bytes, at).at;
    return flags & 1 ? readU32(bytes, at).at : at;
  }
  if (kind === 0x02) { // memory: limits
    const flags = bytes[at++];
    at = readU32(bytes, at).at;
    return flags & 1 ? readU32(bytes, at).at : at;
  }
  if (kind === 0x03) return at + 2; // global: valtype, mutability
  if (kind === 0x04) return readU32(bytes, at + 1).at; // tag: attribute, type index
  throw new Error(`import of unknown kind ${kind}`);
}

// The import section (id 2): each import's module, field and description.
const newWasm = rewriteSections(wasm, 2, (wasm, start, end) => {
  const count = readU32(wasm, start);
  const body = [u32(count.value)];
  let p = count.at;
  for (let i = 0; i < count.value; i++) {
    const module = readName(wasm, p);
    const field = readName(wasm, module.at);
    p = field.at;
    const descEnd = descriptionEnd(wasm, p);
    body.push(name(module.text), name(shorter(field.text)), wasm.subarray(p, descEnd));
    p = descEnd;
  }
  if (p !== end) throw new Error('import section: read past its end');
  return Buffer.concat(body);
});

for (const [long, short] of renamed) {
  const uses = js.split(long).length - 1;
  if (uses === 0) throw new Error(`${long} is imported by the WASM but not in ${jsName}`);
  js = js.replaceAll(long, short);
}
const leftover = js.match(/__wbg_\w+_[0-9a-f]{16}\b/);
if (leftover) throw new Error(`${jsName} names ${leftover[0]}, which the WASM does not import`);

writeFileSync(join(dir, wasmName), newWasm);
writeFileSync(join(dir, jsName), js);
const indexFile = join(dir, 'index.html');
let html = readFileSync(indexFile, 'utf8');
for (const [file, bytes] of [[wasmName, newWasm], [jsName, Buffer.from(js)]]) {
  const integrity = 'sha384-' + createHash('sha384').update(bytes).digest('base64');
  // The href is `./<file>`, or under the public URL Trunk was given (`--public-url /repo/`).
  const tag = new RegExp(`(<link[^>]*href=["']?[^"' >]*/${file.replace(/\./g, '\\.')}[^>]*integrity=["']?)sha384-[A-Za-z0-9+/=]+`);
  const reversed = new RegExp(`(<link[^>]*integrity=["']?)sha384-[A-Za-z0-9+/=]+(["']?[^>]*href=["']?[^"' >]*/${file.replace(/\./g, '\\.')})`);
  if (tag.test(html)) html = html.replace(tag, `$1${integrity}`);
  else if (reversed.test(html)) html = html.replace(reversed, `$1${integrity}$2`);
}
writeFileSync(indexFile, html);
console.log(`short-imports: ${renamed.size} imports named without their hash`);
