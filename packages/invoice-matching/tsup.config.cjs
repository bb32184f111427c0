const { tsupPreset } = require('../../tools/build/tsup.preset.cjs');

// Two entries: the root is workflow-safe (schema, matching, texts), `./node` holds stores, agent tasks and activities.
module.exports = tsupPreset({ entry: { index: 'src/index.ts', 'node/index': 'src/node/index.ts' } });
