// The plainest web server a town may have, for the static site's tests and benchmark: GET and
// HEAD of files with their content types and an ETag (304 on a match), 405 for every other
// method, and on every answer the Content-Security-Policy the README gives to towns.
import http from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png',
};

/**
 * Serves the folder `site.root` (which may change between requests) on a loopback port.
 * `extra` maps paths to bodies served as if they were files (the tests' axe-core).
 * Resolves to {server, base, log}: `log` has every request's method, path, status and bytes.
 */
export async function serveStatic(site, extra = {}) {
  const log = [];
  const server = http.createServer((request, response) => {
    const entry = { method: request.method, path: request.url, status: 0, bytes: 0 };
    log.push(entry);
    const answer = (status, headers, body) => {
      entry.status = status;
      entry.bytes = body ? body.length : 0;
      response.writeHead(status, { 'Content-Security-Policy': CSP, ...headers });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      answer(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }, Buffer.from('405 method not allowed\n'));
      return;
    }
    let path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(site.root, path));
    if (!file.startsWith(normalize(site.root))) { answer(403, {}, Buffer.from('')); return; }
    let body = extra[path] ? Buffer.from(extra[path]) : null;
    if (!body) {
      try { body = readFileSync(file); } catch (_) { answer(404, { 'Content-Type': 'text/plain' }, Buffer.from('404\n')); return; }
    }
    // A validator from the content, as static servers make them from size and time.
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}-${body.length}"`;
    const type = TYPES[path.slice(path.lastIndexOf('.'))] || 'application/octet-stream';
    if (request.headers['if-none-match'] === etag) { answer(304, { ETag: etag }, null); return; }
    answer(200, { 'Content-Type': type, ETag: etag }, body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${server.address().port}/`, log };
}
