import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // pdfkit is an optional peer of @org/orchestrator-procurement (its ./node entry renders the
    // purchase orders the procurement flow sends): installed here with the flow, imported there.
    files: ['**/*.json'],
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          ignoredFiles: [
            '{projectRoot}/eslint.config.mjs',
            '{projectRoot}/**/*.test.ts',
            '{projectRoot}/**/__tests__/**',
            '{projectRoot}/tsup.config.cjs',
            '{projectRoot}/jest.config.cjs',
          ],
          ignoredDependencies: ['tslib', 'pdfkit'],
        },
      ],
    },
  },
];
