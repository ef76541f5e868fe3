// npm run build: bundles src/ into dist/ — ESM, CJS and a script-tag IIFE (the
// module embedded), an edge ESM entry (module passed to init), the .wasm file,
// and .d.ts types. Run after the AssemblyScript build (npm run asbuild).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';

const root = new URL('../', import.meta.url);
const dist = new URL('dist/', root);
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true, minify: true, sourcemap: true, target: 'es2020', platform: 'neutral', legalComments: 'none',
  absWorkingDir: new URL('.', root).pathname,
};
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const banner = `/*! linclass ${pkg.version} | MIT */`;
await Promise.all([
  build({ ...common, entryPoints: ['src/index.ts'], format: 'esm', outfile: 'dist/linclass.mjs', banner: { js: banner } }),
  build({ ...common, entryPoints: ['src/index.ts'], format: 'cjs', outfile: 'dist/linclass.cjs', banner: { js: banner } }),
  build({ ...common, entryPoints: ['src/index.ts'], format: 'iife', globalName: 'linclass', outfile: 'dist/linclass.iife.js', banner: { js: banner } }),
  build({ ...common, entryPoints: ['src/edge.ts'], format: 'esm', outfile: 'dist/linclass.edge.mjs', banner: { js: banner } }),
]);
copyFileSync(new URL('build/linclass.wasm', root), new URL('linclass.wasm', dist));
execFileSync(process.execPath, [new URL('node_modules/typescript/bin/tsc', root).pathname, '-p', 'tsconfig.build.json'], {
  cwd: new URL('.', root).pathname, stdio: 'inherit',
});
// the edge entry's types: the same API, init taking a module
writeFileSync(new URL('linclass.edge.d.mts', dist), "export * from './types/edge.js';\n");

const sizes = {};
for (const f of ['linclass.iife.js', 'linclass.mjs', 'linclass.cjs', 'linclass.edge.mjs', 'linclass.wasm']) {
  const bytes = readFileSync(new URL(f, dist));
  sizes[f] = { raw: statSync(new URL(f, dist)).size, gzip: gzipSync(bytes, { level: 9 }).length };
}
writeFileSync(new URL('sizes.json', dist), JSON.stringify(sizes, null, 2) + '\n');
for (const [f, s] of Object.entries(sizes)) console.log(`${f.padEnd(20)} ${String(s.raw).padStart(7)} B  gzip ${String(s.gzip).padStart(6)} B`);
