import type { Kysely, SchemaHistory } from '@org/orchestrator-postgres';
import { sql } from '@org/orchestrator-postgres';

/**
 * The orchestrator store's PostgreSQL schema (the SQLite file's tables, with a `seq` identity that
 * orders the ledger as SQLite's rowid does). Add a migration to change it; never edit one shipped.
 */
export const ORCHESTRATOR_SCHEMA: SchemaHistory = {
  store: 'orchestrator',
  migrations: {
    '0001-handled-messages-stash-claims': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('handled_messages')
          .addColumn('seq', 'bigint', (c) => c.generatedAlwaysAsIdentity().unique())
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
          .addPrimaryKeyConstraint('handled_messages_pk', ['workflow_run_id', 'activity_id'])
          .execute();
        await db.schema.createIndex('handled_messages_by_thread').on('handled_messages').columns(['thread_id', 'message_id']).execute();
        await db.schema
          .createTable('auto_reply_claims')
          .addColumn('sender', 'text', (c) => c.notNull())
          .addColumn('message_id', 'text', (c) => c.notNull())
          .addColumn('granted', 'boolean', (c) => c.notNull())
          .addColumn('claimed_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('auto_reply_claims_pk', ['sender', 'message_id'])
          .execute();
        await db.schema.createIndex('auto_reply_claims_by_sender').on('auto_reply_claims').columns(['sender', 'granted', 'claimed_at']).execute();
        await db.schema
          .createTable('message_stash')
          .addColumn('thread_id', 'text', (c) => c.notNull())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('count', 'integer', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('message_stash_pk', ['thread_id', 'id'])
          .execute();
        await sql`COMMENT ON TABLE handled_messages IS 'One row per activity execution that handled a message (see OrchestratorStore)'`.execute(db);
      },
    },
  },
};
