/**
 * Rewrites the environment-variable tables of the READMEs from the declared variables
 * (`defineEnvVariable`: schema, default, meaning), between markers
 * `<!-- env-table:<id> -->` and `<!-- /env-table:<id> -->`.
 *
 *   npx tsx --conditions=@org/source tools/scripts/env-tables.ts          # rewrite
 *   npx tsx --conditions=@org/source tools/scripts/env-tables.ts --check  # CI: exit 1 if a table drifted
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvVariableSpec } from '@org/orchestrator-contracts';
import { envVariablesTable } from '@org/orchestrator-contracts';
import { OTEL_VARIABLES } from '@org/orchestrator-contracts/tracing';
import { INBOX_ENV } from '@org/orchestrator-inbox';
import { APPROVER_POLICY_ENV, SEARCH_ATTRIBUTE_ENV } from '@org/orchestrator-activities';

const ROOT = join(__dirname, '..', '..');

/** Each README's generated tables, by marker id. */
export const ENV_TABLES: Record<string, Record<string, readonly EnvVariableSpec[]>> = {
  'apps/inbox/README.md': { inbox: Object.values(INBOX_ENV) },
  'apps/worker/README.md': {
    otel: OTEL_VARIABLES,
    'search-attributes': Object.values(SEARCH_ATTRIBUTE_ENV),
    'approval-policies': Object.values(APPROVER_POLICY_ENV),
  },
  'packages/contracts/README.md': { otel: OTEL_VARIABLES },
};

/** `text` with each marked section replaced by its table; throws when a marker pair is missing. */
export function withTables(file: string, text: string, tables: Record<string, readonly EnvVariableSpec[]>): string {
  let result = text;
  for (const [id, specs] of Object.entries(tables)) {
    const start = `<!-- env-table:${id} -->`;
    const end = `<!-- /env-table:${id} -->`;
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${file}: no ${start} … ${end} section`);
    result = `${result.slice(0, from + start.length)}\n${envVariablesTable(specs)}\n${result.slice(to)}`;
  }
  return result;
}

function main(check: boolean): number {
  const drifted: string[] = [];
  for (const [file, tables] of Object.entries(ENV_TABLES)) {
    const path = join(ROOT, file);
    const text = readFileSync(path, 'utf8');
    const next = withTables(file, text, tables);
    if (next === text) continue;
    drifted.push(file);
    if (!check) writeFileSync(path, next);
  }
  if (check && drifted.length > 0) {
    console.error(`environment tables out of date in ${drifted.join(', ')}: run npx tsx --conditions=@org/source tools/scripts/env-tables.ts`);
    return 1;
  }
  console.log(drifted.length ? `rewrote ${drifted.join(', ')}` : 'environment tables up to date');
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.includes('--check'));
