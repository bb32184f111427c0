const { join } = require('node:path');

// Shared jest preset: swc transpiles TypeScript (type-checking is the `typecheck` target),
// and the `@org/source` export condition lets tests use sibling packages' sources unbuilt.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: {
    customExportConditions: ['@org/source', 'node', 'node-addons'],
  },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
    // franc-min (language identification) and its dependencies ship ESM only, and unpdf (PDF text)
    // loads its PDF.js bundle with a dynamic import(), which jest's CommonJS runtime cannot run
    // without --experimental-vm-modules: swc turns them into CommonJS for the tests.
    '^.+/node_modules/(franc-min|trigram-utils|n-gram|collapse-white-space|unpdf)/.+\\.(c|m)?js$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(franc-min|trigram-utils|n-gram|collapse-white-space|unpdf)/)'],
  moduleNameMapper: { '^unpdf/pdfjs$': join(__dirname, 'node_modules/unpdf/dist/pdfjs.mjs') },
  moduleFileExtensions: ['ts', 'js', 'json', 'node', 'mjs', 'cjs'],
  testMatch: ['<rootDir>/src/**/*.test.ts'],
  // Stray console output fails nothing by itself, but keep it visible and attributable.
  verbose: true,
};
