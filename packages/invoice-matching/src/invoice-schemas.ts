import { z } from 'zod';
import { approvalDecisionSchema, approvalStateSchema, awaitingSchema, routingSchema } from '@org/orchestrator-contracts';

/**
 * The supplier invoice flow's schemas, built on first use ({@link invoiceSchemas}) rather than when the
 * module loads: the workflow bundle loads this flow in every thread (support and procurement threads
 * too), and each cached thread evaluates its own copy of the modules it loads, so schemas built at
 * module level cost every open thread about 0.27 MB of heap. `schema.ts` exports them built, for the
 * stores, the activities and the tests; the workflow side calls {@link invoiceSchemas} where it parses.
 * Workflow-safe (zod only). Bounds keep one invoice well under Temporal's payload limits.
 */

/** Most lines one invoice or goods receipt may carry. */
export const MAX_DOCUMENT_LINES = 200;
/** How an invoice compares with its purchase order and goods receipts (see `matchInvoice`). */
export const MATCH_OUTCOMES = ['matched', 'within-tolerance', 'mismatch', 'no-order', 'no-receipt'] as const;
/** What a discrepancy is about. */
export const DISCREPANCY_KINDS = ['price', 'quantity-ordered', 'quantity-received', 'unknown-line', 'total', 'currency', 'supplier'] as const;
/** Most discrepancies a match reports (the first ones found): enough to explain, bounded for the state. */
export const MAX_DISCREPANCIES = 50;
/** How the invoiced bank details compare with the confirmed ones (see `compareBankDetails`). */
export const BANK_CHECK_STATUSES = ['unchanged', 'first-seen', 'changed', 'missing'] as const;
/** Where an invoice thread is, shown by the state query. */
export const INVOICE_STEPS = [
  'receipt-recorded',
  'matching',
  'awaiting-approval',
  'awaiting-bank-check',
  'scheduled',
  'paid',
  'rejected',
  'unreadable',
  'needs-human',
  'withdrawn',
] as const;

function buildInvoiceSchemas() {
  const text = (max: number) => z.string().trim().min(1).max(max);
  const money = z.number().finite();
  /** An ISO 4217 code such as `EUR` (upper case). */
  const currencyCodeSchema = z
    .string()
    .trim()
    .transform((c) => c.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "EUR"'));

  /** Bank details as an invoice gives them; the IBAN without spaces, upper case. */
  const bankDetailsSchema = z.object({
    iban: z
      .string()
      .transform((iban) => iban.replace(/[\s\u00a0-]+/g, '').toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$/, 'must be an IBAN: country code, check digits, 10 to 30 letters or digits')),
    bic: z
      .string()
      .transform((bic) => bic.replace(/\s+/g, '').toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, 'must be a BIC of 8 or 11 characters'))
      .optional(),
    accountName: text(140).optional(),
  });

  /** One invoiced line: `amount` as the supplier wrote it (checked against quantity × unitPrice by the match). */
  const invoiceLineSchema = z.object({
    item: text(500),
    quantity: z.number().finite(),
    unitPrice: money,
    amount: money,
  });

  /** A supplier invoice as read from its email or PDF. */
  const invoiceSchema = z.object({
    invoiceNumber: text(64),
    /** The purchase order it bills, e.g. `PO-2026-000123`. */
    poNumber: text(64),
    supplierName: text(200).optional(),
    lines: z.array(invoiceLineSchema).min(1, 'needs at least one line').max(MAX_DOCUMENT_LINES),
    subtotal: money,
    tax: money,
    total: money,
    currency: currencyCodeSchema,
    issueDate: z.iso.date().optional(),
    dueDate: z.iso.date({ error: 'must be an ISO date YYYY-MM-DD' }),
    bankDetails: bankDetailsSchema.optional(),
  });

  /** Goods the warehouse received against a purchase order. */
  const goodsReceiptSchema = z.object({
    receiptId: text(64),
    poNumber: text(64),
    lines: z
      .array(z.object({ item: text(500), quantityReceived: z.number().finite().nonnegative() }))
      .min(1, 'needs at least one line')
      .max(MAX_DOCUMENT_LINES),
    receivedAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
  });

  /** One difference between the invoice and what was ordered or received. */
  const discrepancySchema = z.object({
    kind: z.enum(DISCREPANCY_KINDS),
    item: z.string().max(500).optional(),
    expected: z.union([z.number(), z.string().max(500)]),
    actual: z.union([z.number(), z.string().max(500)]),
  });

  /** The result of the three-way match. */
  const invoiceMatchSchema = z.object({
    outcome: z.enum(MATCH_OUTCOMES),
    discrepancies: z.array(discrepancySchema).max(MAX_DISCREPANCIES),
    /** The purchase order's total (0 without an order). */
    orderTotal: z.number(),
    invoiceTotal: z.number(),
  });

  /** One payment made for one invoice. `iban` is the full account paid; texts show it masked. */
  const paymentRecordSchema = z.object({
    paymentId: text(80),
    /** Normalised supplier id + invoice number: one invoice, one payment (see `invoiceKey`). */
    invoiceKey: text(200),
    supplierId: text(100),
    amount: money.nonnegative(),
    currency: currencyCodeSchema,
    iban: bankDetailsSchema.shape.iban,
    paidAt: z.iso.datetime({ offset: true }),
    dueDate: z.iso.date(),
    /** The purchase order the invoice billed, and what it billed: later invoices of the order cannot bill it again. */
    poNumber: text(64).optional(),
    billed: z
      .array(z.object({ item: text(500), quantity: z.number().finite().positive() }))
      .max(MAX_DOCUMENT_LINES)
      .optional(),
  });

  /**
   * What the flow decides by, fixed at worker start (`INVOICE_*` settings): how far an invoice may
   * differ from its order and still be paid without the buyer (at most `percent` % AND at most
   * `absolute`), and who may report goods receipts (the warehouse's authenticated addresses or domains).
   */
  const invoicePolicySchema = z.object({
    tolerance: z.object({ percent: z.number().min(0).max(100), absolute: z.number().min(0) }),
    warehouseSenders: z.object({ addresses: z.array(z.string().max(320)).max(100), domains: z.array(z.string().max(253)).max(100) }),
  });

  /** The invoice flow's JSON state: small and bounded (the invoice itself is bounded above). */
  const invoiceFlowStateSchema = z.object({
    routing: routingSchema.optional(),
    step: z.enum(INVOICE_STEPS),
    /** Why the thread waits for a person (an unauthenticated sender, an unreadable invoice, …). */
    heldFor: z.string().max(200).optional(),
    /** The order's supplier, once the invoice was matched to its order. */
    supplierId: z.string().max(100).optional(),
    /** Whom the flow waits for, shown by the state query and the inbox. */
    awaiting: awaitingSchema.optional(),
    /** The policy the handling started with: a handling resumed in a later run keeps deciding by it. */
    policy: invoicePolicySchema.optional(),
    invoice: invoiceSchema.optional(),
    match: invoiceMatchSchema.optional(),
    bankCheck: z.object({ status: z.enum(BANK_CHECK_STATUSES), knownIbanMasked: z.string().max(40).optional() }).optional(),
    /** The approval waited for now: the buyer's, of a payment the match did not clear, or of new bank details. */
    approval: approvalStateSchema.optional(),
    /** The decisions of the approvals before the current one (the match's, when the bank details needed one too). */
    decisions: z.array(approvalDecisionSchema).max(4).optional(),
    /** When the payment is due: the durable timer's end (ISO date-time). */
    paymentDueAt: z.iso.datetime({ offset: true }).optional(),
    payment: paymentRecordSchema.optional(),
    /** The Message-ID of the remittance advice sent. */
    remittanceMessageId: z.string().max(998).optional(),
    /** A warehouse thread: the receipt it recorded. */
    receipt: goodsReceiptSchema.optional(),
  });

  /**
   * What the invoice flow reads of procurement's part of the flow configuration: the buyer's approvers
   * (procurement's `approval`: they ordered it) and their reminder and escalation delays.
   */
  const buyerApprovalSchema = z.object({
    approval: z.object({
      approvers: z.object({ primary: z.string(), secondary: z.string() }),
      remindAfterHours: z.number().optional(),
      escalateAfterHours: z.number().optional(),
    }),
  });
  return {
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
  };
}

/** The flow's schemas, as `schema.ts` exports them. */
export type InvoiceSchemas = ReturnType<typeof buildInvoiceSchemas>;

let built: InvoiceSchemas | undefined;

/** The invoice flow's schemas, built once per module instance on the first call. */
export function invoiceSchemas(): InvoiceSchemas {
  built ??= buildInvoiceSchemas();
  return built;
}
