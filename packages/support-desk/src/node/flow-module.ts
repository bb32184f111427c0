import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FlowModule, FlowStore } from '@org/orchestrator-activities';
import { flowStoreFile } from '@org/orchestrator-activities';
import type { EnvSource } from '@org/orchestrator-contracts';
import { readEnvVariable } from '@org/orchestrator-contracts';
import { KNOWLEDGE_INDEX_SCHEMA } from './knowledge-index-schema';
import { openKnowledgeBase } from './knowledge-base';
import { openPostgresKnowledgeBase } from './postgres-knowledge-base';
import { importKnowledgeBase } from './postgres-knowledge-base-import';
import { openPostgresSupportDesk, seedPostgresSupportDesk } from './postgres-support-desk';
import { createSupportActivities } from './support-activities';
import { SUPPORT_DESK_SCHEMA } from './support-desk-schema';
import { SUPPORT_RULES } from './support-rules';
import { supportSettings } from './support-settings';
import { openSqliteSupportDesk } from './support-desk-store';
import { BUNDLED_KNOWLEDGE_BASE_DIR, KNOWLEDGE_INDEX_SQLITE_FILE, SUPPORT_ENV, SUPPORT_SQLITE_FILE } from './support-env';

/** The support desk's store: `SUPPORT_DB_PATH`, else `support.sqlite` in the data folder (or the shared PostgreSQL database). */
export const SUPPORT_DESK_STORE: FlowStore = { schema: SUPPORT_DESK_SCHEMA, sqliteFile: SUPPORT_SQLITE_FILE, sqlitePath: SUPPORT_ENV.supportDbPath };
/** The knowledge base's full-text index of `KNOWLEDGE_BASE_DIR`: SQLite only (on PostgreSQL the articles are the support desk's `kb_articles`). */
export const KNOWLEDGE_INDEX_STORE: FlowStore = { schema: KNOWLEDGE_INDEX_SCHEMA, sqliteFile: KNOWLEDGE_INDEX_SQLITE_FILE, sqliteOnly: true };

/** The knowledge-base folder: `KNOWLEDGE_BASE_DIR` (resolved against the working directory), else the bundled samples. */
export function knowledgeBaseDirFromEnv(env: EnvSource): string {
  return resolve(readEnvVariable(env, SUPPORT_ENV.knowledgeBaseDir) ?? BUNDLED_KNOWLEDGE_BASE_DIR);
}

/**
 * The customer support flow as the worker installs it: its stores (the support desk, and on SQLite
 * the knowledge base's index), its samples for `orchestrator seed`, its activities over its stores
 * and the worker's agent provider, the offline rules of its agent task (`draft_support_answer`),
 * and its part of the flow configuration.
 * Its workflow half is `supportFlow` (the root entry; classified threads, so no `route` of its own).
 */
export const supportFlowModule: FlowModule = {
  name: 'support',
  agentRules: SUPPORT_RULES,
  settings: supportSettings,
  stores: [SUPPORT_DESK_STORE, KNOWLEDGE_INDEX_STORE],
  async seed({ url, env }) {
    const { customers, orders } = await seedPostgresSupportDesk(url);
    const { added, updated } = await importKnowledgeBase(url, knowledgeBaseDirFromEnv(env));
    return { customers, orders, articles: added.length + updated.length };
  },
  async open({ env, database, agents }) {
    if (database.kind === 'postgres') {
      // The database is the knowledge base's source (loaded by `orchestrator seed` / `kb import`): this host's folder is not read.
      const desk = openPostgresSupportDesk(database.url);
      const knowledgeBase = openPostgresKnowledgeBase(database.url);
      const empty = (await knowledgeBase.articles()).length === 0;
      return {
        activities: createSupportActivities({ desk, knowledgeBase, agents }),
        description: `support desk and knowledge base in the database${empty ? ' (no articles: load them with `orchestrator kb import <folder>` or `orchestrator seed`)' : ''}`,
        async close() {
          await Promise.all([desk.close(), knowledgeBase.close()]);
        },
      };
    }
    const deskFile = flowStoreFile(SUPPORT_DESK_STORE, env, database.directory);
    const indexFile = flowStoreFile(KNOWLEDGE_INDEX_STORE, env, database.directory);
    const knowledgeBaseDir = knowledgeBaseDirFromEnv(env);
    for (const file of [deskFile, indexFile]) mkdirSync(dirname(file), { recursive: true });
    const desk = openSqliteSupportDesk(deskFile);
    let knowledgeBase;
    try {
      knowledgeBase = openKnowledgeBase(knowledgeBaseDir, { indexFile });
    } catch (error) {
      desk.close();
      throw error;
    }
    return {
      activities: createSupportActivities({ desk, knowledgeBase, agents }),
      description: `support desk in ${deskFile}; knowledge base: ${knowledgeBaseDir}`,
      async close() {
        knowledgeBase.close();
        desk.close();
      },
    };
  },
};
