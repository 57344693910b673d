// Trunk post-build hook, run first on Trunk's staging dir: cuts the app's WASM into the shell
// and the chunks loaded on demand (the `#[wasm_split]` points of src/web/on_demand.rs), then
// optimizes each. Trunk knows no wasm-split, so this redoes its last steps from cargo's output:
// 1. wasm-split (wasm_split_cli_support, installed by scripts/setup.sh) on the module cargo
//    linked with its relocations kept (`--emit-relocs`, .cargo/config.toml): the main module, a
//    `split_<name>.wasm` per split point (and `chunk_<n>` files for code two points share) and a
//    link module that loads them;
// 2. wasm-bindgen on the main module, as Trunk ran it on the whole (`--target web`), into the
//    names Trunk chose, so index.html and embed.js need no change; its glue imports the link
//    module, which imports the glue back (`initSync` hands the chunks the main's memory, table
//    and exports);
// 3. `wasm-opt -Oz --low-memory-unused --converge` on each module (Trunk's own is off:
//    `data-wasm-opt="0"` in index.html; it would run before this hook and drop the relocations),
//    terser on the glue and the link module (Trunk minified the glue it wrote, not this one);
// 4. the chunks and the link module named by their content (`chunk-<name>-<hash>.wasm`,
//    `chunks-<hash>.js`), the link module preloaded from index.html beside the glue, and the
//    chunks named in sw.js, which keeps them for offline reading.
// Then short-imports.mjs renames the imports and sets both files' `integrity`.
// Usage: node scripts/split-wasm.mjs [dir] (Trunk sets TRUNK_STAGING_DIR and TRUNK_PROFILE).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';
import { name, readName, readU32, rewriteSections, u32 } from './leb128.mjs';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const profile = process.env.TRUNK_PROFILE === 'debug' ? 'debug' : 'release';
const run = (tool, args) => execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'inherit'] });
const files = readdirSync(dir);
const one = (re) => {
  const hits = files.filter((f) => re.test(f));
  if (hits.length !== 1) throw new Error(`expected one file matching ${re} in ${dir}, found ${hits}`);
  return hits[0];
};
const stem = one(/^folio-web-[0-9a-f]+\.js$/).slice(0, -'.js'.length);
const wasmName = one(/^folio-web-[0-9a-f]+_bg\.wasm$/);
const targetDir = JSON.parse(
  execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline'], { cwd: root }),
).target_directory;
const linked = join(targetDir, 'wasm32-unknown-unknown', profile, 'folio-web.wasm');
const contentHash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
// `FOLIO_WASM_NAMES=1` keeps the functions' names (`-g`), for a CPU profile that names them
// (bench/profile-top.mjs); such a build is larger and not for the shell's size.
const keepNames = process.env.FOLIO_WASM_NAMES === '1' ? ['-g'] : [];
const wasmOpt = (from, to) =>
  run(join(root, 'node_modules/.bin/wasm-opt'), [from, '-Oz', '--low-memory-unused', '--converge', ...keepNames, '-o', to]);
// The module with its export `from` named `to` (the export section is id 7: name, kind, index).
function renameExport(wasm, from, to) {
  let found = false;
  const renamed = rewriteSections(wasm, 7, (wasm, start) => {
    const count = readU32(wasm, start);
    const body = [u32(count.value)];
    let p = count.at;
    for (let i = 0; i < count.value; i++) {
      const exported = readName(wasm, p);
      let text = exported.text;
      p = exported.at;
      const descEnd = readU32(wasm, p + 1).at;
      if (text === from) (text = to), (found = true);
      body.push(name(text), wasm.subarray(p, descEnd));
      p = descEnd;
    }
    return Buffer.concat(body);
  });
  if (!found) throw new Error(`the module exports no ${from}`);
  return renamed;
}
const terse = async (code) => (await minify(code, { module: true, ecma: 2020 })).code;

const work = mkdtempSync(join(tmpdir(), 'folio-split-'));
try {
  run('wasm-split-cli', [linked, work, '--target', 'web', '--out-name', stem]);
  // wasm-bindgen drops the linker's `__indirect_function_table` export, which the chunks need
  // (they put their functions in the main's table and call the main's through it): exported
  // under another name, it stays, and the link module reads it by that name.
  const main = join(work, `${stem}.wasm`);
  writeFileSync(main, renameExport(readFileSync(main), '__indirect_function_table', '__wasm_split_table'));
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', join(work, 'bg'), '--out-name', stem, join(work, `${stem}.wasm`)]);

  let link = readFileSync(join(work, '__wasm_split.js'), 'utf8');
  const tableRead = 'const { __indirect_function_table,';
  if (link.split(tableRead).length !== 2) throw new Error(`the link module does not read the table as "${tableRead}"`);
  link = link.replace(tableRead, 'const { __wasm_split_table: __indirect_function_table,');
  const chunks = [];
  const names = [];
  for (const file of readdirSync(work).filter((f) => f.endsWith('.wasm') && f !== `${stem}.wasm`)) {
    const optimized = join(work, `opt-${file}`);
    wasmOpt(join(work, file), optimized);
    const bytes = readFileSync(optimized);
    const feature = file.replace(/^split_/, '').replace(/^chunk_/, 'shared_').replace(/\.wasm$/, '').replace(/[^A-Za-z0-9_]/g, '_');
    const chunk = `chunk-${feature}-${contentHash(bytes)}.wasm`;
    const reference = `"./${file}"`;
    if (!link.includes(reference)) throw new Error(`the link module does not load ${file}`);
    link = link.replaceAll(reference, `"./${chunk}"`);
    writeFileSync(join(dir, chunk), bytes);
    chunks.push(`${chunk} ${bytes.length} B`);
    names.push(chunk);
  }
  // Two lines stay as written, for `folio pack` (src/pack.rs) to replace: where the glue is,
  // and how a chunk is fetched (a packed file has no URL to fetch from).
  const glueImport = `import { initSync } from "./${stem}.js";`;
  if (link.split(glueImport).length !== 2) throw new Error(`the link module does not read "${glueImport}"`);
  link = link.replace(glueImport, '').replace(/fetch\(new URL\(("\.\/chunk-[^"]+\.wasm"), import\.meta\.url\)\)/g, 'fetchChunk($1)');
  if (/fetch\(/.test(link)) throw new Error('the link module fetches what is not a chunk');
  link = `${glueImport}\nconst fetchChunk = (file) => fetch(new URL(file, import.meta.url));\n${await terse(link)}\n`;
  const linkName = `chunks-${contentHash(link)}.js`;
  writeFileSync(join(dir, linkName), link);

  let glue = readFileSync(join(work, 'bg', `${stem}.js`), 'utf8');
  // Only the imports' specifier (one import per split point): the module's import names the link module as wasm-split did,
  // and so does the imports object that answers it.
  const linkImport = 'from "./__wasm_split.js"';
  if (!glue.includes(linkImport)) throw new Error(`${stem}.js does not import the link module`);
  glue = await terse(glue.replaceAll(linkImport, `from "./${linkName}"`));
  writeFileSync(join(dir, `${stem}.js`), glue);
  wasmOpt(join(work, 'bg', `${stem}_bg.wasm`), join(dir, wasmName));

  const workerFile = join(dir, 'sw.js');
  const worker = readFileSync(workerFile, 'utf8');
  if (worker.split('const CHUNKS = [];').length !== 2) throw new Error('sw.js has no "const CHUNKS = [];" to fill');
  writeFileSync(workerFile, worker.replace('const CHUNKS = [];', `const CHUNKS = ${JSON.stringify(names.map((n) => `./${n}`))};`));

  const indexFile = join(dir, 'index.html');
  const html = readFileSync(indexFile, 'utf8');
  // Beside the glue's preload, at the same place (`./`, or the public URL Trunk was given).
  const gluePreload = new RegExp(`<link[^>]*href="?([^" >]*)${stem}\\.js"?[^>]*>`);
  const glueTag = html.match(gluePreload);
  if (!glueTag || !glueTag[0].includes('modulepreload')) throw new Error(`index.html does not preload ${stem}.js`);
  const integrity = 'sha384-' + createHash('sha384').update(link).digest('base64');
  const linkPreload = `<link rel="modulepreload" href="${glueTag[1]}${linkName}" crossorigin integrity="${integrity}">`;
  writeFileSync(indexFile, html.replace(gluePreload, (tag) => tag + linkPreload));
  console.log(`split-wasm: ${wasmName}, ${linkName}, ${chunks.join(', ')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
