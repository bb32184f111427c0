import { relative } from 'node:path';
import type { DatabaseMigrationResult, StoreDatabase, StoreMigrationResult } from '@org/orchestrator-activities/database';
import { StoreDatabaseError, describeStoreLocation, migrateStores, storeDatabasesFromEnv } from '@org/orchestrator-activities/database';
import { SHARED_ENV } from '@org/orchestrator-contracts';
import { flowStores } from '@org/orchestrator-installed-flows';
import { parseCommandArgs } from '../args';
import type { Command, CommandContext } from '../context';
import { CliError } from '../errors';
import { printJson } from '../output';
import { readSetting } from './database';

const help = `Usage: orchestrator migrate [--dry-run] [--allow-destructive] [--json]

Brings the schema of every store up to date with its versioned migrations: the workers' stores
(handled messages, thread index, outbox ledger), the inbox's sessions and the installed flows'
(procurement, support desk and knowledge-base index, invoices). One database per line, then one line per store.

  --dry-run            only list, per store, the migrations applied and pending; change nothing, create no file
  --allow-destructive  apply migrations marked destructive too (they drop or rewrite data: back up first)

Where: with DATABASE_URL=postgres://… the workers' PostgreSQL database (from anywhere); else the
SQLite files in the workers' data folder, found as the worker finds them (ORCHESTRATOR_DB_PATH,
default .data/orchestrator.sqlite, whose folder is the data folder; THREAD_INDEX_DB_PATH,
OUTBOX_DATABASE_URL, PROCUREMENT_DB_PATH, SUPPORT_DB_PATH) and the inbox's (INBOX_DATA_DIR, default
.data/inbox): run it on their host, in their working directory. A missing file is created.

Workers and the inbox migrate their stores when they start, too (workers on PostgreSQL unless
DATABASE_MIGRATE=off); running this meanwhile is safe: an advisory lock on PostgreSQL, an immediate
transaction on SQLite, so each migration is applied once. Migrations add tables, columns and indexes;
one that drops or rewrites data is marked destructive, listed as such, and applied only with
--allow-destructive (workers and stores opening never apply it). A database migrated by newer code is
left as it is.`;

/** A database as the text output names it: a SQLite file relative to the working directory, a URL without its password. */
function describe({ location, exists }: DatabaseMigrationResult): string {
  if (location.kind === 'postgres') return `PostgreSQL ${describeStoreLocation(location)}`;
  return `SQLite ${relative(process.cwd(), location.file) || location.file}${exists ? '' : ' (no file yet)'}`;
}

function stateOf(store: StoreMigrationResult, dryRun: boolean): string {
  if (store.newer.length > 0) return `migrated by newer code (${store.newer.join(', ')}); left as is`;
  if (store.appliedNow.length > 0) return `applied ${store.appliedNow.join(', ')}`;
  const destructive = store.destructive.length > 0 ? `; destructive, applied only with --allow-destructive: ${store.destructive.join(', ')}` : '';
  if (dryRun && store.pending.length > 0)
    return `pending ${store.pending.join(', ')}${store.applied.length > 0 ? ` (applied ${store.applied.join(', ')})` : ''}${destructive}`;
  // Not applied by this run but still pending: another process holds them (should not happen under the lock).
  if (store.pending.length > 0) return `pending ${store.pending.join(', ')}`;
  return `up to date (${store.applied.join(', ') || 'no migrations'})`;
}

/** The stores' databases named by the environment, or a usage error for a DATABASE_URL that is none. */
function databasesOf(context: CommandContext): StoreDatabase[] {
  readSetting('migrate', context, SHARED_ENV.databaseUrl); // a bad DATABASE_URL is a usage error
  return storeDatabasesFromEnv(context.env, flowStores());
}

/** `migrate`: applies (or with `--dry-run` lists) the pending schema migrations of every store, on PostgreSQL or SQLite. */
export const migrateCommand: Command = {
  name: 'migrate',
  summary: "Migrate every store's schema (PostgreSQL DATABASE_URL, else the SQLite data folder); --dry-run lists what is pending",
  help,
  async run(argv, context) {
    const { values } = parseCommandArgs('migrate', argv, { 'dry-run': { type: 'boolean' }, 'allow-destructive': { type: 'boolean' } }, false);
    const dryRun = values['dry-run'] ?? false;
    const results = await migrateStores(databasesOf(context), { dryRun, allowDestructive: values['allow-destructive'] ?? false }).catch((error: unknown) => {
      throw new CliError(
        // A StoreDatabaseError's message starts with the database it names.
        error instanceof StoreDatabaseError ? `cannot migrate ${error.message}` : `cannot migrate: ${error instanceof Error ? error.message : String(error)}`,
        undefined,
        { cause: error },
      );
    });
    if (values.json) {
      const databases = results.map(({ location, exists, stores }) => ({
        kind: location.kind,
        location: describeStoreLocation(location),
        exists,
        stores,
      }));
      return printJson(context.io, { dryRun, databases });
    }
    for (const result of results) {
      context.io.out(describe(result));
      for (const store of result.stores) context.io.out(`  ${store.store}: ${stateOf(store, dryRun)}`);
    }
  },
};
