/**
 * Procurement flow, Node part (activities only, never workflow code): the supplier directory and
 * the purchase order store on SQLite or PostgreSQL, the purchase order document, the flow's
 * activities, its agent tasks (`extract_purchase_request`, `read_quote`) and their offline rules
 * (`PROCUREMENT_RULES`), its settings (its store's, and its part of the flow configuration), and `procurementFlowModule`, which the worker installs.
 *
 * @example
 * import { openSqlitePurchaseOrderStore, openSqliteSupplierDirectory, storePurchaseOrderDocument } from '@org/orchestrator-procurement/node';
 *
 * const suppliers = await openSqliteSupplierDirectory('.data/procurement.sqlite').findSuppliersFor(request.items);
 * const po = await openSqlitePurchaseOrderStore('.data/procurement.sqlite').createPurchaseOrder(input); // PO-2026-000001
 * const attachment = await storePurchaseOrderDocument(po, blobStoreFromUrl('.data/blobs')); // PO-2026-000001.pdf
 *
 * @module
 */
export { DEFAULT_MAX_SUPPLIERS, openSqliteSupplierDirectory } from './supplier-directory';
export type { SqliteSupplierDirectory, SqliteSupplierDirectoryOptions, SupplierDirectory, SupplierQueryItem } from './supplier-directory';
export { SAMPLE_CATEGORIES, SAMPLE_SUPPLIERS } from './seed-suppliers';
export type { SupplierCategory } from './seed-suppliers';
export { PurchaseOrderConflictError, openSqlitePurchaseOrderStore } from './purchase-order-store';
export type { PurchaseOrderStore, SqlitePurchaseOrderStoreOptions } from './purchase-order-store';
export { PROCUREMENT_SCHEMA } from './procurement-schema';
export { openPostgresPurchaseOrderStore } from './postgres-purchase-order-store';
export { openPostgresSupplierDirectory, seedPostgresSupplierDirectory } from './postgres-supplier-directory';
export { DEFAULT_BUYER, renderPurchaseOrderPdf, storePurchaseOrderDocument } from './render-purchase-order';
export type { PurchaseOrderBuyer, RenderPurchaseOrderOptions } from './render-purchase-order';
export { PURCHASE_ORDER_CONFLICT, createProcurementActivities } from './procurement-activities';
export type { CreatedPurchaseOrder, FindSuppliersInput, ProcurementActivities, ProcurementDependencies } from './procurement-activities';
export { PROCUREMENT_ENV, PROCUREMENT_SQLITE_FILE } from './procurement-env';
export type { ProcurementConfig, ProcurementConfigOverrides, ProcurementRequesters } from '../config';
export { DEFAULT_PROCUREMENT_CONFIG, DEFAULT_PROCUREMENT_MAILBOX, PROCUREMENT_SETTINGS_ENV, procurementSettings } from './procurement-settings';
export { PROCUREMENT_STORE, procurementFlowModule } from './flow-module';
export { PROCUREMENT_RULES } from './procurement-rules';
export { extractByRules } from './rules/extract';
export { readQuoteByRules } from './rules/quote';
export { PURCHASE_REQUEST_FIELDS, extractPurchaseRequestOutputSchema, extractPurchaseRequestTask, purchaseItemSchema } from './tasks/extract-purchase-request';
export type { ExtractPurchaseRequestInput, ExtractPurchaseRequestOutput, PurchaseItem, PurchaseRequestField } from './tasks/extract-purchase-request';
export { quoteLineSchema, readQuoteOutputSchema, readQuoteTask } from './tasks/read-quote';
export type { QuoteLine, ReadQuoteInput, ReadQuoteOutput } from './tasks/read-quote';
