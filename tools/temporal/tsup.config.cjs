const { tsupPreset } = require('../../tools/build/tsup.preset.cjs');

// shims: `__dirname` (workspace-root fallback) in the ESM output.
module.exports = tsupPreset({ shims: true });
