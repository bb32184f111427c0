import { seedDatabase } from '@org/orchestrator-activities/database';
import type { EnvVariableSpec } from '@org/orchestrator-contracts';
import { EnvVariableError, SHARED_ENV, readEnvVariable } from '@org/orchestrator-contracts';
import { FLOW_MODULES } from '@org/orchestrator-installed-flows';
import { SUPPORT_ENV } from '@org/orchestrator-support-desk/node';
import { parseCommandArgs } from '../args';
import type { Command, CommandContext } from '../context';
import { CliError, UsageError } from '../errors';
import { printJson } from '../output';

/** A declared variable as `command` reads it: a bad value is a usage error (exit 2) naming the variable. */
export function readSetting<T>(command: string, context: CommandContext, spec: EnvVariableSpec<T>): T | undefined {
  try {
    return readEnvVariable(context.env, spec);
  } catch (error) {
    if (error instanceof EnvVariableError) throw new UsageError(error.message, command);
    throw error;
  }
}

/** The workers' PostgreSQL database from `DATABASE_URL`, or a usage error saying why there is none. */
export function databaseUrl(command: string, context: CommandContext): string {
  const url = readSetting(command, context, SHARED_ENV.databaseUrl);
  if (url === undefined) throw new UsageError('DATABASE_URL is not set: SQLite files are seeded by the workers that open them', command);
  return url;
}

const seedHelp = `Usage: orchestrator seed [--json]

Loads the sample suppliers, customers, orders and shipments, and the knowledge-base articles of
KNOWLEDGE_BASE_DIR (default: the sample articles), into the workers' PostgreSQL database
(DATABASE_URL), migrating it first. Only missing rows and changed articles are written: edits are
kept, and seeding twice changes nothing. Workers on PostgreSQL read the articles from the database;
"orchestrator kb import <folder>" loads another folder. (SQLite files are seeded when a worker
first opens them, and index KNOWLEDGE_BASE_DIR themselves.)`;

/** `seed`: loads the sample data into DATABASE_URL. */
export const seedCommand: Command = {
  name: 'seed',
  summary: "Load the sample suppliers, customers, orders and articles into the workers' PostgreSQL database",
  help: seedHelp,
  async run(argv, context) {
    const { values } = parseCommandArgs('seed', argv, {}, false);
    const url = databaseUrl('seed', context);
    readSetting('seed', context, SUPPORT_ENV.knowledgeBaseDir); // a bad folder setting is a usage error
    // Each installed flow seeds its own samples (the support desk's customers, orders and articles).
    const added = await seedDatabase(url, { flowModules: FLOW_MODULES, env: context.env }).catch((error: unknown) => {
      throw new CliError(`cannot seed: ${error instanceof Error ? error.message : String(error)}`, undefined, { cause: error });
    });
    if (values.json) return printJson(context.io, added);
    context.io.out(
      `added ${Object.entries(added)
        .map(([what, count]) => `${count} ${what}`)
        .join(', ')}`,
    );
  },
};
