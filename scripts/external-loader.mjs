// Trunk post-build hook, run on Trunk's staging dir:
// 1. moves Trunk's inline module loader out of index.html into its own content-hashed file, so
//    the app runs under a strict Content-Security-Policy (`script-src 'self' 'wasm-unsafe-eval'`,
//    no 'unsafe-inline');
// 2. minifies static/first.js (the first view's early fetches) and names it by its content's hash,
//    like the loader;
// 3. writes embed.js, the one module another page loads to use <folio-viewer src="…/data/">;
// 4. with FOLIO_OFFLINE=1, opts the page into offline reading.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

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

// The first view's early fetches (static/first.js, copied by Trunk under its own name): named by
// its content's hash like the loader, so that a host may cache it as long as the rest.
const firstTag = /<script\b[^>]*\bsrc="?(?:\.\/)?first\.js"?[^>]*><\/script>/;
if (!firstTag.test(out)) throw new Error('external-loader: index.html has no <script src="first.js">');
// A search's chunks of the WASM (the engine, the reader of the files the first list does not
// read, and what they share), named as scripts/split-wasm.mjs wrote them.
const engineChunks = readdirSync(dir).filter((f) => /^chunk-(search|reader|shared_\d+)-[0-9a-f]+\.wasm$/.test(f));
if (!engineChunks.some((f) => f.startsWith('chunk-search-'))) throw new Error(`external-loader: no search chunk in ${dir}`);
const firstSource = readFileSync(join(dir, 'first.js'), 'utf8');
if (firstSource.split('const ENGINE_CHUNKS = [];').length !== 2) throw new Error('first.js has no "const ENGINE_CHUNKS = [];" to fill');
const firstCode = (await minify(firstSource.replace('const ENGINE_CHUNKS = [];', `const ENGINE_CHUNKS = ${JSON.stringify(engineChunks.map((f) => `./${f}`))};`), { ecma: 2020 })).code + '\n';
writeFileSync(join(dir, 'first.js'), firstCode);
const firstName = `first-${createHash('sha256').update(firstCode).digest('hex').slice(0, 16)}.js`;
renameSync(join(dir, 'first.js'), join(dir, firstName));
const firstIntegrity = 'sha384-' + createHash('sha384').update(firstCode).digest('base64');
// `fetchpriority="high"`: a deferred script is otherwise fetched at low priority, behind the
// WASM and the glue (and, over HTTP/1.1, behind the six connections they hold).
out = out.replace(firstTag, `<script defer fetchpriority="high" src="./${firstName}" integrity="${firstIntegrity}" crossorigin></script>`);

const files = readdirSync(dir);
const one = (re) => {
  const hits = files.filter((f) => re.test(f));
  if (hits.length !== 1) throw new Error(`expected one file matching ${re} in ${dir}, found ${hits}`);
  return hits[0];
};
const embed = `// Folio's embed: <script type="module" src=".../embed.js"></script> then
// <folio-viewer src=".../data/"></folio-viewer>. docs/EMBED.md lists its attributes, properties,
// events, CSS custom properties and parts. Each viewer renders in an open shadow root; all
// viewers of a page share one WASM instance, loaded when the first one connects.
const here = new URL('./', import.meta.url);
const code = new URL('./${one(/^folio-web-.*\.js$/)}', here).href;
const wasm = new URL('./${one(/^folio-web-.*_bg\.wasm$/)}', here).href;
const styles = new URL('./${one(/^folio-[0-9a-f]+\.css$/)}', here).href;
const VIEW = ['q', 'cat', 'tag', 'author', 'sort'];
const ATTRS = ['src', 'lang', 'theme', ...VIEW, 'state-param', 'view', 'limit', 'href'];
let loading, tries = 0;
// The module and its WASM, once for the page; a failure is forgotten, so a retry loads again
// (under another URL: a browser keeps a failed module import).
function load() {
  if (!loading) {
    const url = tries++ ? code + '?retry=' + tries : code;
    let step = url;
    loading = import(url).then((m) => ((step = wasm), m.default({ module_or_path: wasm }).then(() => m)))
      .catch((e) => { loading = null; throw { url: step, message: String(e?.message ?? e) }; });
  }
  return loading;
}
class FolioViewer extends HTMLElement {
  static observedAttributes = ATTRS;
  connectedCallback() {
    if (this.shadowRoot) return;
    const shadow = this.attachShadow({ mode: 'open' });
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = styles;
    this.root = document.createElement('div');
    shadow.append(link, this.root);
    this.start();
  }
  start() {
    load().then(
      (m) => { this.root.replaceChildren(); this.viewer = m.mount(this.root, this.options()); },
      (e) => this.failed(e),
    );
  }
  failed({ url, message }) {
    const zh = /^zh/i.test(this.getAttribute('lang') ?? navigator.language);
    const box = document.createElement('div');
    box.className = 'folio folio-embedded';
    box.innerHTML = '<div class="folio-error" role="alert"><p></p><p class="folio-error-detail"></p><button type="button"></button></div>';
    const [what, detail] = box.querySelectorAll('p');
    what.textContent = zh ? '文章查看器无法启动。' : 'The article viewer could not start.';
    detail.textContent = 'could not load ' + url + ': ' + message;
    const retry = box.querySelector('button');
    retry.textContent = zh ? '重试' : 'Retry';
    retry.onclick = () => this.start();
    this.root.replaceChildren(box);
    this.dispatchEvent(new CustomEvent('folio-error', { bubbles: true, composed: true, detail: { what: 'viewer', url, message, retryable: true } }));
  }
  attributeChangedCallback() {
    if (!this.viewer || this.queued) return;
    this.queued = true;
    queueMicrotask(() => { this.queued = false; this.viewer.update(this.options()); });
  }
  options() {
    const get = (name) => this.getAttribute(name) ?? undefined;
    const view = new URLSearchParams();
    for (const k of VIEW) if (get(k)) view.set(k, get(k));
    let src = new URL(get('src') ?? './data/', document.baseURI).href;
    if (!src.endsWith('/')) src += '/';
    const compact = get('view') === 'compact';
    return { src, stateParam: get('state-param'), lang: get('lang'), theme: get('theme'), view: view.toString(),
      limit: compact ? String(parseInt(get('limit')) || 5) : undefined, href: compact ? get('href') : undefined, app: here.href };
  }
}
// Every attribute is a property too (\`state-param\` is \`stateParam\`); \`lang\` is HTMLElement's own.
for (const name of ATTRS.filter((a) => a !== 'lang')) {
  Object.defineProperty(FolioViewer.prototype, name.replace(/-(\\w)/g, (_, c) => c.toUpperCase()), {
    get() { return this.getAttribute(name); },
    set(value) { value == null ? this.removeAttribute(name) : this.setAttribute(name, value); },
  });
}
if (!customElements.get('folio-viewer')) customElements.define('folio-viewer', FolioViewer);
`;
writeFileSync(join(dir, 'embed.js'), embed);
// Offline reading is opt-in: FOLIO_OFFLINE=1 adds the marker the app looks for before it
// registers sw.js.
if (process.env.FOLIO_OFFLINE === '1') out = out.replace('<title>', '<meta name="folio-offline" content="on"><title>');
writeFileSync(file, out);
console.log(`external-loader: wrote ${name}${process.env.FOLIO_OFFLINE === '1' ? ' (offline on)' : ''}`);
