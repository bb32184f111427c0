import type { z } from 'zod';

/**
 * The supplier invoice flow's vocabulary, declared once (in `invoice-schemas.ts`, built on first use):
 * what the agents read, what the stores keep, what the workflow carries in its state. Importing this
 * module builds every schema; workflow code calls `invoiceSchemas()` where it parses instead.
 */

import type { BANK_CHECK_STATUSES, DISCREPANCY_KINDS, INVOICE_STEPS, MATCH_OUTCOMES } from './invoice-schemas';
import { invoiceSchemas } from './invoice-schemas';

export { BANK_CHECK_STATUSES, DISCREPANCY_KINDS, INVOICE_STEPS, MATCH_OUTCOMES, MAX_DISCREPANCIES, MAX_DOCUMENT_LINES } from './invoice-schemas';

// What an email of this flow is (a supplier's invoice, the warehouse's goods receipt) is part of the
// thread protocol: the contracts' `INVOICE_INTENTS`, recorded in a thread's routing.
export { INVOICE_INTENTS } from '@org/orchestrator-contracts';
export type { InvoiceIntent } from '@org/orchestrator-contracts';

export const {
  currencyCodeSchema,
  bankDetailsSchema,
  invoiceLineSchema,
  invoiceSchema,
  goodsReceiptSchema,
  discrepancySchema,
  invoiceMatchSchema,
  paymentRecordSchema,
  invoicePolicySchema,
  invoiceFlowStateSchema,
  buyerApprovalSchema,
} = invoiceSchemas();

export type BankDetails = z.infer<typeof bankDetailsSchema>;
export type InvoiceLine = z.infer<typeof invoiceLineSchema>;
export type Invoice = z.infer<typeof invoiceSchema>;
export type GoodsReceipt = z.infer<typeof goodsReceiptSchema>;
export type MatchOutcome = (typeof MATCH_OUTCOMES)[number];
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];
export type Discrepancy = z.infer<typeof discrepancySchema>;
export type InvoiceMatch = z.infer<typeof invoiceMatchSchema>;
export type PaymentRecord = z.infer<typeof paymentRecordSchema>;
export type BankCheckStatus = (typeof BANK_CHECK_STATUSES)[number];
export type InvoicePolicy = z.infer<typeof invoicePolicySchema>;
export type InvoiceStep = (typeof INVOICE_STEPS)[number];
export type InvoiceFlowState = z.infer<typeof invoiceFlowStateSchema>;
export type BuyerApproval = z.infer<typeof buyerApprovalSchema>['approval'];
