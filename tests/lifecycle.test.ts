// Objects outlive their module safely: classifiers and datasets never disposed,
// then shutdown(), garbage collection, a new init() and more collection — the
// finalizers do nothing harmful, a stale object's methods say what happened,
// the new module trains to the same bits, and the process exits with code 0
// and nothing on stderr. tests/lifecycle/run.mjs — more lives, memory grown
// after a new init, lives ended before their workers are up, six lives in a
// row without collection, each growing memory to 64 MiB (Deno once failed to
// allocate after shutdown() and a new init()) — from source in Node, and on
// the built bundle in Node, Deno and Bun, each with one thread and with two.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bin, ROOT } from './tarball.js';

const SCRIPT = fileURLToPath(new URL('./lifecycle/run.mjs', import.meta.url));
const GONE = 'DISPOSED: This object was made before linclass was shut down or initialized again, and its WebAssembly memory is gone: create it again after init().';
const noBundle = existsSync(`${ROOT}dist/linclass.mjs`) ? false : 'dist/ is not built (npm run build)';

const RUNTIMES: [string, (threads: number) => string[]][] = [
  ['Node, the source', (t) => [process.execPath, '--expose-gc', '--import', 'tsx', SCRIPT, String(t), '../../src/index.js']],
  ['Node, the bundle', (t) => [process.execPath, '--expose-gc', SCRIPT, String(t)]],
  ['Deno, the bundle', (t) => [bin('deno'), 'run', '--allow-read', '--v8-flags=--expose-gc', SCRIPT, String(t)]],
  ['Bun, the bundle', (t) => [bin('bun'), SCRIPT, String(t)]],
];

for (const [name, cmd] of RUNTIMES) {
  for (const threads of [1, 2]) {
    test(`${name}, threads ${threads}: undisposed objects across shutdown, forced collection and new inits; exit 0, nothing on stderr, same weights`, { skip: name.endsWith('bundle') && noBundle }, () => {
      const [exe, ...args] = cmd(threads);
      const r = spawnSync(exe, args, { encoding: 'utf8', timeout: 90000, env: { ...process.env, NO_COLOR: '1' } });
      assert.equal(r.status, 0, `${name} exited with ${r.status} (${r.signal ?? 'no signal'}); stderr:\n${r.stderr}`);
      assert.equal(r.stderr, '', `${name} wrote to stderr`);
      const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
      const mode = threads === 1 ? 'single (one thread was asked for)' : 'threads 2';
      assert.deepEqual(out, { afterShutdown: GONE, stale: GONE, same: true, sameThird: true, sameRushed: true, grown: true, threads: [mode, mode] });
    });
  }
}
