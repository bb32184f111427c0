/**
 * A supplier the procurement flow can ask for quotes. `categories` are lowercase keywords
 * (e.g. `laptops`, `monitors`) matched against requested items.
 */
export interface Supplier {
  /** Stable slug, e.g. `northwind-it`; part of the RFQ child workflow id. */
  id: string;
  name: string;
  /** Where requests for quotation go. */
  email: string;
  categories: string[];
  /** ISO 4217 code the supplier quotes in, e.g. `EUR`. */
  currency: string;
  /** Typical delivery lead time in calendar days. */
  leadTimeDays?: number;
  /** 1 (poor) to 5 (excellent); used to order equally good matches. */
  rating?: number;
}

// The purchase request and the quote are the procurement flow's vocabulary, declared once in the
// contracts (the thread state shows them, the agents produce them): used from there, not mirrored.
export type { PurchaseRequest, PurchaseRequestField, QuoteLine, ReceivedQuote } from '@org/orchestrator-contracts';

/** One line of a purchase order as given to the store. */
export interface PurchaseOrderLineInput {
  item: string;
  quantity: number;
  unit?: string | null;
  unitPrice: number;
}

/** One stored purchase order line; `amount` is `quantity × unitPrice` rounded to cents. */
export interface PurchaseOrderLine extends PurchaseOrderLineInput {
  unit: string | null;
  amount: number;
}

/** What the flow knows when it orders: the chosen supplier, the quoted lines and the approval. */
export interface PurchaseOrderInput {
  /** One purchase order per thread: the idempotency key. */
  threadId: string;
  supplier: Pick<Supplier, 'id' | 'name' | 'email'>;
  lines: PurchaseOrderLineInput[];
  /** The quoted total (may include shipping or discounts beyond the lines). */
  total: number;
  /** ISO 4217 code. */
  currency: string;
  requester: string;
  /** The approver's address, or {@link AUTOMATIC_APPROVAL} when the policy approved it. */
  approvedBy: string;
  deliveryLocation: string;
  /** ISO date `YYYY-MM-DD`. */
  neededBy?: string | null;
}

/** A stored purchase order. */
export interface PurchaseOrder extends Omit<PurchaseOrderInput, 'lines' | 'neededBy'> {
  /** e.g. `PO-2026-000123`; see {@link formatPurchaseOrderNumber}. */
  number: string;
  year: number;
  sequence: number;
  lines: PurchaseOrderLine[];
  neededBy: string | null;
  /** ISO date-time of creation (UTC); also the document date. */
  createdAt: string;
}
