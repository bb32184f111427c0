import { join } from 'node:path';
import { defineEnvVariable, envSchemas } from '@org/orchestrator-contracts';

/** The SQLite file of the support desk (customers, orders, tickets) in the worker's data folder, unless `SUPPORT_DB_PATH` names another. */
export const SUPPORT_SQLITE_FILE = 'support.sqlite';
/** The SQLite file of the knowledge base's full-text index in the worker's data folder (SQLite workers only). */
export const KNOWLEDGE_INDEX_SQLITE_FILE = 'knowledge-index.sqlite';

/**
 * The sample articles shipped with this package (its `knowledge-base` folder, part of the published
 * package): the default of `KNOWLEDGE_BASE_DIR`, wherever the package is installed.
 */
export const BUNDLED_KNOWLEDGE_BASE_DIR = join(__dirname, '..', '..', 'knowledge-base');

/** The support flow's settings of its stores, declared once (tabled in the worker's and this package's README). */
export const SUPPORT_ENV = {
  supportDbPath: defineEnvVariable({
    name: 'SUPPORT_DB_PATH',
    schema: envSchemas.text('a file path'),
    default: '`<data>/support.sqlite`',
    meaning: 'SQLite file of the support desk: customers, orders, tickets (created and seeded with samples if missing)',
  }),
  knowledgeBaseDir: defineEnvVariable({
    name: 'KNOWLEDGE_BASE_DIR',
    schema: envSchemas.text('a directory of `*.md` articles'),
    default: 'the support-desk package’s sample `knowledge-base/*.md`',
    meaning:
      'The knowledge-base articles: SQLite workers index them in `<data>/knowledge-index.sqlite`, refreshed from the folder; `orchestrator seed` loads them into `DATABASE_URL` (workers on PostgreSQL only read the database; `orchestrator kb import <folder>` loads another folder)',
  }),
} as const;
