// One process of the concurrency test: `inbox <dataDir> [databaseUrl]` opens the inbox's store as
// the inbox does at start (migrating its schema), `migrate` runs `orchestrator migrate`'s
// migrateStores on the stores named by the environment. Prints what it applied, as JSON.
import { migrateStores, storeDatabasesFromEnv } from '@org/orchestrator-activities/database';
import { openInboxStore } from '../../store/open-inbox-store';

async function main(): Promise<void> {
  const [mode, dataDir = '', databaseUrl] = process.argv.slice(2);
  if (mode === 'inbox') {
    const store = await openInboxStore({ dataDir, databaseUrl });
    await store.close();
    process.stdout.write(JSON.stringify({ mode, appliedNow: [] }));
  } else {
    const results = await migrateStores(storeDatabasesFromEnv(process.env));
    process.stdout.write(
      JSON.stringify({ mode, appliedNow: results.flatMap((r) => r.stores.flatMap((s) => s.appliedNow.map((name) => `${s.store} ${name}`))) }),
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exitCode = 1;
});
