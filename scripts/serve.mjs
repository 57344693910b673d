// A small static file server for dist/, bound to 127.0.0.1, as a static host serves the site.
// Used by the browser tests (which import `serve`) and to look at a built dist/ by hand
// (`node scripts/serve.mjs dist 8080`); `make serve` previews with `folio serve` instead. No
// dependencies beyond Node itself.
import { createServer } from 'node:http';
import { createGzip } from 'node:zlib';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Content types GitHub Pages serves compressed. */
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|wasm)|image\/svg)/;

/**
 * Serves `root` on 127.0.0.1:`port` (0 picks a free port). `options.prefix` serves the tree under
 * a sub-path (as GitHub Pages does); `options.headers` adds response headers (e.g. a CSP);
 * `options.gzip` compresses text, JSON and WASM for clients that accept it, as GitHub Pages does
 * (binary index files travel as they are). A request for one byte range (`Range: bytes=a-b`, as
 * the app asks for a piece of a search shard) gets that range, `206`, uncompressed, as static
 * hosts answer it. Every response carries
 * `Access-Control-Allow-Origin: *`, so other origins can embed what it serves, unless
 * `options.cors` is false. Resolves to { server, url }.
 */
export function serve(root, port = 0, options = {}) {
  const base = resolve(root);
  const prefix = options.prefix ?? '/';
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end('not found');
      return;
    }
    path = path.slice(prefix.length);
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      statSync(file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const common = {
      'content-type': type,
      'cache-control': 'no-cache',
      ...(options.cors === false ? {} : { 'access-control-allow-origin': '*' }),
      ...(options.headers ?? {}),
    };
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    const size = statSync(file).size;
    if (range && Number(range[1]) <= Number(range[2]) && Number(range[1]) < size) {
      const [start, end] = [Number(range[1]), Math.min(Number(range[2]), size - 1)];
      res.writeHead(206, { ...common, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1 });
      createReadStream(file, { start, end }).pipe(res);
      return;
    }
    const gzip = options.gzip && COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    res.writeHead(200, {
      'content-type': type,
      'cache-control': 'no-cache',
      ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
      // Pages on other origins may embed the viewer: embed.js, the app's module and WASM and
      // the bundle are fetched with CORS (GitHub Pages sends the same header).
      ...(options.cors === false ? {} : { 'access-control-allow-origin': '*' }),
      ...(options.headers ?? {}),
    });
    const body = createReadStream(file);
    if (gzip) body.pipe(createGzip({ level: 6 })).pipe(res);
    else body.pipe(res);
  });
  return new Promise((ok) => {
    server.listen(port, '127.0.0.1', () => {
      ok({ server, url: `http://127.0.0.1:${server.address().port}${prefix}` });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = process.argv[2] ?? 'dist';
  const port = Number(process.argv[3] ?? 8080);
  const { url } = await serve(root, port, { gzip: process.env.FOLIO_GZIP === '1' });
  console.log(`Serving ${root} on ${url} (Ctrl-C stops)`);
}
