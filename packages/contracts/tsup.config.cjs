const { tsupPreset } = require('../../tools/build/tsup.preset.cjs');

// The client entry imports the root entry by package name (kept external), so both share one
// copy of the schemas and error classes; its types resolve that import to the sources.
module.exports = tsupPreset({
  entry: { index: 'src/index.ts', 'client/index': 'src/client/index.ts', 'tracing/index': 'src/tracing/index.ts' },
  external: ['@org/orchestrator-contracts'],
  dts: { compilerOptions: { composite: false, customConditions: ['@org/source'] } },
});
