// A static server for the widget tests and benchmarks: the built package at /pkg/, the fixtures at /fixtures/,
// the test page at /, every answer with the strict Content-Security-Policy of the demo (www/_headers).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, normalize } from 'node:path';
import { ROOT } from './stack.mjs';

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css', '.map': 'application/json' };
const MOUNTS = [['/pkg/', 'pkg-js/pkg'], ['/fixtures/', 'fixtures'], ['/', 'e2e/widget-page']];

/**
 * Starts the server on a free port; `extra(req, res)` may answer first (return true); `mounts` replaces the default
 * [url prefix, directory] list (directories relative to the repository, or absolute). Returns { url, close }.
 */
export async function startStatic({ extra, mounts = MOUNTS } = {}) {
  const server = createServer(async (req, res) => {
    try {
      if (extra && (await extra(req, res))) return;
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      const [prefix, dir] = mounts.find(([p]) => path.startsWith(p));
      let rel = normalize(path.slice(prefix.length)).replace(/^(\.\.[/\\])+/, '');
      if (rel === '.' || rel === '' || rel.endsWith('/')) rel = join(rel, 'index.html');
      const body = await readFile(isAbsolute(dir) ? join(dir, rel) : join(ROOT, dir, rel));
      res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream', 'content-security-policy': CSP,
        'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain', 'content-security-policy': CSP });
      res.end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}
