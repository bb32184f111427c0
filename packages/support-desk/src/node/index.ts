/**
 * Customer Support flow, Node part (activities only, never workflow code): the support desk
 * (customers, orders, shipments, tickets) and the full-text knowledge base on SQLite or PostgreSQL,
 * the flow's activities, its settings, and `supportFlowModule`, which the worker installs.
 *
 * @example
 * import { RulesProvider } from '@org/orchestrator-agents';
 * import { BUNDLED_KNOWLEDGE_BASE_DIR, SUPPORT_RULES, createSupportActivities, openKnowledgeBase, openSqliteSupportDesk } from '@org/orchestrator-support-desk/node';
 *
 * const activities = createSupportActivities({
 *   desk: openSqliteSupportDesk('.data/support.sqlite'),
 *   knowledgeBase: openKnowledgeBase(BUNDLED_KNOWLEDGE_BASE_DIR),
 *   agents: new RulesProvider({ rules: SUPPORT_RULES }),
 * });
 * const facts = await activities.lookupSupportFacts({ threadId, customer: 'emma.jones@mail.example', text: 'Where is my order A10482?' });
 *
 * @module
 */
export type { CreateTicketInput, SupportDesk, SupportDeskOptions } from './support-desk-store';
export { openSqliteSupportDesk, TicketClosedError, TicketNotFoundError } from './support-desk-store';
export type { SeedOrder } from './seed';
export { SEED_CUSTOMERS, SEED_ORDERS } from './seed';
export type {
  KnowledgeBase,
  KnowledgeBaseArticle,
  KnowledgeBaseOptions,
  KnowledgeBaseReader,
  KnowledgeBaseRefresh,
  KnowledgeSearchHit,
  KnowledgeSearchOptions,
} from './knowledge-base';
export { openKnowledgeBase, parseArticle } from './knowledge-base';
export { INTENT_HINTS, searchTerms, toFtsQuery } from './fts-query';
export { SUPPORT_DESK_SCHEMA } from './support-desk-schema';
export { KNOWLEDGE_INDEX_SCHEMA } from './knowledge-index-schema';
export { openPostgresSupportDesk, seedPostgresSupportDesk } from './postgres-support-desk';
export type { PostgresSupportDesk } from './postgres-support-desk';
export { openPostgresKnowledgeBase } from './postgres-knowledge-base';
export type { PostgresKnowledgeBase } from './postgres-knowledge-base';
export { KnowledgeBaseImportError, MAX_ARTICLE_BYTES, importKnowledgeBase } from './postgres-knowledge-base-import';
export type { KnowledgeBaseImport, KnowledgeBaseImportOptions } from './postgres-knowledge-base-import';
export { SUPPORT_FACT_LIMITS, TICKET_NOT_FOUND, createSupportActivities } from './support-activities';
export type {
  CloseSupportTicketInput,
  LookupSupportFactsInput,
  OpenSupportTicketInput,
  SupportActivities,
  SupportDependencies,
  SupportFacts,
  SupportOrderFactWithTotal,
} from './support-activities';
export { BUNDLED_KNOWLEDGE_BASE_DIR, KNOWLEDGE_INDEX_SQLITE_FILE, SUPPORT_ENV, SUPPORT_SQLITE_FILE } from './support-env';
export { KNOWLEDGE_INDEX_STORE, SUPPORT_DESK_STORE, knowledgeBaseDirFromEnv, supportFlowModule } from './flow-module';
export type { SupportConfig, SupportConfigOverrides } from '../config';
export { DEFAULT_SUPPORT_CONFIG, DEFAULT_SUPPORT_MAILBOX, SUPPORT_SETTINGS_ENV, supportSettings } from './support-settings';
export { SUPPORT_RULES } from './support-rules';
export { draftByRules } from './rules/draft';
export { draftSupportAnswerOutputSchema, draftSupportAnswerTask } from './tasks/draft-support-answer';
export type { DraftSupportAnswerInput, DraftSupportAnswerOutput, KnowledgeArticle, SupportCustomerFact, SupportOrderFact } from './tasks/draft-support-answer';
