// Trunk post-build hook, run on Trunk's staging dir:
// 1. moves Trunk's inline module loader out of index.html into its own content-hashed file, so
//    the app runs under a strict Content-Security-Policy (`script-src 'self' 'wasm-unsafe-eval'`,
//    no 'unsafe-inline');
// 2. writes embed.js, the one module another page loads to use <folio-viewer src="…/data/">;
// 3. with FOLIO_OFFLINE=1, opts the page into offline reading.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

const files = readdirSync(dir);
const one = (re) => {
  const hits = files.filter((f) => re.test(f));
  if (hits.length !== 1) throw new Error(`expected one file matching ${re} in ${dir}, found ${hits}`);
  return hits[0];
};
const embed = `// Folio's embed: <script type="module" src=".../embed.js"></script> then
// <folio-viewer src=".../data/"></folio-viewer>. Each viewer renders in its own shadow root (its
// styles and the host's never mix) and keeps its routes in memory (the host's URL is untouched),
// or, with state-param="name", also in that query parameter of the host's URL.
const here = new URL('./', import.meta.url);
const { default: init, mount } = await import(new URL('./${one(/^folio-web-.*\.js$/)}', here).href);
await init({ module_or_path: new URL('./${one(/^folio-web-.*_bg\.wasm$/)}', here) });
const styles = new URL('./${one(/^folio-[0-9a-f]+\.css$/)}', here).href;

class FolioViewer extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const shadow = this.attachShadow({ mode: 'open' });
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = styles;
    const root = document.createElement('div');
    shadow.append(link, root);
    let data = new URL(this.getAttribute('src') ?? './data/', document.baseURI).href;
    if (!data.endsWith('/')) data += '/';
    mount(root, data, this.getAttribute('state-param') ?? undefined);
  }
}
if (!customElements.get('folio-viewer')) customElements.define('folio-viewer', FolioViewer);
`;
writeFileSync(join(dir, 'embed.js'), embed);
// Offline reading is opt-in: FOLIO_OFFLINE=1 adds the marker the app looks for before it
// registers sw.js.
if (process.env.FOLIO_OFFLINE === '1') out = out.replace('<title>', '<meta name="folio-offline" content="on"><title>');
writeFileSync(file, out);
console.log(`external-loader: wrote ${name}${process.env.FOLIO_OFFLINE === '1' ? ' (offline on)' : ''}`);
