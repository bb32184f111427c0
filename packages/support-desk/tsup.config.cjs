const { tsupPreset } = require('../../tools/build/tsup.preset.cjs');

// Two entries: the root is workflow-safe (pure policy code), `./node` holds the Node-only stores and
// activities. `shims`: the bundled knowledge base is found from `__dirname` in the ESM build too.
module.exports = tsupPreset({ entry: { index: 'src/index.ts', 'node/index': 'src/node/index.ts' }, shims: true });
