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
  KnowledgeBaseRefresh,
  KnowledgeSearchHit,
  KnowledgeSearchOptions,
} from './knowledge-base';
export { openKnowledgeBase, parseArticle } from './knowledge-base';
export { INTENT_HINTS, toFtsQuery } from './fts-query';
