// The one tsup configuration every package builds with: ESM + CJS + bundled types.
// A package's tsup.config.cjs passes its entry points (and, for apps, overrides).
const { defineConfig } = require('tsup');

/** @param {import('tsup').Options} [overrides] */
function tsupPreset(overrides = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { composite: false, customConditions: [] } },
    tsconfig: 'tsconfig.lib.json',
    target: 'node20',
    platform: 'node',
    sourcemap: true,
    clean: true,
    splitting: false,
    ...overrides,
  });
}

module.exports = { tsupPreset };
