// npm run build: bundles src/ into dist/ — ESM, CJS and a script-tag IIFE (the
// module embedded), an edge ESM entry (module passed to init), the .wasm file,
// and .d.ts types; the command line, dist/cli.mjs; and the Node plot writers,
// dist/plots.mjs (linclass/plots). Run after the
// AssemblyScript build (npm run asbuild).
import { build } from 'esbuild';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';
import { copyFileSync, mkdirSync, rmSync, writeFileSync, readFileSync, statSync, chmodSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';

const root = new URL('../', import.meta.url);
const dist = new URL('dist/', root);
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// The Node, browser, edge and worker builds read like code (not minified, so an
// uncaught error shows a short source line and real function names), with
// source maps; the script-tag build is minified.
const common = {
  bundle: true, sourcemap: true, target: 'es2022', platform: 'neutral', legalComments: 'none',
  absWorkingDir: new URL('.', root).pathname, external: ['node:*'],
};
// The worker scripts the threads build starts sit next to the bundles; the
// browser one is named in a literal `new Worker(new URL('./linclass.worker.mjs',
// import.meta.url), { type: 'module' })` that bundlers recognise.
const worker = { __LINCLASS_WORKER__: '"./linclass.worker.mjs"', __LINCLASS_NODE_WORKER__: '"./linclass.node-worker.mjs"' };
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const banner = `/*! linclass ${pkg.version} | MIT */`;
// the browser builds carry no node: import: platform browser with nothing external fails the build if one creeps in
const browser = { ...common, platform: 'browser', external: [] };
// The script-tag build leaves out ONNX (reader, writer, protobuf) and streaming
// (fitStream, the chunked readers) to stay small, about 13 KB gzip'd less: each
// of their entry points is replaced by one that throws NOT_SUPPORTED naming the
// build that has it (fitStream: rejects, as the real one). Everything else is the same code.
const LEFT_OUT = {
  'model/onnx/write.js': { encodeOnnx: 'toONNX' },
  'model/onnx/read.js': { readOnnx: 'readONNX and fromONNX' },
  'train/stream.js': { fitStream: 'fitStream' },
  'io/chunks.js': { idxChunks: 'idxChunks', cifar10Chunks: 'cifar10Chunks', csvChunks: 'csvChunks' },
  'model/chunk-mean.js': { meanImageOfChunks: 'meanImageOfChunks' },
};
const leanScriptTag = {
  name: 'lean-script-tag',
  setup(b) {
    // imports whose file name is one of LEFT_OUT's; the full path decides
    const names = Object.keys(LEFT_OUT).map((k) => k.slice(k.lastIndexOf('/') + 1).replace(/[.-]/g, '\\$&'));
    b.onResolve({ filter: new RegExp(`(^|/)(${names.join('|')})$`) }, (args) => {
      const abs = new URL(args.path, `file://${args.resolveDir}/`).pathname;
      const key = Object.keys(LEFT_OUT).find((k) => abs.endsWith(`/src/${k}`));
      return key ? { path: key, namespace: 'left-out' } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, (args) => ({
      resolveDir: new URL('src/base/', root).pathname, loader: 'js',
      contents: `import { LinclassError } from './errors.js';\n${Object.entries(LEFT_OUT[args.path]).map(([fn, what]) =>
        `export ${fn === 'fitStream' ? 'async ' : ''}function ${fn}() { throw new LinclassError('NOT_SUPPORTED', ${JSON.stringify(`${what}: the script-tag build (linclass.iife.js) leaves out ONNX and streaming to stay small. Load the ES module build instead: <script type="module"> import { init, LinearClassifier } from './linclass.browser.mjs' </script> (it has everything, and threads on cross-origin-isolated pages).`)}); }`).join('\n')}\n`,
    }));
  },
};
await Promise.all([
  build({ ...common, entryPoints: ['src/index.ts'], format: 'esm', outfile: 'dist/linclass.mjs', banner: { js: banner }, define: worker }),
  // CommonJS has no import.meta.url: derive it from __filename
  build({
    ...common, entryPoints: ['src/index.ts'], format: 'cjs', outfile: 'dist/linclass.cjs', define: { ...worker, 'import.meta.url': '__linclassUrl' },
    banner: { js: `${banner}\nvar __linclassUrl = require('url').pathToFileURL(__filename).href;` },
  }),
  build({ ...browser, entryPoints: ['src/browser.ts'], format: 'esm', outfile: 'dist/linclass.browser.mjs', banner: { js: banner }, define: worker }),
  // the script-tag build runs on one thread and never asks for the worker's address
  build({
    ...browser, minify: true, entryPoints: ['src/script.ts'], format: 'iife', globalName: 'linclass', outfile: 'dist/linclass.iife.js', banner: { js: banner },
    plugins: [leanScriptTag],
    define: { 'import.meta.url': 'undefined' },
  }),
  build({ ...common, entryPoints: ['src/edge.ts'], format: 'esm', outfile: 'dist/linclass.edge.mjs', banner: { js: banner } }),
  build({ ...browser, entryPoints: ['src/worker.ts'], format: 'esm', outfile: 'dist/linclass.worker.mjs', banner: { js: banner } }),
  build({ ...common, entryPoints: ['src/node-worker.ts'], format: 'esm', outfile: 'dist/linclass.node-worker.mjs', banner: { js: banner } }),
]);
copyFileSync(new URL('build/linclass.wasm', root), new URL('linclass.wasm', dist));

/** Writes the licenses of the node_modules packages an esbuild metafile bundled, beside the bundle. */
function writeLicenses(file, what, metafile) {
  const bundled = new Set(Object.keys(metafile.inputs).map((p) => p.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1]).filter(Boolean));
  writeFileSync(new URL(file, dist), `Packages bundled into ${what}, with their licenses.\n\n${[...bundled].sort().map((name) => {
    const dir = new URL(`node_modules/${name}/`, root);
    const { version, license } = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8'));
    const file = readdirSync(dir).find((f) => /^licen[sc]e/i.test(f));
    return `== ${name} ${version} (${license})\n\n${file ? readFileSync(new URL(file, dir), 'utf8').trim() : ''}\n`;
  }).join('\n')}`);
}

// The require shim serves the bundled CommonJS packages in an ESM bundle.
const requireShim = `import { createRequire as __linclassRequire } from 'node:module';\nconst require = __linclassRequire(import.meta.url);`;

// The command line (bin "linclass"): Node ESM with its argument parser, progress
// bar and PNG encoder bundled in, so the package keeps no runtime dependencies;
// their licenses ship beside it.
const cli = await build({
  entryPoints: ['src/cli.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node18', outfile: 'dist/cli.mjs',
  absWorkingDir: common.absWorkingDir, legalComments: 'none', metafile: true, define: worker,
  banner: { js: `#!/usr/bin/env node\n${banner}\n${requireShim}` },
});
chmodSync(new URL('cli.mjs', dist), 0o755);
writeLicenses('cli.licenses.txt', 'cli.mjs', cli.metafile);

// linclass/plots: the Node plot writers (src/plots/index.ts), ESM with the PNG
// encoder bundled in (its license beside it). What they use of the library
// (templateImages, LinclassError) is imported from ./linclass.mjs, not copied:
// the bundle stays small, and a classifier made with 'linclass' passes the
// library's instanceof checks. Types: src/plots/ declared into dist/types.
const libraryFromBundle = {
  name: 'library-from-bundle',
  setup(b) {
    // the public pieces whose identity matters come from the library; helpers (base/validate, …) are bundled
    b.onResolve({ filter: /^\.\.\/(base\/errors|inspect\/|api\/)/ }, (args) => (/[\\/]src[\\/]plots$/.test(args.resolveDir) ? { path: './linclass.mjs', external: true } : undefined));
    // and the one LinclassError, also where a bundled helper imports it
    b.onResolve({ filter: /^\.\/errors\.js$/ }, (args) => (/[\\/]src[\\/]base$/.test(args.resolveDir) ? { path: './linclass.mjs', external: true } : undefined));
  },
};
const plots = await build({
  entryPoints: ['src/plots/index.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node18', outfile: 'dist/plots.mjs',
  absWorkingDir: common.absWorkingDir, legalComments: 'none', metafile: true, plugins: [libraryFromBundle],
  banner: { js: `${banner}\n${requireShim}` },
});
writeLicenses('plots.licenses.txt', 'plots.mjs', plots.metafile);
// Types: tsc declares src/ (the plots included) into build/types, then
// rollup-plugin-dts bundles the public surface of each entry into one file in
// dist/types: index.d.ts for ESM consumers and the same text as index.d.cts for
// CommonJS ones, edge.d.ts, plots.d.ts (importing the library's types from
// ./index.js, so its classes are the library's), and wasm.d.ts for
// linclass/linclass.wasm. No internal module and no base64 string ships.
mkdirSync(new URL('build/', root), { recursive: true });
rmSync(new URL('build/types/', root), { recursive: true, force: true });
writeFileSync(new URL('build/tsconfig.types.json', root), JSON.stringify({
  extends: '../tsconfig.build.json', compilerOptions: { outDir: 'types' }, include: ['../src'], exclude: ['../src/cli', '../src/cli.ts'],
}));
execFileSync(process.execPath, [new URL('node_modules/typescript/bin/tsc', root).pathname, '-p', 'build/tsconfig.types.json'], {
  cwd: new URL('.', root).pathname, stdio: 'inherit',
});
const libraryTypes = {
  name: 'library-types',
  resolveId: (source, importer) => (importer && /[\\/]types[\\/]plots[\\/]/.test(importer) && source.startsWith('../') ? { id: './index.js', external: true } : null),
};
for (const [input, output, plugins] of [['index.d.ts', 'index.d.ts', []], ['edge.d.ts', 'edge.d.ts', []], ['plots/index.d.ts', 'plots.d.ts', [libraryTypes]]]) {
  const bundle = await rollup({ input: new URL(`build/types/${input}`, root).pathname, plugins: [...plugins, dts()], logLevel: 'warn' });
  await bundle.write({ file: new URL(`types/${output}`, dist).pathname, format: 'es' });
  await bundle.close();
}
copyFileSync(new URL('types/index.d.ts', dist), new URL('types/index.d.cts', dist));
writeFileSync(new URL('types/wasm.d.ts', dist), `/** The compiled linclass module, as a runtime's .wasm import gives it (workerd, wrangler, Vercel Edge): pass it to init(). */
declare const wasm: WebAssembly.Module;
export default wasm;
`);

const sizes = {};
for (const f of ['linclass.iife.js', 'linclass.mjs', 'linclass.cjs', 'linclass.browser.mjs', 'linclass.edge.mjs', 'linclass.worker.mjs', 'linclass.node-worker.mjs', 'linclass.wasm', 'plots.mjs']) {
  const bytes = readFileSync(new URL(f, dist));
  sizes[f] = { raw: statSync(new URL(f, dist)).size, gzip: gzipSync(bytes, { level: 9 }).length };
}
writeFileSync(new URL('sizes.json', dist), JSON.stringify(sizes, null, 2) + '\n');
for (const [f, s] of Object.entries(sizes)) console.log(`${f.padEnd(26)} ${String(s.raw).padStart(7)} B  gzip ${String(s.gzip).padStart(6)} B`);
