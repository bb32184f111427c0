const { tsupPreset } = require('../../tools/build/tsup.preset.cjs');

module.exports = tsupPreset();
