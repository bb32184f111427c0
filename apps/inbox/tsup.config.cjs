const { tsupPreset } = require('../../tools/build/tsup.preset.cjs');

// A deployable app: one CommonJS entry, no type declarations; public/ is served from beside dist/.
module.exports = tsupPreset({ entry: ['src/main.ts', 'src/index.ts'], format: ['cjs'], dts: false });
