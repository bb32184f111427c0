const { tsupPreset } = require('../../tools/build/tsup.preset.cjs');

// tracing-interceptors is its own entry: workers bundle it by path (workflowInterceptorModules).
module.exports = tsupPreset({ entry: { index: 'src/index.ts', 'tracing-interceptors': 'src/tracing-interceptors.ts' } });
