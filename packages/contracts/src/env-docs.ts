import type { z } from 'zod';
import type { EnvErrorFactory, EnvSource } from './env';
import { EnvVariableError, readEnv } from './env';

/**
 * An environment variable declared once: its schema (which reads it and says what it accepts), its
 * default and what it means. READMEs' tables are generated from these (`tools/scripts/env-tables.ts`),
 * so the documentation cannot drift from what the code reads.
 */
export interface EnvVariableSpec<T = unknown> {
  name: string;
  /** One of `envSchemas` (its description is the table's "accepts" column). */
  schema: z.ZodType<T, string>;
  /** The default as a reader sees it, e.g. `info`, `unset (off)`. */
  default: string;
  meaning: string;
}

/** Declares a variable (see {@link EnvVariableSpec}). */
export function defineEnvVariable<T>(spec: EnvVariableSpec<T>): EnvVariableSpec<T> {
  if (!spec.schema.description) throw new Error(`${spec.name}: its schema needs a description (use envSchemas)`);
  return spec;
}

/** Reads a declared variable: `undefined` when unset or blank; errors name it and what it accepts. */
export function readEnvVariable<T>(env: EnvSource, spec: EnvVariableSpec<T>, errorClass: EnvErrorFactory = EnvVariableError): T | undefined {
  return readEnv(env, spec.name, spec.schema, errorClass);
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A Markdown table of declared variables: name, accepts (from the schema), default, meaning. */
export function envVariablesTable(specs: readonly EnvVariableSpec[]): string {
  const rows = specs.map((s) => `| \`${s.name}\` | ${cell(s.schema.description ?? '')} | ${cell(s.default)} | ${cell(s.meaning)} |`);
  return ['| Variable | Accepts | Default | Meaning |', '|---|---|---|---|', ...rows].join('\n');
}
