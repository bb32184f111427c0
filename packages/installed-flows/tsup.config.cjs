const { tsupPreset } = require('../../tools/build/tsup.preset.cjs');

module.exports = tsupPreset({ entry: { index: 'src/index.ts' } });
