import type { SchemaHistory } from '@org/orchestrator-postgres';
import { addColumnIfMissing, sql } from '@org/orchestrator-postgres';
import { LEASE_COLUMNS } from './outbox-ledger-row';

/**
 * The outbox ledger's schema on both databases: times are `timestamptz` on PostgreSQL and ISO
 * 8601 text on SQLite. It has a history of its own because the ledger may live in another
 * database than the other stores (`OUTBOX_DATABASE_URL`). The ledger created its table itself
 * before: such a table is adopted (`IF NOT EXISTS`, and the lease columns added when an older
 * table lacks them). Add a migration to change it; never edit one shipped.
 */
export const OUTBOX_LEDGER_SCHEMA: SchemaHistory = {
  store: 'outbox',
  migrations: {
    '0001-outbox-ledger': {
      statements: (db, dialect) => {
        const time = dialect === 'postgres' ? sql`timestamptz` : 'text';
        const leaseColumnType = { lease_owner: 'text', lease_expires_at: time } as const satisfies Record<(typeof LEASE_COLUMNS)[number], unknown>;
        return [
          db.schema
            .createTable('outbox_ledger')
            .ifNotExists()
            .addColumn('message_id', 'text', (c) => c.primaryKey())
            .addColumn('thread_id', 'text', (c) => c.notNull())
            .addColumn('fingerprint', 'text', (c) => c.notNull())
            .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('sending', 'sent')`))
            .addColumn('transport', 'text', (c) => c.notNull())
            .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
            .addColumn('location', 'text')
            .addColumn('response', 'text')
            .addColumn('claimed_at', time, (c) => c.notNull())
            .addColumn('sent_at', time)
            .addColumn('lease_owner', 'text')
            .addColumn('lease_expires_at', time),
          ...LEASE_COLUMNS.map((column) => addColumnIfMissing('outbox_ledger', column, leaseColumnType[column])),
          db.schema.createIndex('outbox_ledger_by_thread').ifNotExists().on('outbox_ledger').column('thread_id'),
        ];
      },
    },
  },
};
