import baseConfig, { workflowSandbox } from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  // The root entry is imported by workflow code; only the client and tracing entries may use Node and the client SDK.
  workflowSandbox({ ignores: ['src/client/**', 'src/tracing/**'] }),
  {
    // The client entry imports the root entry by package name (kept external by tsup), so a
    // process loads one copy of the schemas and `instanceof InvalidPayloadError` holds.
    files: ['src/client/**/*.ts', 'src/tracing/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
