const { tsupPreset } = require('../../tools/build/tsup.preset.cjs');

// A deployable app: CommonJS entries, no type declarations. `bundle-workflows` runs after
// the build to write dist/workflow-bundle.js.
module.exports = tsupPreset({ entry: ['src/main.ts', 'src/bundle-workflows.ts', 'src/codec-server.ts', 'src/replay.ts'], format: ['cjs'], dts: false });
