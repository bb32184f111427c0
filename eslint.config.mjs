// Workspace lint: TypeScript rules, Nx module boundaries (which package may import which),
// and the workflow sandbox (workflow code may not import Node built-ins or worker-side code).
import { builtinModules } from 'node:module';
import nx from '@nx/eslint-plugin';
import jsoncParser from 'jsonc-eslint-parser';

/** Modules that must never enter the workflow bundle. */
const notWorkflowSafe = [
  ...builtinModules.flatMap((m) => [m, `node:${m}`]),
  '@temporalio/activity',
  '@temporalio/client',
  '@temporalio/testing',
  '@temporalio/worker',
  'better-sqlite3',
  '@org/orchestrator-contracts/client',
].map((name) => ({
  name,
  message: 'Workflow code runs in the deterministic sandbox: do this in an activity instead.',
}));

const sandboxRules = {
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      paths: [
        ...notWorkflowSafe,
        {
          name: '@org/orchestrator-activities',
          allowTypeImports: true,
          message: 'Workflows may import activities as types only (`import type`), then proxyActivities.',
        },
      ],
      patterns: [
        { group: ['node:*'], message: 'Node built-ins are not available in the workflow sandbox.' },
      ],
    },
  ],
};

export default [
  { ignores: ['**/dist', '**/out-tsc', '**/node_modules', '**/.temporal', '**/*.cjs', '**/fixtures/**/*.json'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:workflow-helper', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:email', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:activity', onlyDependOnLibsWithTags: ['type:contracts', 'type:email'] },
            {
              sourceTag: 'type:workflow',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:workflow-helper', 'type:activity'],
            },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:tooling'] },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:tooling', 'type:contracts', 'type:email', 'type:workflow', 'type:activity'],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:email', 'type:workflow', 'type:activity', 'type:tooling', 'type:testing'],
            },
            { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    // Everything that runs inside the workflow sandbox.
    files: [
      'packages/workflows/src/**/*.ts',
      'packages/execute-workflow/src/**/*.ts',
      'packages/contracts/src/**/*.ts',
    ],
    ignores: ['**/__tests__/**', '**/*.test.ts', 'packages/contracts/src/client/**'],
    rules: sandboxRules,
  },
  {
    files: ['**/*.json'],
    languageOptions: { parser: jsoncParser },
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          ignoredFiles: ['{projectRoot}/eslint.config.mjs', '{projectRoot}/**/*.test.ts', '{projectRoot}/**/__tests__/**', '{projectRoot}/tsup.config.cjs', '{projectRoot}/jest.config.cjs'],
          ignoredDependencies: ['tslib'],
        },
      ],
    },
  },
];
