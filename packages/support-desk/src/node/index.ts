/**
 * Customer Support domain, Node part (activities only, never workflow code): the SQLite support
 * desk (customers, orders, shipments, tickets) and the full-text knowledge base.
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
