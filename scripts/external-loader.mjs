// Trunk post-build hook: moves Trunk's inline module loader out of index.html into its own
// content-hashed file, so the app runs under a strict Content-Security-Policy
// (`script-src 'self' 'wasm-unsafe-eval'`, no 'unsafe-inline'). Runs on Trunk's staging dir.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set');
const file = join(dir, 'index.html');
const html = readFileSync(file, 'utf8');
const inline = /<script type="?module"?>([\s\S]*?)<\/script>/;
const match = html.match(inline);
if (!match) {
  console.log('external-loader: no inline loader found (already external?)');
  process.exit(0);
}
const code = match[1].trim() + '\n';
const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
const name = `loader-${hash}.js`;
writeFileSync(join(dir, name), code);
const integrity = 'sha384-' + createHash('sha384').update(code).digest('base64');
const tag = `<script type="module" src="./${name}" integrity="${integrity}" crossorigin></script>`;
let out = html.replace(inline, tag);
// Offline reading is opt-in: FOLIO_OFFLINE=1 adds the marker the app looks for before it
// registers sw.js.
if (process.env.FOLIO_OFFLINE === '1') out = out.replace('<title>', '<meta name="folio-offline" content="on"><title>');
writeFileSync(file, out);
console.log(`external-loader: wrote ${name}${process.env.FOLIO_OFFLINE === '1' ? ' (offline on)' : ''}`);
