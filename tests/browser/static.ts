// A static server on 127.0.0.1 for a built app's folder (a bundler's output, an
// example), with /digits.csv from data/, the strict CSP of server.ts, and
// COOP/COEP so that the page may use threads.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP } from './server.js';

const DIGITS = fileURLToPath(new URL('../../data/digits.csv', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.csv': 'text/plain; charset=utf-8', '.json': 'application/json', '.map': 'application/json', '.css': 'text/css',
};

/** Serves dir; csp: false leaves out the CSP (for a page with an inline script, as Parcel's import map). */
export async function serveDir(dir: string, opts: { csp?: boolean } = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^\/+/, '');
    if (path === '' || path.endsWith('/')) path += 'index.html';
    try {
      if (path.includes('..')) throw new Error('outside');
      const body = await readFile(path === 'digits.csv' ? DIGITS : join(dir, path));
      res.writeHead(200, {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream', ...(opts.csp === false ? {} : { 'content-security-policy': CSP }),
        'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp',
      }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
