import { join, resolve } from 'node:path';
import { sqliteStorePaths, storeDatabasesFromEnv } from './store-locations';

const layout = (env: NodeJS.ProcessEnv) =>
  storeDatabasesFromEnv(env).map(({ location, histories }) => [location.kind === 'sqlite' ? location.file : location.url, histories.map((h) => h.store)]);

describe(storeDatabasesFromEnv, () => {
  it('finds the SQLite files where the worker and the inbox keep them by default', () => {
    expect(layout({})).toEqual([
      [resolve('.data/orchestrator.sqlite'), ['orchestrator', 'thread_index', 'outbox']],
      [resolve('.data/procurement.sqlite'), ['procurement']],
      [resolve('.data/support.sqlite'), ['support_desk']],
      [resolve('.data/knowledge-index.sqlite'), ['knowledge_index']],
      [resolve('.data/inbox/inbox.sqlite'), ['inbox']],
    ]);
  });

  it('follows the variables that move them, grouping stores that share a file', () => {
    const env = {
      ORCHESTRATOR_DB_PATH: '/srv/data/orchestrator.sqlite',
      THREAD_INDEX_DB_PATH: '/srv/shared/threads.sqlite',
      OUTBOX_DATABASE_URL: 'sqlite:///srv/shared/threads.sqlite',
      SUPPORT_DB_PATH: '/srv/support/desk.sqlite',
      INBOX_DATA_DIR: '/srv/inbox',
    };
    expect(layout(env)).toEqual([
      ['/srv/data/orchestrator.sqlite', ['orchestrator']],
      ['/srv/shared/threads.sqlite', ['thread_index', 'outbox']],
      ['/srv/data/procurement.sqlite', ['procurement']],
      ['/srv/support/desk.sqlite', ['support_desk']],
      ['/srv/data/knowledge-index.sqlite', ['knowledge_index']],
      ['/srv/inbox/inbox.sqlite', ['inbox']],
    ]);
    expect(sqliteStorePaths(env)).toMatchObject({ threadIndex: '/srv/shared/threads.sqlite', knowledgeIndex: join('/srv/data', 'knowledge-index.sqlite') });
  });

  it('puts every store in one PostgreSQL database, but an outbox ledger given a database of its own', () => {
    expect(layout({ DATABASE_URL: 'postgres://o@db/orchestrator' })).toEqual([
      ['postgres://o@db/orchestrator', ['orchestrator', 'thread_index', 'outbox', 'procurement', 'support_desk', 'inbox']],
    ]);
    expect(layout({ DATABASE_URL: 'postgres://o@db/orchestrator', OUTBOX_DATABASE_URL: 'postgresql://o@ledger/outbox' })).toEqual([
      ['postgres://o@db/orchestrator', ['orchestrator', 'thread_index', 'procurement', 'support_desk', 'inbox']],
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
