import { resolve } from 'node:path';
import { migrateDatabase } from '@org/orchestrator-activities/database';
import { flowStores } from '@org/orchestrator-installed-flows';
import { KnowledgeBaseImportError, importKnowledgeBase } from '@org/orchestrator-support-desk/node';
import { onePositional, parseCommandArgs } from '../args';
import type { Command } from '../context';
import { CliError, EXIT, UsageError } from '../errors';
import { printJson } from '../output';
import { databaseUrl } from './database';

const help = `Usage: orchestrator kb import <folder> [--prune] [--json]

Loads the knowledge-base articles of <folder> (*.md with id, title and tags front matter) into the
workers' PostgreSQL database (DATABASE_URL), migrating it first. Workers on PostgreSQL read the
articles only from there, whatever folder their host has. Articles are keyed by file name: a
changed file is updated, an unchanged one left alone, so importing twice changes nothing. Articles
of other files stay (folders imported from several places add up) unless --prune removes those not
in <folder>. An article id already held by another file, a file that is not UTF-8 text or one over
512 KiB refuses the whole import, which then changes nothing.`;

/** `kb import <folder>`: loads an articles folder into the shared knowledge base. */
export const knowledgeBaseCommand: Command = {
  name: 'kb',
  summary: "Import a folder of knowledge-base articles into the workers' PostgreSQL database",
  help,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs('kb', argv, { prune: { type: 'boolean' } }, true);
    const [action, ...rest] = positionals;
    if (action !== 'import')
      throw new UsageError(action === undefined ? 'missing action: kb import <folder>' : `unknown action ${JSON.stringify(action)}: kb import <folder>`, 'kb');
    const folder = resolve(onePositional('kb', rest, 'folder'));
    const url = databaseUrl('kb', context);
    const importing = async () => {
      await migrateDatabase(url, flowStores());
      return importKnowledgeBase(url, folder, { prune: values.prune ?? false });
    };
    const result = await importing().catch((error: unknown) => {
      // A folder the database cannot take is bad input (exit 2): nothing was imported.
      if (error instanceof KnowledgeBaseImportError) throw new CliError(error.message, EXIT.usage, { cause: error });
      throw new CliError(`cannot import: ${error instanceof Error ? error.message : String(error)}`, undefined, { cause: error });
    });
    if (values.json) return printJson(context.io, result);
    const { added, updated, unchanged, removed } = result;
    context.io.out(`${folder}: ${added.length} added, ${updated.length} updated, ${unchanged.length} unchanged, ${removed.length} removed`);
    for (const [verb, files] of [
      ['added', added],
      ['updated', updated],
      ['removed', removed],
    ] as const) {
      for (const file of files) context.io.out(`  ${verb} ${file}`);
    }
  },
};
