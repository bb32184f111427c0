const { tsupPreset } = require('../../tools/build/tsup.preset.cjs');

// franc-min and its dependencies ship ESM only: bundled, so the CommonJS build needs no require(esm).
module.exports = tsupPreset({ noExternal: ['franc-min', 'trigram-utils', 'n-gram', 'collapse-white-space'] });
