// A static server on 127.0.0.1 for the browser tests and the demo page: serves
// dist/, tests/, data/ and demo/ from the project (/ goes to the demo), every
// response with a strict CSP (script-src 'self' 'wasm-unsafe-eval'), and with
// COOP/COEP when asked.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.csv': 'text/plain; charset=utf-8', '.json': 'application/json', '.map': 'application/json',
  '.css': 'text/css; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml',
};
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

export async function serve(opts: { isolated?: boolean; port?: number } = {}): Promise<{ url: string; close: () => Promise<void>; server: Server }> {
  const server = createServer(async (req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^\/+/, '');
    if (path === '' || path === '.') {
      res.writeHead(302, { location: '/demo/' }).end();
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    if (!/^(dist|tests|data|demo)\//.test(path) || path.includes('..')) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(ROOT + path);
      const headers: Record<string, string> = { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'content-security-policy': CSP };
      if (opts.isolated) {
        headers['cross-origin-opener-policy'] = 'same-origin';
        headers['cross-origin-embedder-policy'] = 'require-corp';
      }
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r, reject) => server.once('error', reject).listen(opts.port ?? 0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server, close: () => new Promise((r) => server.close(() => r())) };
}
