import { z } from 'zod';

/**
 * The vocabulary of the procurement flow, declared once: the agents extract and read with it, the
 * procurement domain compares and orders with it, the flow keeps it in its state.
 */

/**
 * `purchase-request`: someone inside wants to buy something; `quote`: a supplier's reply to a
 * request for quotation (including a decline).
 */
export const PROCUREMENT_INTENTS = ['purchase-request', 'quote'] as const;
export const procurementIntentSchema = z.enum(PROCUREMENT_INTENTS);
export type ProcurementIntent = z.infer<typeof procurementIntentSchema>;

/** ISO 4217 code, e.g. `EUR`. */
const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "EUR"');

/** Fields a purchase request needs before procurement can ask suppliers (what an extraction reports as missing). */
export const PURCHASE_REQUEST_FIELDS = ['items', 'quantity', 'budget', 'currency', 'neededBy', 'deliveryLocation', 'requester'] as const;
export type PurchaseRequestField = (typeof PURCHASE_REQUEST_FIELDS)[number];

/** One thing to buy, as extracted from the request. */
export const requestedItemSchema = z.object({
  name: z.string().min(1),
  /** Null when the email gave none. */
  quantity: z.number().positive().nullable(),
  /** e.g. `pcs`, `box`, `kg`, `licence`; null when only a count was given. */
  unit: z.string().nullable(),
  specification: z.string().nullable(),
});
export type RequestedItem = z.infer<typeof requestedItemSchema>;

/** A purchase request as extracted from the requester's email (and completed by their answers). */
export const purchaseRequestSchema = z.object({
  items: z.array(requestedItemSchema),
  budget: z.number().nonnegative().nullable(),
  currency: currencyCode.nullable(),
  /** ISO date `YYYY-MM-DD`. */
  neededBy: z.iso.date().nullable(),
  deliveryLocation: z.string().nullable(),
  /** The person asking (name if known, else address). */
  requester: z.string().nullable(),
  /**
   * Which fields are absent, so the flow can ask for them. `quantity`: some item lacks one. A
   * delivery location is optional (the requester's site unless they say otherwise), so it is not
   * listed; the value stays in the enum for compatibility.
   */
  missing: z.array(z.enum(PURCHASE_REQUEST_FIELDS)),
});
export type PurchaseRequest = z.infer<typeof purchaseRequestSchema>;

/** One quoted line. */
export const quoteLineSchema = z.object({
  item: z.string().min(1),
  quantity: z.number().positive().nullable(),
  unit: z.string().nullable(),
  unitPrice: z.number().nonnegative().nullable(),
});
export type QuoteLine = z.infer<typeof quoteLineSchema>;

/** A supplier's reply to a request for quotation, as read (a quote, or a decline). */
export const quoteSchema = z.object({
  /** `declined`: the supplier will not quote (then prices are null and `lines` may be empty). */
  status: z.enum(['quoted', 'declined']),
  lines: z.array(quoteLineSchema),
  total: z.number().nonnegative().nullable(),
  currency: currencyCode.nullable(),
  /** Lead time in calendar days ("3 weeks" = 21). */
  leadTimeDays: z.number().int().nonnegative().nullable(),
  /** Last day the offer is valid, ISO date `YYYY-MM-DD`. */
  validUntil: z.iso.date().nullable(),
  /** Payment, delivery and other terms, verbatim-ish, e.g. `Payment: 30 days net`. */
  conditions: z.array(z.string()),
  declineReason: z.string().nullable(),
});
export type Quote = z.infer<typeof quoteSchema>;

/** A {@link Quote} and who sent it: what the RFQ keeps and the comparison ranks. */
export const receivedQuoteSchema = quoteSchema.extend({
  supplierId: z.string(),
  declineReason: z.string().nullable().optional(),
});
export type ReceivedQuote = z.infer<typeof receivedQuoteSchema>;

/**
 * Who must approve a purchase (the procurement flow's configuration, plain JSON recorded in every
 * thread's history by `loadFlowConfig`: its shape never changes). Orders below `autoApproveBelow`
 * (in `currency`) are approved automatically; the rest go to `approvers.primary`, escalating to
 * `approvers.secondary` when the primary does not answer.
 */
export interface ApprovalPolicy {
  /** Orders strictly below this amount are approved automatically. */
  autoApproveBelow: number;
  /** ISO 4217 code of `autoApproveBelow`; orders in other currencies always need an approver. */
  currency: string;
  approvers: { primary: string; secondary: string };
  /** Remind the primary approver after this many hours (default: the procurement package's `DEFAULT_APPROVAL_TIMING`). */
  remindAfterHours?: number;
  /** Escalate to the secondary approver after this many hours (default: the procurement package's `DEFAULT_APPROVAL_TIMING`). */
  escalateAfterHours?: number;
}

/** What another flow reads of a stored purchase order (procurement's `PurchaseOrder` is one). */
export interface PurchaseOrderRecord {
  /** e.g. `PO-2026-000123`. */
  number: string;
  supplier: { id: string; name: string; email: string };
  lines: readonly { item: string; quantity: number; unitPrice: number }[];
  total: number;
  /** ISO 4217 code. */
  currency: string;
}

/**
 * Procurement's purchase orders as another flow reads them (the invoice flow matches invoices
 * against them): the procurement flow module lends its store to the flows installed after it.
 */
export interface PurchaseOrderReader {
  /** The purchase order numbered `number`, or `undefined`. */
  get(number: string): Promise<PurchaseOrderRecord | undefined>;
}
