import type { ReceivedQuote, RequestedItem } from '@org/orchestrator-contracts';

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

/** Fields of a purchase request the extraction reports as missing. */
export type PurchaseRequestField = 'items' | 'quantity' | 'budget' | 'currency' | 'neededBy' | 'deliveryLocation' | 'requester';

/** One thing to buy; `quantity` is null when the email gave none (the contracts' type: the thread state shows it). */
export type PurchaseRequestItem = RequestedItem;

/**
 * A purchase request as extracted from the requester's email (the `extract_purchase_request`
 * agent's output has this shape, so it can be passed as is).
 */
export interface PurchaseRequest {
  items: PurchaseRequestItem[];
  budget: number | null;
  /** ISO 4217 code. */
  currency: string | null;
  /** ISO date `YYYY-MM-DD`. */
  neededBy: string | null;
  deliveryLocation: string | null;
  requester: string | null;
  missing: PurchaseRequestField[];
}

/** One quoted line as read by the `read_quote` agent. */
export type QuoteLine = ReceivedQuote['lines'][number];

/**
 * A supplier's answer to a request for quotation: the `read_quote` agent's output plus who sent it
 * (the contracts' type: the thread state shows it).
 */
export type QuoteSummary = ReceivedQuote;

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
