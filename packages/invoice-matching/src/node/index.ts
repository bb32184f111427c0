/**
 * Node-only part of the supplier invoice flow, for activities: the stores (SQLite or PostgreSQL),
 * the agent tasks that read invoices and goods receipts with their offline rules, PDF text, and
 * the activities. Never import this from workflow code.
 *
 * @example
 * import { RulesProvider } from '@org/orchestrator-agents';
 * import { INVOICE_RULES, createInvoiceActivities, openSqliteInvoiceStores } from '@org/orchestrator-invoice-matching/node';
 *
 * const stores = openSqliteInvoiceStores('.data/invoices.sqlite');
 * const activities = createInvoiceActivities({ ...stores, agents: new RulesProvider({ rules: INVOICE_RULES }), blobs, purchaseOrders });
 * const { invoice, problems } = await activities.readInvoice({ message });
 *
 * @module
 */
export { createInvoiceActivities } from './invoice-activities';
export type { InvoiceActivities, InvoiceDependencies, InvoiceMatchInputs, ReadGoodsReceiptResult, ReadInvoiceResult } from './invoice-activities';
export { GoodsReceiptConflictError, InvalidInvoiceDataError, InvoicePaymentConflictError } from './errors';
export { openPostgresInvoiceStores, openSqliteInvoiceStores } from './open-stores';
export type { InvoiceStores, InvoiceStoresOptions } from './open-stores';
export { MAX_RECEIPTS_PER_ORDER } from './goods-receipt-store';
export type { GoodsReceiptStore, RecordedGoodsReceipt } from './goods-receipt-store';
export { MAX_PAYMENTS_PER_ORDER, paymentIdOf } from './invoice-payment-store';
export type { InvoicePaymentStore, PaymentInput } from './invoice-payment-store';
export type { ConfirmedBankAccount, SupplierBankAccountStore } from './supplier-bank-account-store';
export { INVOICE_MATCHING_SCHEMA } from './invoice-schema';
export { PDF_LIMITS, PdfUnreadableError, readPdfText } from './pdf-text';
export type { PdfText } from './pdf-text';
export { MAX_PDF_ATTACHMENTS, readMessageDocuments } from './message-documents';
export { INVOICE_RULES } from './invoice-rules';
export { INVOICE_SQLITE_FILE, invoiceFlowModule } from './flow-module';
export { routeInvoiceMail } from './route-invoice-mail';
export { DEFAULT_INVOICE_POLICY, INVOICE_ENV, createInvoicePolicyActivities, invoicePolicyFromEnv } from './invoice-policy';
export type { InvoicePolicyActivities } from './invoice-policy';
export { readInvoiceByRules } from './rules/read-invoice-rules';
export { readGoodsReceiptByRules } from './rules/read-goods-receipt-rules';
export { MAX_DOCUMENT_CHARS, MAX_PROBLEMS, readInvoiceOutputSchema, readInvoiceTask } from './tasks/read-invoice';
export type { AttachedDocument, ReadInvoiceInput, ReadInvoiceOutput } from './tasks/read-invoice';
export { readGoodsReceiptOutputSchema, readGoodsReceiptTask } from './tasks/read-goods-receipt';
export type { ReadGoodsReceiptInput, ReadGoodsReceiptOutput } from './tasks/read-goods-receipt';
