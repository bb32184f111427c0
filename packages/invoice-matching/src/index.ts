/**
 * Supplier invoice matching for Agent Orchestrator: the pure, deterministic part, safe to import
 * from Temporal workflow code (zod only: no Node built-ins, no I/O, no clock). The stores, the
 * agent tasks that read invoices and receipts, PDF reading and the activities live in
 * `@org/orchestrator-invoice-matching/node`.
 *
 * @example
 * import { compareBankDetails, matchInvoice, matchQuestionText } from '@org/orchestrator-invoice-matching';
 *
 * const match = matchInvoice(invoice, order, receipts, { percent: 2, absolute: 5 }, { senderAddress });
 * if (match.outcome === 'mismatch') sendToBuyer(matchQuestionText(invoice, match));
 * const bank = compareBankDetails(knownBankDetails, invoice.bankDetails); // 'unchanged' | 'first-seen' | 'changed' | 'missing'
 *
 * @module
 */
export {
  BANK_CHECK_STATUSES,
  DISCREPANCY_KINDS,
  INVOICE_INTENTS,
  INVOICE_STEPS,
  MATCH_OUTCOMES,
  MAX_DISCREPANCIES,
  MAX_DOCUMENT_LINES,
  bankDetailsSchema,
  currencyCodeSchema,
  discrepancySchema,
  goodsReceiptSchema,
  invoiceFlowStateSchema,
  invoiceLineSchema,
  invoiceMatchSchema,
  invoicePolicySchema,
  invoiceSchema,
  paymentRecordSchema,
} from './schema';
export type {
  BankCheckStatus,
  BankDetails,
  Discrepancy,
  DiscrepancyKind,
  GoodsReceipt,
  Invoice,
  InvoiceFlowState,
  InvoiceIntent,
  InvoiceLine,
  InvoiceMatch,
  InvoicePolicy,
  InvoiceStep,
  MatchOutcome,
  PaymentRecord,
} from './schema';
export { matchCleared, matchInvoice, normaliseItem, withinTolerance } from './three-way-match';
export type { MatchContext, MatchTolerance, MatchableOrder } from './three-way-match';
export { compareBankDetails, isValidIban, maskIban } from './bank-details';
export { invoiceKey } from './ids';
export {
  bankDetailsNoticeText,
  discrepancyLine,
  disputeText,
  duplicateText,
  matchQuestionText,
  money,
  receiptAcknowledgementText,
  remittanceAdviceText,
} from './texts';
export type { InvoiceText } from './texts';
export { invoiceFlow } from './flow/invoice-flow';
export type { InvoiceThreadState } from './flow/invoice-flow';
