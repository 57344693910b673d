// Embedding as a product: a host page configures <folio-viewer> by attributes and properties
// (also after start), listens to its events, themes it through --folio-* custom properties and
// ::part() (and nothing else gets in, whatever its CSS), shows a compact widget, and embeds it
// from another origin; two viewers share one catalog; the iframe form opens links out in a new
// tab; examples/embed.html works.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../scripts/serve.mjs';
import { bundle, DIST, filePath, start, scan, writeArticles } from './harness.mjs';

const HOSTILE = `
  * { all: unset; }
  div, li, ol, p, a, h1, h2, nav, article { color: rgb(255, 0, 0) !important; letter-spacing: 7px !important; display: block; }
  .folio-item, .folio-list, .folio-item-title { text-transform: uppercase !important; }
  folio-viewer .folio-item-title a { color: rgb(0, 255, 0) !important; }`;
const THEMED = `
  folio-viewer { --folio-accent: rgb(1, 2, 3); --folio-dark-bg: rgb(4, 5, 6); --folio-radius: 13px; --folio-font: monospace; }
  folio-viewer::part(item-title) { text-decoration: underline wavy; }
  folio-viewer::part(article-title) { font-size: 41px; }
  folio-viewer::part(search) { outline: 3px solid rgb(7, 8, 9); }
  folio-viewer::part(excerpt), folio-viewer::part(meta) { font-size: 50px; }`;
const page = (body, style = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title><style>${style}</style></head>` +
  `<body>${body}<script type="module" src="embed.js"></script></body></html>`;

let env, other, plain, tmp;
const index = bundle();
before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'folio-embed-api-'));
  const root = join(tmp, 'root');
  cpSync(DIST, root, { recursive: true });
  // A second, small bundle, for a viewer the host points elsewhere.
  writeArticles(join(tmp, 'small'), 3);
  const r = spawnSync(process.env.FOLIO_BIN ?? 'target/bundler/folio', ['bundle', join(tmp, 'small'), '--out', join(root, 'small')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  copyFileSync('examples/embed.html', join(root, 'embed.html'));
  const files = {
    'host.html': page(
      `<input id="host-input"><folio-viewer id="one" src="data/" lang="zh-CN" theme="dark" tag="${index.articles.find((a) => a.tags.length).tags[0]}"></folio-viewer>` +
        `<folio-viewer id="two" src="data/"></folio-viewer>`,
      HOSTILE + THEMED,
    ),
    'widget.html': page(`<folio-viewer id="w" src="data/" view="compact" limit="3"></folio-viewer>`, HOSTILE),
    'linked.html': page(`<folio-viewer id="w" src="data/" view="compact" limit="2" href="full.html" state-param="archive"></folio-viewer>`),
    'full.html': page(`<folio-viewer id="full" src="data/" state-param="archive"></folio-viewer>`),
    'broken.html': page(`<folio-viewer id="b" src="nowhere/"></folio-viewer>`),
    'frame.html': `<!doctype html><html><body><iframe data-folio id="frame" src="index.html" title="Archive" style="width: 900px"></iframe><script src="embed-frame.js"></script></body></html>`,
  };
  for (const [name, html] of Object.entries(files)) writeFileSync(join(root, name), html);
  env = await start({ root });
  // Another origin (another port) for the host page, and one whose server sends no CORS header.
  const hostRoot = join(tmp, 'host');
  cpSync(join(root, 'data'), join(hostRoot, 'data'), { recursive: true });
  other = await serve(hostRoot, 0);
  plain = await serve(hostRoot, 0, { cors: false });
  writeFileSync(
    join(hostRoot, 'cross.html'),
    `<!doctype html><html><head><meta charset="utf-8"><title>Cross</title></head><body>
     <folio-viewer id="ok" src="${env.url}data/"></folio-viewer>
     <folio-viewer id="no" src="${plain.url}data/"></folio-viewer>
     <script type="module" src="${env.url}embed.js"></script></body></html>`,
  );
});
after(async () => {
  await env?.close();
  other?.server.close();
  plain?.server.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Records every folio-* event that reaches the host's document. */
async function recordEvents(p) {
  await p.addInitScript(() => {
    window.events = [];
    for (const type of ['folio-ready', 'folio-navigate', 'folio-open', 'folio-search', 'folio-error']) {
      document.addEventListener(type, (e) => window.events.push({ type, id: e.target.id, composed: e.composed, bubbles: e.bubbles, detail: e.detail }));
    }
  });
}
const events = (p, type) => p.evaluate((type) => window.events.filter((e) => e.type === type), type);

test('attributes set the first view, reflect as properties, and changes after start update the viewer', async () => {
  const p = await env.page();
  await p.goto(`${env.url}host.html`);
  const tag = index.articles.find((a) => a.tags.length).tags[0];
  const tagged = index.articles.filter((a) => a.tags.includes(tag));
  await p.locator('#one .folio-item').first().waitFor();
  const root = p.locator('#one .folio');
  assert.equal(await root.getAttribute('lang'), 'zh-CN');
  assert.equal(await root.getAttribute('data-theme'), 'dark');
  await p.waitForFunction((n) => document.getElementById('one').shadowRoot.querySelectorAll('.folio-item').length === n, tagged.length);
  // Properties mirror attributes, both ways.
  assert.deepEqual(
    await p.evaluate(() => {
      const v = document.getElementById('one');
      v.stateParam = 'kept';
      return [v.src, v.theme, v.tag !== null, v.getAttribute('state-param'), v.lang];
    }),
    ['data/', 'dark', true, 'kept', 'zh-CN'],
  );
  // A host changing them after start: language, theme, view (filter, search, order), bundle.
  await p.evaluate(() => {
    const v = document.getElementById('one');
    v.setAttribute('lang', 'en');
    v.theme = 'light';
    v.tag = null;
    v.sort = 'old';
  });
  await p.waitForFunction(() => document.getElementById('one').shadowRoot.querySelector('.folio').getAttribute('data-theme') === 'light');
  assert.equal(await root.getAttribute('lang'), 'en');
  await p.waitForFunction((n) => document.getElementById('one').shadowRoot.querySelector('.folio-count').textContent === `${n} articles`, index.articles.length);
  assert.equal(await p.locator('#one .folio-item-title').first().textContent(), index.articles.at(-1).title);
  await p.evaluate(() => { document.getElementById('one').q = '的'; });
  await p.waitForSelector('#one .folio-results[data-search="done"][data-q="的"]');
  assert.equal(await p.locator('#one .folio-count').textContent(), `${scan('的').length} of ${index.articles.length} articles`);
  await p.evaluate(() => { document.getElementById('one').src = 'small/'; });
  await p.waitForFunction(() => document.getElementById('one').shadowRoot.querySelector('.folio-count')?.textContent.endsWith(' of 3 articles'));
  // The other viewer is untouched.
  assert.equal(await p.locator('#two .folio-count').textContent(), `${index.articles.length} articles`);
  assert.deepEqual(p.errors, []);
});

test('events leave the shadow root with their details; a viewer that cannot load says so and retries', async () => {
  const p = await env.page();
  await recordEvents(p);
  await p.goto(`${env.url}host.html`);
  await p.waitForFunction(() => window.events.filter((e) => e.type === 'folio-ready').length === 2);
  const ready = await events(p, 'folio-ready');
  assert.deepEqual(ready.map((e) => [e.id, e.composed, e.bubbles, e.detail.articles, e.detail.src]).sort(), [
    ['one', true, true, index.entry.articles, `${env.url}data/`],
    ['two', true, true, index.entry.articles, `${env.url}data/`],
  ]);
  const first = index.articles[0];
  await p.locator('#two .folio-item-title a').first().click();
  await p.waitForFunction(() => window.events.some((e) => e.type === 'folio-open'));
  assert.deepEqual((await events(p, 'folio-open')).map((e) => [e.id, e.detail.slug, e.detail.title, e.detail.date.slice(0, 4)]), [
    ['two', first.slug, first.title, new Date(first.date * 1000).toISOString().slice(0, 4)],
  ]);
  const navigate = await events(p, 'folio-navigate');
  assert.equal(navigate.length, 1);
  assert.equal(navigate[0].detail.route, `/a/${encodeURIComponent(first.slug)}`);
  // No state parameter: the shareable URL is the standalone app beside embed.js, on this bundle.
  assert.equal(navigate[0].detail.url, `${env.url}#/a/${encodeURIComponent(first.slug)}`);
  await p.locator('#two .folio-back a').click();
  await p.locator('#two .folio-filter-input').fill('的');
  await p.waitForFunction(() => window.events.some((e) => e.type === 'folio-search'));
  assert.deepEqual((await events(p, 'folio-search')).map((e) => [e.id, e.detail.query, e.detail.count]), [['two', '的', scan('的').length]]);
  // A file that fails later (an article's pack) is heard of too.
  const f = await env.page();
  await recordEvents(f);
  await f.route(`**/data/${first.pack}`, (route) => route.abort());
  await f.goto(`${env.url}host.html`);
  await f.locator('#two .folio-item-title a').first().click();
  await f.waitForFunction(() => window.events.some((e) => e.type === 'folio-error'));
  const [failed] = await events(f, 'folio-error');
  assert.deepEqual([failed.id, failed.detail.what, failed.detail.url, failed.detail.retryable], ['two', 'body', `${env.url}data/`, true]);
  assert.ok(failed.detail.message.includes(first.pack));

  // A bundle that is not there: the viewer says so inside the element, with the URL it tried
  // and a retry, and fires folio-error.
  const q = await env.page();
  await recordEvents(q);
  await q.goto(`${env.url}broken.html`);
  const alert = q.locator('#b .folio-error[role="alert"]');
  await alert.waitFor();
  assert.match(await alert.textContent(), new RegExp(`${env.url}nowhere/index\\.json.*404`));
  const [error] = await events(q, 'folio-error');
  assert.deepEqual({ ...error.detail, message: undefined }, { what: 'index', url: `${env.url}nowhere/index.json`, message: undefined, retryable: true });
  assert.match(error.detail.message, /HTTP 404/);
  // Once the bundle is there, the retry shows it.
  cpSync(join(tmp, 'root', 'small'), join(tmp, 'root', 'nowhere'), { recursive: true });
  await q.locator('#b .folio-error button').click();
  await q.waitForFunction(() => document.getElementById('b').shadowRoot.querySelector('.folio-count')?.textContent === '3 articles');

  // The viewer's own code failing to load (here its WASM, once) is reported the same way.
  const r = await env.page();
  await recordEvents(r);
  let refused = 0;
  await r.route(/_bg\.wasm$/, (route) => (refused++ ? route.continue() : route.abort()));
  await r.goto(`${env.url}broken.html`);
  const stuck = r.locator('#b .folio-error[role="alert"]');
  await stuck.waitFor();
  assert.match(await stuck.textContent(), /could not load http:\/\/127\.0\.0\.1:\d+\/folio-web-[0-9a-f]+_bg\.wasm/);
  assert.deepEqual((await events(r, 'folio-error')).map((e) => [e.detail.what, e.detail.retryable]), [['viewer', true]]);
  await r.locator('#b .folio-error button').click();
  await r.waitForFunction(() => document.getElementById('b').shadowRoot.querySelector('.folio-count')?.textContent === '3 articles');
  rmSync(join(tmp, 'root', 'nowhere'), { recursive: true });
});

test('the host themes the viewer through --folio-* and ::part(), and nothing else gets in', async () => {
  const p = await env.page();
  await p.goto(`${env.url}host.html`);
  // A row with its title: the rows come from the newest rows' page, after the entry.
  await p.locator('#two .folio-item-title').first().waitFor();
  const seen = await p.evaluate(() => {
    const shadow = document.getElementById('two').shadowRoot;
    const style = (selector) => getComputedStyle(shadow.querySelector(selector));
    const parts = ['list', 'item', 'item-title', 'facets', 'search'].map((part) => shadow.querySelectorAll(`[part~="${part}"]`).length > 0);
    return {
      parts,
      link: style('.folio').getPropertyValue('--f-accent').trim(),
      titleDecoration: style('.folio-item-title').textDecorationStyle,
      searchOutline: style('.folio-filter').outlineColor,
      radius: style('.folio-filter-input').borderTopLeftRadius,
      font: style('.folio-excerpt').fontFamily,
      excerpt: [style('.folio-excerpt').color, style('.folio-excerpt').letterSpacing, style('.folio-excerpt').fontSize, style('.folio-excerpt').textTransform],
      item: [style('.folio-item').display, style('.folio-item').textTransform, style('.folio-list').listStyleType],
      darkBg: getComputedStyle(document.getElementById('one').shadowRoot.querySelector('.folio')).backgroundColor,
    };
  });
  assert.deepEqual(seen.parts, [true, true, true, true, true]);
  // In: the custom properties and the ::part() rules…
  assert.equal(seen.link, 'rgb(1, 2, 3)');
  assert.equal(seen.titleDecoration, 'wavy');
  assert.equal(seen.searchOutline, 'rgb(7, 8, 9)');
  assert.equal(seen.radius, '13px');
  assert.equal(seen.font, 'monospace');
  assert.equal(seen.darkBg, 'rgb(4, 5, 6)');
  // …and nothing else: not `* { all: unset }`, not `!important` colours, spacing or case, not a
  // ::part() for a name that is not a part.
  assert.notEqual(seen.excerpt[0], 'rgb(255, 0, 0)');
  assert.equal(seen.excerpt[1], 'normal');
  assert.notEqual(seen.excerpt[2], '50px');
  assert.equal(seen.excerpt[3], 'none');
  assert.deepEqual(seen.item, ['flex', 'none', 'none']);
  await p.locator('#two .folio-chip').first().click();
  const pressed = p.locator('#two .folio-chip[aria-pressed="true"]').first();
  await pressed.waitFor();
  assert.equal(await pressed.evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(1, 2, 3)');
  // Article parts, in the dark viewer.
  await p.locator('#one .folio-item-title a').first().click();
  await p.locator('#one [part~="article-title"]').waitFor();
  assert.equal(await p.locator('#one [part~="article"]').count(), 1);
  assert.equal(await p.locator('#one .folio-article-title').evaluate((h) => getComputedStyle(h).fontSize), '41px');
  assert.deepEqual(p.errors, []);
});

test('keys typed in the host, or in another viewer, stay out of a viewer', async () => {
  const p = await env.page();
  await p.goto(`${env.url}host.html`);
  await p.locator('#two .folio-item').first().waitFor();
  await p.locator('#host-input').focus();
  await p.keyboard.press('?');
  assert.equal(await p.locator('#one .folio-help, #two .folio-help').count(), 0);
  assert.equal(await p.locator('#host-input').inputValue(), '?');
  // Nor with focus on the host page itself (a `?` there was once read by every viewer).
  await p.evaluate(() => document.activeElement.blur());
  await p.keyboard.press('?');
  assert.equal(await p.locator('#one .folio-help, #two .folio-help').count(), 0);
  await p.locator('#two .folio-brand').focus();
  await p.keyboard.press('?');
  await p.locator('#two .folio-help').waitFor();
  assert.equal(await p.locator('#one .folio-help').count(), 0);
  // Esc in the host leaves the help open; inside the viewer it closes it.
  await p.locator('#host-input').focus();
  await p.keyboard.press('Escape');
  assert.equal(await p.locator('#two .folio-help').count(), 1);
  await p.locator('#two .folio-help-close').focus();
  await p.keyboard.press('Escape');
  await p.locator('#two .folio-help').waitFor({ state: 'detached' });
});

test('two viewers share one WASM instance and fetch each file once', async () => {
  const p = await env.page();
  const fetched = [];
  p.on('request', (r) => r.url().startsWith(env.url) && fetched.push(new URL(r.url()).pathname));
  await p.goto(`${env.url}host.html`);
  await p.locator('#two .folio-item').first().waitFor();
  await p.locator('#one .folio-item').first().waitFor();
  await p.evaluate(() => Object.assign(document.getElementById('one'), { tag: null, lang: 'en' }));
  await p.waitForFunction((n) => document.getElementById('one').shadowRoot.querySelector('.folio-count').textContent === `${n} articles`, index.articles.length);
  // The same article in both, and the same search.
  for (const id of ['one', 'two']) {
    await p.locator(`#${id} .folio-item-title a`).nth(3).click();
    await p.locator(`#${id} .folio-body`).waitFor();
  }
  const counts = {};
  for (const path of fetched) counts[path] = (counts[path] ?? 0) + 1;
  const twice = Object.entries(counts).filter(([path, n]) => n > 1 && path !== '/host.html');
  assert.deepEqual(twice, []);
  assert.equal(fetched.filter((f) => /\/folio-web-[0-9a-f]+_bg\.wasm$/.test(f)).length, 1);
  // The article page's chunk of the WASM, once for both viewers (one instance loads it).
  assert.equal(fetched.filter((f) => /\/chunk-article-[0-9a-f]+\.wasm$/.test(f)).length, 1);
  assert.equal(fetched.filter((f) => f === '/data/index.json').length, 1);
  assert.ok(fetched.includes(`/data/${index.articles[3].pack}`));
});

test('a compact widget shows the newest titles with dates, fetches only the entry and the newest rows, and opens articles', async () => {
  const p = await env.page();
  const fetched = [];
  p.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await p.goto(`${env.url}widget.html`);
  await p.locator('#w .folio-item time').nth(2).waitFor();
  assert.deepEqual(await p.locator('#w .folio-item-title').allTextContents(), index.articles.slice(0, 3).map((a) => a.title));
  assert.ok((await p.locator('#w time').first().getAttribute('datetime')).startsWith(new Date(index.articles[0].date * 1000).toISOString().slice(0, 10)));
  assert.equal(await p.locator('#w .folio-facets, #w .folio-filter, #w .folio-header').count(), 0);
  await p.waitForTimeout(300);
  assert.deepEqual(fetched.filter((f) => f.startsWith('/data/')), ['/data/index.json', `/data/${filePath('r', index.entry.newest)}`]);
  // Its own chunk of the WASM, once, and neither the full list's search nor the file reader.
  assert.equal(fetched.filter((f) => /\/chunk-compact-[0-9a-f]+\.wasm$/.test(f)).length, 1);
  assert.ok(!fetched.some((f) => /\/chunk-(search|reader)-/.test(f)), fetched.join());
  // No href: the article opens inside the widget.
  await p.locator('#w .folio-item-title a').first().click();
  await p.locator('#w .folio-article-title').waitFor();
  assert.equal(await p.locator('#w .folio-article-title').textContent(), index.articles[0].title);
  assert.equal(p.url(), `${env.url}widget.html`);

  // With href (and the full viewer's state parameter): the title opens it there.
  const q = await env.page();
  await q.goto(`${env.url}linked.html`);
  const second = index.articles[1];
  const link = q.locator('#w .folio-item-title a').nth(1);
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), `${env.url}full.html?archive=%2Fa%2F${encodeURIComponent(encodeURIComponent(second.slug))}`);
  await link.click();
  await q.waitForURL(/full\.html/);
  await q.locator('#full .folio-article-title').waitFor();
  assert.equal(await q.locator('#full .folio-article-title').textContent(), second.title);
  assert.deepEqual([...p.errors, ...q.errors], []);
});

test('a compact widget whose chunk fails to load says so, and its retry shows the titles', async () => {
  const p = await env.page();
  let failing = true;
  await p.route('**/chunk-compact-*.wasm', (route) => (failing ? route.fulfill({ status: 503, body: '' }) : route.continue()));
  await p.goto(`${env.url}widget.html`);
  await p.locator('#w .folio-error[role=alert] button').waitFor();
  assert.match(await p.locator('#w .folio-error').textContent(), /compact list.*chunk/);
  failing = false;
  await p.locator('#w .folio-error[role=alert] button').click();
  await p.locator('#w .folio-item time').nth(2).waitFor();
  assert.deepEqual(await p.locator('#w .folio-item-title').allTextContents(), index.articles.slice(0, 3).map((a) => a.title));
  assert.equal(await p.locator('#w .folio-error').count(), 0);
});

test('embedded from another origin: with CORS it shows the bundle; without, it says why inside the element', async () => {
  const p = await env.page();
  await recordEvents(p);
  await p.goto(`${other.url}cross.html`);
  await p.locator('#ok .folio-item').first().waitFor();
  assert.equal(await p.locator('#ok .folio-count').textContent(), `${index.articles.length} articles`);
  const alert = p.locator('#no .folio-error[role="alert"]');
  await alert.waitFor();
  assert.ok((await alert.textContent()).includes(`${plain.url}data/index.json`));
  assert.equal(await p.locator('#no .folio-error button').count(), 1);
  const errors = await events(p, 'folio-error');
  assert.deepEqual(errors.map((e) => [e.id, e.detail.url, e.detail.retryable]), [['no', `${plain.url}data/index.json`, true]]);
});

test('in the iframe form, links out of the archive open in a new tab', async () => {
  const p = await env.page();
  await p.goto(`${env.url}frame.html`);
  const article = index.articles.find((a) => /<a [^>]*href="https?:/.test(a.body()));
  const frame = p.frameLocator('#frame');
  await frame.locator('.folio-item').first().waitFor();
  await p.frame({ url: /index\.html/ }).evaluate((slug) => { location.hash = `#/a/${encodeURIComponent(slug)}`; }, article.slug);
  const out = frame.locator('.folio-body a[href^="http"]').first();
  await out.waitFor();
  const [tab] = await Promise.all([env.browser.waitForEvent('page'), out.click()]);
  assert.equal(await out.getAttribute('target'), '_blank');
  assert.equal(await tab.evaluate(() => window.opener), null);
  assert.match(p.frame({ url: /index\.html/ }).url(), /index\.html#\/a\//);
  // The viewer's own links still move inside the frame.
  const pages = env.browser.pages().length;
  await frame.locator('.folio-back a').click();
  await frame.locator('.folio-item').first().waitFor();
  assert.equal(env.browser.pages().length, pages);
  assert.equal(await frame.locator('.folio-back a, .folio-brand').first().getAttribute('target'), null);
});

test('examples/embed.html shows a full viewer and a compact widget side by side', async () => {
  const p = await env.page();
  await p.goto(`${env.url}embed.html`);
  await p.locator('#archive .folio-item').first().waitFor();
  await p.locator('#latest .folio-item-title a').nth(4).waitFor();
  assert.equal(await p.locator('#latest .folio-item').count(), 5);
  const [left, right] = await Promise.all(['#archive', '#latest'].map((id) => p.locator(id).boundingBox()));
  assert.ok(right.x >= left.x + left.width, 'side by side');
  await p.locator('#latest .folio-item-title a').first().click();
  await p.locator('#archive .folio-article-title').waitFor();
  assert.equal(await p.locator('#archive .folio-article-title').textContent(), index.articles[0].title);
  assert.equal(await p.title(), `${index.articles[0].title} · Folio`);
  assert.deepEqual(p.errors, []);
});
