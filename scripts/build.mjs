// npm run build: bundles src/ into dist/ — ESM, CJS and a script-tag IIFE (the
// module embedded), an edge ESM entry (module passed to init), the .wasm file,
// and .d.ts types; and the command line, dist/cli.mjs. Run after the
// AssemblyScript build (npm run asbuild).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, writeFileSync, readFileSync, statSync, chmodSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';

const root = new URL('../', import.meta.url);
const dist = new URL('dist/', root);
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true, minify: true, sourcemap: true, target: 'es2020', platform: 'neutral', legalComments: 'none',
  absWorkingDir: new URL('.', root).pathname, external: ['node:*'],
};
// The worker script the threads build starts sits next to the bundles.
const worker = { __LINCLASS_WORKER__: '"./linclass.worker.mjs"' };
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const banner = `/*! linclass ${pkg.version} | MIT */`;
await Promise.all([
  build({ ...common, entryPoints: ['src/index.ts'], format: 'esm', outfile: 'dist/linclass.mjs', banner: { js: banner }, define: worker }),
  // CommonJS has no import.meta.url: derive it from __filename
  build({
    ...common, entryPoints: ['src/index.ts'], format: 'cjs', outfile: 'dist/linclass.cjs', define: { ...worker, 'import.meta.url': '__linclassUrl' },
    banner: { js: `${banner}\nvar __linclassUrl = require('url').pathToFileURL(__filename).href;` },
  }),
  // the script-tag build runs on one thread and never asks for the worker's address
  build({
    ...common, entryPoints: ['src/script.ts'], format: 'iife', globalName: 'linclass', outfile: 'dist/linclass.iife.js', banner: { js: banner },
    define: { 'import.meta.url': 'undefined' },
  }),
  build({ ...common, entryPoints: ['src/edge.ts'], format: 'esm', outfile: 'dist/linclass.edge.mjs', banner: { js: banner } }),
  build({ ...common, entryPoints: ['src/worker.ts'], format: 'esm', outfile: 'dist/linclass.worker.mjs', banner: { js: banner } }),
]);
copyFileSync(new URL('build/linclass.wasm', root), new URL('linclass.wasm', dist));
execFileSync(process.execPath, [new URL('node_modules/typescript/bin/tsc', root).pathname, '-p', 'tsconfig.build.json'], {
  cwd: new URL('.', root).pathname, stdio: 'inherit',
});
// the edge entry's types: the same API, init taking a module
writeFileSync(new URL('linclass.edge.d.mts', dist), "export * from './types/edge.js';\n");

// The command line (bin "linclass"): Node ESM with its argument parser, progress
// bar and PNG encoder bundled in, so the package keeps no runtime dependencies;
// their licenses ship beside it. The require shim serves the bundled CommonJS packages.
const cli = await build({
  entryPoints: ['src/cli.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node18', outfile: 'dist/cli.mjs',
  absWorkingDir: common.absWorkingDir, legalComments: 'none', metafile: true, define: worker,
  banner: { js: `#!/usr/bin/env node\n${banner}\nimport { createRequire as __linclassRequire } from 'node:module';\nconst require = __linclassRequire(import.meta.url);` },
});
chmodSync(new URL('cli.mjs', dist), 0o755);
const bundled = new Set(Object.keys(cli.metafile.inputs).map((p) => p.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1]).filter(Boolean));
writeFileSync(new URL('cli.licenses.txt', dist), `Packages bundled into cli.mjs, with their licenses.\n\n${[...bundled].sort().map((name) => {
  const dir = new URL(`node_modules/${name}/`, root);
  const { version, license } = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8'));
  const file = readdirSync(dir).find((f) => /^licen[sc]e/i.test(f));
  return `== ${name} ${version} (${license})\n\n${file ? readFileSync(new URL(file, dir), 'utf8').trim() : ''}\n`;
}).join('\n')}`);

const sizes = {};
for (const f of ['linclass.iife.js', 'linclass.mjs', 'linclass.cjs', 'linclass.edge.mjs', 'linclass.worker.mjs', 'linclass.wasm']) {
  const bytes = readFileSync(new URL(f, dist));
  sizes[f] = { raw: statSync(new URL(f, dist)).size, gzip: gzipSync(bytes, { level: 9 }).length };
}
writeFileSync(new URL('sizes.json', dist), JSON.stringify(sizes, null, 2) + '\n');
for (const [f, s] of Object.entries(sizes)) console.log(`${f.padEnd(20)} ${String(s.raw).padStart(7)} B  gzip ${String(s.gzip).padStart(6)} B`);
