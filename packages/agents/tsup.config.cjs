const { tsupPreset } = require('../../tools/build/tsup.preset.cjs');

// franc-min and its dependencies ship ESM only: bundled, so the CommonJS build needs no require(esm).
// `./eval` is a second entry; `shims`: it finds the labelled corpora from `__dirname` in the ESM build too.
module.exports = tsupPreset({
  entry: { index: 'src/index.ts', 'eval/index': 'src/eval/index.ts' },
  shims: true,
  noExternal: ['franc-min', 'trigram-utils', 'n-gram', 'collapse-white-space'],
});
