import type { SchemaHistory, SchemaStatement } from '@org/orchestrator-postgres';
import { addColumnIfMissing, sql } from '@org/orchestrator-postgres';
import { HANDLED_MESSAGE_COLUMNS } from './handled-ledger';

/**
 * The orchestrator store's schema on both databases. PostgreSQL numbers the ledger with a `seq`
 * identity (SQLite orders it by rowid). A SQLite file from before the migrations is adopted:
 * tables `IF NOT EXISTS`, and the ledger's message columns added when an older file lacks them.
 * Add a migration to change it; never edit one shipped.
 */
export const ORCHESTRATOR_SCHEMA: SchemaHistory = {
  store: 'orchestrator',
  migrations: {
    '0001-handled-messages-stash-claims': {
      statements: (db, dialect) => {
        const postgres = dialect === 'postgres';
        let handled = db.schema.createTable('handled_messages').ifNotExists();
        if (postgres) handled = handled.addColumn('seq', 'bigint', (c) => c.generatedAlwaysAsIdentity().unique());
        const statements: SchemaStatement[] = [
          handled
            .addColumn('workflow_run_id', 'text', (c) => c.notNull())
            .addColumn('activity_id', 'text', (c) => c.notNull())
            .addColumn('thread_id', 'text', (c) => c.notNull())
            .addColumn('message_id', 'text', (c) => c.notNull())
            .addColumn('flow', 'text', (c) => c.notNull())
            .addColumn('action', 'text', (c) => c.notNull())
            .addColumn('reply_message_id', 'text')
            .addColumn('sender', 'text')
            .addColumn('subject', 'text')
            .addColumn('received_at', 'text')
            .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
            .addColumn('first_recorded_at', 'text', (c) => c.notNull())
            .addColumn('last_recorded_at', 'text', (c) => c.notNull())
            .addPrimaryKeyConstraint('handled_messages_pk', ['workflow_run_id', 'activity_id']),
          // A ledger from before the message columns (SQLite files of older workers).
          ...HANDLED_MESSAGE_COLUMNS.map((column) => addColumnIfMissing('handled_messages', column, 'text')),
          db.schema.createIndex('handled_messages_by_thread').ifNotExists().on('handled_messages').columns(['thread_id', 'message_id']),
          db.schema
            .createTable('auto_reply_claims')
            .ifNotExists()
            .addColumn('sender', 'text', (c) => c.notNull())
            .addColumn('message_id', 'text', (c) => c.notNull())
            .addColumn('granted', postgres ? 'boolean' : 'integer', (c) => c.notNull())
            .addColumn('claimed_at', 'text', (c) => c.notNull())
            .addPrimaryKeyConstraint('auto_reply_claims_pk', ['sender', 'message_id']),
          db.schema.createIndex('auto_reply_claims_by_sender').ifNotExists().on('auto_reply_claims').columns(['sender', 'granted', 'claimed_at']),
          db.schema
            .createTable('message_stash')
            .ifNotExists()
            .addColumn('thread_id', 'text', (c) => c.notNull())
            .addColumn('id', 'text', (c) => c.notNull())
            .addColumn('count', 'integer', (c) => c.notNull())
            .addColumn('body', 'text', (c) => c.notNull())
            .addColumn('created_at', 'text', (c) => c.notNull())
            .addPrimaryKeyConstraint('message_stash_pk', ['thread_id', 'id']),
        ];
        if (postgres)
          statements.push(sql`COMMENT ON TABLE handled_messages IS 'One row per activity execution that handled a message (see OrchestratorStore)'`);
        return statements;
      },
    },
  },
};
