// npm run bench:serve — the Cloudflare Worker example (examples/cloudflare-worker)
// served by workerd on 127.0.0.1, under load from a plain Node http client:
// WARMUP requests, then REQUESTS more at CONCURRENCY in flight, each one digit
// image of the digits' test rows. Every answer is checked against the digit the
// library predicts in Node from the same model file (a wrong digit counts as an
// error, as do a status other than 200 and a failed request). workerd's RSS is
// read from /proc every 100 ms; memory is flat when the median of the last
// quarter of the samples is within 10% of the first quarter's. The same load
// on a baseline worker without linclass shows what workerd itself does (its
// heap grows over the first ~20000 requests of any worker: the warm-up).
// Writes bench/results/serve.md and serve.json; exits 1 on any error or growth.
// Options: --requests N --concurrency N --rows N (images a request) --warmup N.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const REQUESTS = arg('requests', 20000), CONCURRENCY = arg('concurrency', 64), ROWS = arg('rows', 1), WARMUP = arg('warmup', 25000);
const WORKERD = join(ROOT, 'node_modules/.bin/workerd');
const TIME_LIMIT_MS = 5 * 60 * 1000;

for (const f of ['dist/linclass.edge.mjs', 'dist/linclass.wasm', 'dist/linclass.mjs']) {
  if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run npm run build first.`);
}

// the example as a user has it: its files, and linclass in node_modules (here: this checkout, built)
const app = mkdtempSync(join(tmpdir(), 'linclass-serve-'));
cpSync(join(ROOT, 'examples/cloudflare-worker'), app, { recursive: true });
mkdirSync(join(app, 'node_modules'));
symlinkSync(ROOT, join(app, 'node_modules/linclass'));

// the requests: test rows of the digits, and the digit Node predicts for each from the same model file
const lines = readFileSync(join(ROOT, 'data/digits.csv'), 'utf8').trim().split('\n');
const start = /[a-z]/i.test(lines[0]) ? 1 : 0;
const test = lines.slice(start + 1500).map((l) => l.split(',').slice(0, 64).map(Number));
const { init, LinearClassifier } = await import(join(ROOT, 'dist/linclass.mjs'));
await init({ threads: 1 });
const model = LinearClassifier.load(readFileSync(join(app, 'src/digits.lcm')));
const expected = Array.from(model.predict(test));
model.dispose();
const bodies = [], answers = [];
for (let k = 0; k < test.length; k++) {
  const idx = Array.from({ length: ROWS }, (_, j) => (k + j) % test.length);
  bodies.push(JSON.stringify({ rows: idx.map((i) => test[i]) }));
  answers.push(JSON.stringify({ digits: idx.map((i) => expected[i]) }));
}

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

// the baseline: a worker that parses the same requests and answers without the library
writeFileSync(join(app, 'baseline.js'), `export default {
  async fetch(request) {
    const { rows } = await request.json();
    return Response.json({ digits: rows.map(() => 0) });
  },
};
`);
writeFileSync(join(app, 'baseline.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],
);
const worker :Workerd.Worker = (modules = [ (name = "worker.js", esModule = embed "baseline.js") ], compatibilityDate = "2025-01-01");
`);

let current = null;
const timer = setTimeout(() => {
  console.error(`bench:serve: still running after ${TIME_LIMIT_MS / 1000} s; stopping.`);
  current?.kill();
  process.exit(1);
}, TIME_LIMIT_MS);

/** One POST; resolves with its status and body (status 0 for a failed request). */
function post(agent, port, body) {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, text }));
      res.on('error', (e) => resolve({ status: 0, text: String(e) }));
    });
    req.on('error', (e) => resolve({ status: 0, text: String(e) }));
    req.end(body);
  });
}

function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };

/**
 * Serves `config` with workerd, warms up, runs the measured load while sampling workerd's RSS;
 * `check(b, text)` says whether the answer to body b is right.
 */
async function serve(config, check) {
  const port = await freePort();
  const proc = spawn(WORKERD, ['serve', config, '--socket-addr', `http=127.0.0.1:${port}`], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
  current = proc;
  let log = '';
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  /** n requests with CONCURRENCY in flight; latencies in ms, and the errors. */
  const load = async (n) => {
    const latency = new Float64Array(n), errors = [];
    let next = 0;
    const worker = async () => {
      for (let k = next++; k < n; k = next++) {
        const b = k % bodies.length, t0 = process.hrtime.bigint();
        const r = await post(agent, port, bodies[b]);
        latency[k] = Number(process.hrtime.bigint() - t0) / 1e6;
        if (r.status !== 200 || !check(b, r.text)) errors.push(`request ${k}: ${r.status} ${r.text.slice(0, 200)}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return { latency, errors };
  };
  try {
    for (const deadline = Date.now() + 30000; ;) {
      if ((await post(agent, port, bodies[0])).status === 200) break;
      if (Date.now() > deadline) throw new Error(`workerd did not answer within 30 s:\n${log}`);
      await new Promise((res) => setTimeout(res, 200));
    }
    const warm = await load(WARMUP);
    const samples = [{ t: 0, rss: rssOf(proc.pid) }];
    const t0 = performance.now();
    const sampler = setInterval(() => samples.push({ t: performance.now() - t0, rss: rssOf(proc.pid) }), 100);
    const run = await load(REQUESTS);
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    samples.push({ t: performance.now() - t0, rss: rssOf(proc.pid) });
    const alive = proc.exitCode === null && (await post(agent, port, bodies[0])).status === 200;
    const sorted = Float64Array.from(run.latency).sort();
    const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    const quarter = Math.max(1, Math.floor(samples.length / 4));
    const first = median(samples.slice(0, quarter).map((x) => x.rss)), last = median(samples.slice(-quarter).map((x) => x.rss));
    const errors = [...warm.errors, ...run.errors, ...(alive ? [] : ['the worker did not answer after the run'])];
    return {
      seconds, requestsPerSecond: REQUESTS / seconds, p50: q(0.5), p99: q(0.99), max: sorted[sorted.length - 1], errors: errors.length, firstErrors: errors.slice(0, 5),
      alive, rss: { firstQuarter: first, lastQuarter: last, change: (last - first) / first, peak: Math.max(...samples.map((x) => x.rss)), samples: samples.map((x) => x.rss) },
    };
  } finally {
    agent.destroy();
    if (proc.exitCode === null) proc.kill();
    current = null;
  }
}

try {
  const linclass = await serve('config.capnp', (b, text) => text === answers[b]);
  const baseline = await serve('baseline.capnp', () => true);
  const flat = Math.abs(linclass.rss.change) <= 0.1;
  const mib = (b) => (b / 2 ** 20).toFixed(1);
  const workerdVersion = execFileSync(WORKERD, ['--version'], { encoding: 'utf8' }).trim();
  const cpu = (() => { try { return /Model name:\s*(.+)/.exec(execFileSync('lscpu', { encoding: 'utf8' }))[1].trim(); } catch { return cpus()[0]?.model ?? '?'; } })();
  const date = new Date().toISOString();
  const result = { date, cpu, cores: cpus().length, node: process.version, workerd: workerdVersion, requests: REQUESTS, warmup: WARMUP, concurrency: CONCURRENCY, rowsPerRequest: ROWS, flat, linclass, baseline };
  const row = (name, r) => `| ${name} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.max.toFixed(1)} | ${r.errors} | ${mib(r.rss.firstQuarter)} | ${mib(r.rss.lastQuarter)} | ${(100 * r.rss.change).toFixed(1)}% | ${mib(r.rss.peak)} |`;
  const trace = (r) => Array.from({ length: 8 }, (_, i) => r.rss.samples[Math.round((i * (r.rss.samples.length - 1)) / 7)]).map(mib).join(' → ');
  const md = `# Serving: the Cloudflare Worker example under load

\`npm run bench:serve\` (bench/serve.mjs): workerd ${workerdVersion} serving examples/cloudflare-worker on
127.0.0.1; a plain Node ${process.version} http client (keep-alive) on the same machine sends ${WARMUP}
requests to warm up, then ${REQUESTS} measured ones, ${CONCURRENCY} in flight, each ${ROWS === 1 ? 'one 8×8 digit' : `${ROWS} digits`} (a test row of
the digits set). Every answer is checked against the digit the library predicts in Node from the same
model file. The baseline is a worker that parses the same requests and answers without linclass.
${cpu}, ${cpus().length} cores shared with other work (load generator and workerd on the same cores); ${date}.

| worker | requests/s | p50 ms | p99 ms | max ms | errors | RSS MiB, first quarter | last quarter | change | peak |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${row('linclass (examples/cloudflare-worker)', linclass)}
${row('baseline (JSON in and out, no linclass)', baseline)}

workerd's RSS over the measured run (MiB, eight of ${linclass.rss.samples.length} samples 100 ms apart): ${trace(linclass)}; the baseline's: ${trace(baseline)}.
workerd's own heap grows over the first twenty thousand or so requests of any worker, the baseline's as much, before it levels
off: hence the warm-up. Memory over the measured run is ${flat ? 'flat' : '**not flat**'} (the last quarter's median ${flat ? 'within' : '**not** within'} 10% of the first's);
${linclass.errors === 0 ? 'no request failed or answered wrongly' : `**${linclass.errors} errors**`}, and the worker ${linclass.alive ? 'answered after the run' : '**did not answer after the run**'}.
`;
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/serve.md'), md);
  writeFileSync(join(ROOT, 'bench/results/serve.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(md);
  if (linclass.errors) console.log(`first errors:\n${linclass.firstErrors.join('\n')}`);
  process.exitCode = linclass.errors === 0 && flat ? 0 : 1;
} finally {
  clearTimeout(timer);
  rmSync(app, { recursive: true, force: true });
}
