import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DATABASE_KINDS, testDatabases } from '@org/orchestrator-testing';
import { INBOX_SCHEMA } from '@org/orchestrator-activities/database';
import { openInboxStore } from '../store/open-inbox-store';

// The inbox migrates its store when it starts; `orchestrator migrate` migrates it with every other
// store. Several inboxes and migrate commands at once, each a process of its own, on one database:
// each migration is applied once (an advisory lock on PostgreSQL, an immediate transaction on
// SQLite), none fails, and the store works after.

const ROOT = join(__dirname, '..', '..', '..', '..');
const SCRIPT = join(__dirname, 'support', 'migrate-process.ts');

async function spawnProcess(args: string[], env: NodeJS.ProcessEnv): Promise<{ mode: string; appliedNow: string[] }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--conditions=@org/source', SCRIPT, ...args],
    {
      cwd: ROOT,
      env: { PATH: process.env['PATH'], ...env },
    },
  );
  return JSON.parse(stdout) as { mode: string; appliedNow: string[] };
}

describe.each(DATABASE_KINDS)('the inbox store migrated at start and by orchestrator migrate at once, on %s', (kind) => {
  const databases = testDatabases(kind);
  beforeAll(() => databases.start(), 120_000);
  afterAll(() => databases.stop(), 60_000);

  it('applies the inbox migration once, fails none, and the store works after', async () => {
    const location = await databases.fresh('inbox');
    const dataDir = join(location, '..', `${kind}-inbox-data`);
    const env: NodeJS.ProcessEnv =
      kind === 'postgres'
        ? { DATABASE_URL: location }
        : { INBOX_DATA_DIR: dataDir, ORCHESTRATOR_DB_PATH: join(dataDir, 'orchestrator.sqlite'), OUTBOX_DATABASE_URL: join(dataDir, 'orchestrator.sqlite') };
    const inbox = kind === 'postgres' ? ['inbox', dataDir, location] : ['inbox', dataDir];
    const results = await Promise.all([spawnProcess(inbox, env), spawnProcess(['migrate'], env), spawnProcess(inbox, env)]);

    // Each inbox migration applied by one of the three processes at most (the others found it done).
    const applied = results.flatMap((r) => r.appliedNow).filter((name) => name.startsWith('inbox '));
    expect(new Set(applied).size).toBe(applied.length);
    const recorded =
      kind === 'postgres'
        ? await (async () => {
            const client = new pg.Client({ connectionString: location });
            await client.connect();
            const { rows } = await client.query<{ name: string }>('SELECT name FROM inbox_schema_migrations');
            await client.end();
            return rows.map((r) => r.name);
          })()
        : (() => {
            const db = new Database(join(dataDir, 'inbox.sqlite'), { readonly: true });
            const names = db.prepare('SELECT name FROM inbox_schema_migrations').pluck().all();
            db.close();
            return names;
          })();
    expect(recorded).toEqual(Object.keys(INBOX_SCHEMA.migrations));

    const store = await openInboxStore({ dataDir, databaseUrl: kind === 'postgres' ? location : undefined });
    await store.createSession('session-1', { email: 'approver@orchestrator.test', via: 'link', createdAt: 1_000, expiresAt: 10_000 });
    expect(await store.findSession('session-1', 2_000)).toEqual({ email: 'approver@orchestrator.test', via: 'link', createdAt: 1_000, expiresAt: 10_000 });
    await store.close();
  }, 120_000);
});
