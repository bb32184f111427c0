import { resolve } from 'node:path';
import { defineEnvVariable, envSchemas } from '@org/orchestrator-contracts';
import { ORCHESTRATOR_SCHEMA } from '../store/orchestrator-schema';
import { sqliteStorePaths, storeDatabasesFromEnv } from './store-locations';

/** A flow's own path variable, as the procurement flow's `PROCUREMENT_DB_PATH`. */
const FLOW_A_DB_PATH = defineEnvVariable({ name: 'FLOW_A_DB_PATH', schema: envSchemas.text('a file path'), default: '`<data>/a.sqlite`', meaning: 'test' });

const layout = (env: NodeJS.ProcessEnv) =>
  storeDatabasesFromEnv(env).map(({ location, histories }) => [location.kind === 'sqlite' ? location.file : location.url, histories.map((h) => h.store)]);

describe(storeDatabasesFromEnv, () => {
  it('finds the SQLite files where the worker and the inbox keep them by default', () => {
    expect(layout({})).toEqual([
      [resolve('.data/orchestrator.sqlite'), ['orchestrator', 'thread_index', 'outbox']],
      [resolve('.data/inbox/inbox.sqlite'), ['inbox']],
    ]);
  });

  it('puts the installed flows’ stores last: in the data folder, where their variable says, on SQLite only if so marked', () => {
    const flowStores = [
      { schema: { ...ORCHESTRATOR_SCHEMA, store: 'flow_a' }, sqliteFile: 'a.sqlite', sqlitePath: FLOW_A_DB_PATH },
      { schema: { ...ORCHESTRATOR_SCHEMA, store: 'flow_index' }, sqliteFile: 'index.sqlite', sqliteOnly: true },
    ];
    const flows = (env: NodeJS.ProcessEnv) =>
      storeDatabasesFromEnv(env, flowStores)
        .slice(-2)
        .map(({ location, histories }) => [location.kind === 'sqlite' ? location.file : location.url, histories.map((h) => h.store)]);
    expect(flows({ ORCHESTRATOR_DB_PATH: '/srv/data/o.sqlite' })).toEqual([
      ['/srv/data/a.sqlite', ['flow_a']],
      ['/srv/data/index.sqlite', ['flow_index']],
    ]);
    expect(flows({ ORCHESTRATOR_DB_PATH: '/srv/data/o.sqlite', FLOW_A_DB_PATH: 'rel/a.sqlite' })[0]).toEqual([resolve('rel/a.sqlite'), ['flow_a']]);
    // A flow store in a file another store uses shares its database.
    const shared = storeDatabasesFromEnv({ ORCHESTRATOR_DB_PATH: '/srv/data/o.sqlite', FLOW_A_DB_PATH: '/srv/data/o.sqlite' }, flowStores);
    expect(shared[0]!.histories.map((h) => h.store)).toEqual(['orchestrator', 'thread_index', 'flow_a']);
    expect(storeDatabasesFromEnv({ DATABASE_URL: 'postgres://o@db/x' }, flowStores)[0]!.histories.map((h) => h.store)).toEqual([
      'orchestrator',
      'thread_index',
      'outbox',
      'inbox',
      'flow_a',
    ]);
  });

  it('follows the variables that move them, grouping stores that share a file', () => {
    const env = {
      ORCHESTRATOR_DB_PATH: '/srv/data/orchestrator.sqlite',
      THREAD_INDEX_DB_PATH: '/srv/shared/threads.sqlite',
      OUTBOX_DATABASE_URL: 'sqlite:///srv/shared/threads.sqlite',
      INBOX_DATA_DIR: '/srv/inbox',
    };
    expect(layout(env)).toEqual([
      ['/srv/data/orchestrator.sqlite', ['orchestrator']],
      ['/srv/shared/threads.sqlite', ['thread_index', 'outbox']],
      ['/srv/inbox/inbox.sqlite', ['inbox']],
    ]);
    expect(sqliteStorePaths(env)).toEqual({
      orchestrator: '/srv/data/orchestrator.sqlite',
      threadIndex: '/srv/shared/threads.sqlite',
      inbox: '/srv/inbox/inbox.sqlite',
    });
  });

  it('puts every store in one PostgreSQL database, but an outbox ledger given a database of its own', () => {
    expect(layout({ DATABASE_URL: 'postgres://o@db/orchestrator' })).toEqual([
      ['postgres://o@db/orchestrator', ['orchestrator', 'thread_index', 'outbox', 'inbox']],
    ]);
    expect(layout({ DATABASE_URL: 'postgres://o@db/orchestrator', OUTBOX_DATABASE_URL: 'postgresql://o@ledger/outbox' })).toEqual([
      ['postgres://o@db/orchestrator', ['orchestrator', 'thread_index', 'inbox']],
      ['postgresql://o@ledger/outbox', ['outbox']],
    ]);
    // SQLite stores with the ledger on PostgreSQL: both are migrated.
    expect(layout({ ORCHESTRATOR_DB_PATH: '/d/o.sqlite', OUTBOX_DATABASE_URL: 'postgres://o@ledger/outbox' })[1]).toEqual([
      'postgres://o@ledger/outbox',
      ['outbox'],
    ]);
  });

  it('refuses a DATABASE_URL that is not PostgreSQL', () => {
    expect(() => storeDatabasesFromEnv({ DATABASE_URL: 'mysql://db/x' })).toThrow(/DATABASE_URL must be a PostgreSQL URL/);
  });
});
