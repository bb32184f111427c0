import { join } from 'node:path';
import { tempDirPerTest } from '@org/orchestrator-testing';
import type { SchemaHistory } from '@org/orchestrator-postgres';
import { DestructiveMigrationError } from '@org/orchestrator-postgres';
import { StoreDatabaseError, migrateStores } from './migrate-stores';

const NOTES: SchemaHistory = {
  store: 'notes',
  migrations: {
    '0001-notes': {
      statements: (db) => [
        db.schema
          .createTable('notes')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('legacy', 'text'),
      ],
    },
    '0002-drop-legacy': { destructive: true, statements: (db) => [db.schema.alterTable('notes').dropColumn('legacy')] },
  },
};

describe(migrateStores, () => {
  const dir = tempDirPerTest('migrate-stores-');

  it('lists a destructive migration, refuses it naming the file, and applies it only when allowed', async () => {
    const file = join(dir(), 'notes.sqlite');
    const databases = [{ location: { kind: 'sqlite' as const, file }, histories: [NOTES] }];
    expect(await migrateStores(databases, { dryRun: true })).toEqual([
      {
        location: { kind: 'sqlite', file },
        exists: false,
        stores: [{ store: 'notes', applied: [], pending: ['0001-notes', '0002-drop-legacy'], newer: [], destructive: ['0002-drop-legacy'], appliedNow: [] }],
      },
    ]);

    const refused = migrateStores(databases);
    await expect(refused).rejects.toBeInstanceOf(StoreDatabaseError);
    await expect(refused).rejects.toMatchObject({ location: file, code: 'StoreDatabaseFailed', cause: expect.any(DestructiveMigrationError) });
    await expect(refused).rejects.toThrow(`${file}: migrating the notes store failed at 0002-drop-legacy`);
    // Nothing of the store was applied, not even its harmless first migration.
    expect((await migrateStores(databases, { dryRun: true }))[0]?.stores[0]?.applied).toEqual([]);

    const [allowed] = await migrateStores(databases, { allowDestructive: true });
    expect(allowed?.stores).toEqual([
      { store: 'notes', applied: ['0001-notes', '0002-drop-legacy'], pending: [], newer: [], destructive: [], appliedNow: ['0001-notes', '0002-drop-legacy'] },
    ]);
  });
});
