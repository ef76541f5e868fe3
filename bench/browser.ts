// The bench page in Chromium (Debian's, driven by playwright-core; never a
// downloaded browser): the main table's rows measured in the browser, on one
// thread and with threads on a cross-origin-isolated page, with the same
// quiet-window rule as Node (the waiting of the browser's processes decides).
// Run by bench/run.ts in a process of its own; prints JSON.
//   node --import tsx bench/browser.ts ROUNDS
import { createServer } from 'node:http';
import { readFile, mkdir, copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { quietTimeAsync, processTree } from './quiet.mjs';
import { windowMs } from './rows.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '..');
const OUT = join(HERE, 'build/browser');
const CHROMIUM = '/usr/bin/chromium';
const ROUNDS = Number(process.argv[2] ?? 3);

if (!existsSync(CHROMIUM)) {
  console.log(JSON.stringify({ skipped: `Chromium is not installed at ${CHROMIUM} (apt-get install chromium)` }));
  process.exit(0);
}

// the page: the bench's code and src/ in one module, the worker script and the peak module next to it
await mkdir(OUT, { recursive: true });
await build({
  entryPoints: [join(HERE, 'browser/page.ts')], bundle: true, format: 'esm', platform: 'neutral', target: 'es2020',
  outfile: join(OUT, 'page.mjs'), external: ['node:*'], define: { __LINCLASS_WORKER__: '"./linclass.worker.mjs"' }, logLevel: 'warning',
});
await copyFile(join(ROOT, 'build/linclass.worker.mjs'), join(OUT, 'linclass.worker.mjs'));
await copyFile(join(HERE, 'build/peak.wasm'), join(OUT, 'peak.wasm'));
await copyFile(join(HERE, 'browser/page.html'), join(OUT, 'page.html'));

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
const server = createServer(async (req, res) => {
  const name = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/+/, '');
  if (!/^[\w.-]+$/.test(name)) return void res.writeHead(404).end();
  try {
    const body = await readFile(join(OUT, name));
    res.writeHead(200, {
      'content-type': TYPES[extname(name)] ?? 'application/octet-stream',
      'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp',
    }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/page.html`;

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: CHROMIUM, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const browserPid = (browser as unknown as { process?: () => { pid?: number } }).process?.()?.pid;
type Bench = { setup(t: number | 'auto'): Promise<unknown>; measure(name: string, windowMs: number): number; rows(): string[] };
const out: Record<string, unknown> = {};
try {
  for (const [mode, threads] of [['one thread', 1], ['threads', 'auto']] as const) {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => 'linclassBench' in globalThis, null, { timeout: 60000 });
    const info = await page.evaluate((t) => (globalThis as unknown as { linclassBench: Bench }).linclassBench.setup(t), threads);
    const names = await page.evaluate(() => (globalThis as unknown as { linclassBench: Bench }).linclassBench.rows());
    const pids = browserPid ? processTree(browserPid) : [];
    const res: Record<string, number[]> = {};
    for (let r = 0; r < ROUNDS; r++) {
      for (const name of names) {
        const long = name.startsWith('epoch') || name.startsWith('full');
        const q = await quietTimeAsync(
          () => page.evaluate(([n, w]) => (globalThis as unknown as { linclassBench: Bench }).linclassBench.measure(n as string, w as number), [name, name === 'peak' ? 20 : windowMs(name)]),
          pids, long ? { budgetMs: 600, want: 3 } : { budgetMs: 250, want: 5 });
        (res[name] ??= []).push(q.ms);
      }
    }
    out[mode] = { info, ms: res };
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify(out));
process.exit(0);
