// as-pect runner configuration for the kernel specs (npm run test:assembly).
// Compiler flags are not set here: as-pect 8 reads them from the asconfig named
// by its --as-config option, by default as-pect.asconfig.json next to this file
// (SIMD enabled, debug build, asserts kept on).
module.exports = {
  /** The specs: every SIMD kernel against its scalar twin. */
  entries: ["tests/assembly/**/*.spec.ts"],
  /** Files added to every compilation (none today; helpers are imported). */
  include: ["tests/assembly/**/*.include.ts"],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    return instantiate(binary, createImports({ env: { memory } }));
  },
  outputBinary: false,
};
