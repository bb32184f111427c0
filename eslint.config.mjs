// Workspace lint: TypeScript rules, Nx module boundaries (which package may import which),
// and the workflow sandbox (workflow code may not import Node built-ins or worker-side code).
// Projects lint from their own directory (`nx lint` runs `eslint .` there), so file globs
// below are project-relative; sandboxed projects add `workflowSandbox()` in their own config.
import { builtinModules } from 'node:module';
import nx from '@nx/eslint-plugin';
import jsoncParser from 'jsonc-eslint-parser';

const TEST_FILES = ['**/__tests__/**/*.ts', '**/*.test.ts'];

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

/**
 * Lint rules for code that runs inside Temporal's workflow sandbox: no Node built-ins,
 * no worker/client/activity packages, and activities as types only.
 * @param {{ files?: string[], ignores?: string[] }} [scope] project-relative globs
 */
export function workflowSandbox({ files = ['src/**/*.ts'], ignores = [] } = {}) {
  return {
    files,
    ignores: [...TEST_FILES, ...ignores],
    rules: {
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
            ...['@org/orchestrator-invoice-matching/node', '@org/orchestrator-procurement/node', '@org/orchestrator-support-desk/node'].map((name) => ({
              name,
              allowTypeImports: true,
              message: 'Workflows may import a flow’s `./node` entry as types only (`import type { InvoiceActivities }`), then proxyActivities.',
            })),
          ],
          patterns: [{ group: ['node:*'], message: 'Node built-ins are not available in the workflow sandbox.' }],
        },
      ],
    },
  };
}

/** Which project may depend on which, by tag. */
export const depConstraints = [
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:workflow-helper', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:agents', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:email', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra'] },
  { sourceTag: 'type:ingress', onlyDependOnLibsWithTags: ['type:contracts', 'type:email', 'type:infra'] },
  {
    sourceTag: 'type:activity',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:email', 'type:infra', 'type:agents'],
  },
  { sourceTag: 'type:thread-kit', onlyDependOnLibsWithTags: ['type:contracts', 'type:activity'] },
  // A flow in a package of its own (procurement, support-desk, invoice-matching): its workflow on the
  // thread kit (and the workflow helpers: procurement's RFQ children run through executeWorkflow), its
  // agent tasks, its stores. Never another flow (one flow reads another's records
  // through the contracts' vocabulary, e.g. `PurchaseOrderReader`).
  {
    sourceTag: 'type:flow',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:workflow-helper', 'type:infra', 'type:agents', 'type:activity', 'type:thread-kit'],
  },
  // The flows a deployment installs (their FlowModules), for the apps.
  { sourceTag: 'type:installation', onlyDependOnLibsWithTags: ['type:contracts', 'type:activity', 'type:agents', 'type:flow'] },
  {
    sourceTag: 'type:workflow',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:workflow-helper', 'type:activity', 'type:thread-kit', 'type:flow'],
  },
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:tooling'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:tooling'] },
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: [
      'type:contracts',
      'type:email',
      'type:infra',
      'type:agents',
      'type:flow',
      'type:installation',
      'type:ingress',
      'type:workflow',
      'type:activity',
      'type:tooling',
    ],
  },
  { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['*'] },
];

/** Tests may also use test helpers, the toolchain and real implementations (never shipped code). */
const TEST_ONLY_TAGS = ['type:testing', 'type:tooling', 'type:contracts', 'type:activity', 'type:agents', 'type:email', 'type:infra', 'type:installation'];
/**
 * A flow's tests may also drive another flow's real stores (the invoice flow's tests order through
 * procurement's purchase order store); its code may not: it reads them through the contracts'
 * `PurchaseOrderReader`, which the procurement module shares (`OpenedFlowModule.shares`).
 */
const FLOW_TEST_TAGS = { 'type:flow': ['type:flow'] };
const testDepConstraints = depConstraints.map((c) =>
  c.onlyDependOnLibsWithTags.includes('*')
    ? c
    : { ...c, onlyDependOnLibsWithTags: [...new Set([...c.onlyDependOnLibsWithTags, ...TEST_ONLY_TAGS, ...(FLOW_TEST_TAGS[c.sourceTag] ?? [])])] },
);

const boundaries = (constraints) => ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints: constraints }];

export default [
  { ignores: ['**/dist', '**/out-tsc', '**/node_modules', '**/.temporal', '**/*.cjs', '**/histories/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': boundaries(depConstraints),
    },
  },
  {
    files: TEST_FILES,
    rules: {
      '@nx/enforce-module-boundaries': boundaries(testDepConstraints),
      // Tests assert presence first (`expect(x).toBeDefined()`), then use `x!`.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.json'],
    languageOptions: { parser: jsoncParser },
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
          // interceptors-opentelemetry: an optional peer of contracts' tracing entry, which the apps
          // calling that entry install without importing it themselves.
          ignoredDependencies: ['tslib', '@temporalio/interceptors-opentelemetry'],
        },
      ],
    },
  },
];
