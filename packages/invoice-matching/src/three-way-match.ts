import type { Discrepancy, GoodsReceipt, Invoice, InvoiceMatch, InvoicePolicy } from './schema';
import { MAX_DISCREPANCIES } from './invoice-schemas';

/**
 * The part of procurement's `PurchaseOrder` the match needs (a `PurchaseOrder` can be passed as is).
 */
export interface MatchableOrder {
  number: string;
  supplier: { id: string; name?: string; email?: string };
  lines: readonly { item: string; quantity: number; unitPrice: number }[];
  total: number;
  currency: string;
}

/**
 * How far an invoiced amount may differ from the expected one and still be approved automatically:
 * at most `percent` % of the expected amount AND at most `absolute` (in the invoice currency),
 * e.g. `{ percent: 2, absolute: 5 }`.
 */
export type MatchTolerance = InvoicePolicy['tolerance'];

/** Whether the invoice may be paid without the buyer: it matched, or differs only within the tolerance. */
export function matchCleared(match: Pick<InvoiceMatch, 'outcome'>): boolean {
  return match.outcome === 'matched' || match.outcome === 'within-tolerance';
}

/** What else the match may check. */
export interface MatchContext {
  /** The invoice email's sender: must be the order's supplier (`supplier.email`), or the invoice may be forged. */
  senderAddress?: string;
  /**
   * What earlier invoices of the same order already billed (their payments' `billed`): ordered and
   * received quantities are reduced by it, so the same goods cannot be billed twice under two invoice numbers.
   */
  alreadyBilled?: readonly { item: string; quantity: number }[];
}

/** An item name as lines are matched: case, accents' width forms, spacing and trailing punctuation ignored. */
export function normaliseItem(item: string): string {
  return item
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^[\s\-–*•.,;:]+|[\s\-–*•.,;:]+$/g, '');
}

const cents = (value: number) => Math.round((value + Number.EPSILON) * 100) / 100;
const shown = (value: number): number | string => (Number.isFinite(value) ? cents(value) : String(value));
const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const comparableName = (name: string) =>
  name
    .toLowerCase()
    .replace(/\b(gmbh|ag|ltd|limited|inc|llc|sa|sarl|bv|srl|co|kg|plc)\b\.?/g, '')
    .replace(/[^a-z0-9]+/g, '');

/** Whether `actual` is within the tolerance of `expected` (the stricter of percent and absolute). */
export function withinTolerance(expected: number, actual: number, tolerance: MatchTolerance): boolean {
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return false;
  const allowed = Math.min((Math.abs(expected) * Math.max(tolerance.percent, 0)) / 100, Math.max(tolerance.absolute, 0));
  return Math.abs(cents(actual) - cents(expected)) <= allowed + 0.005;
}

/** Discrepancies found, split by whether a tolerance may excuse them. */
class Findings {
  readonly hard: Discrepancy[] = [];
  readonly soft: Discrepancy[] = [];
  add(discrepancy: Discrepancy, excusable = false) {
    (excusable ? this.soft : this.hard).push(discrepancy);
  }
  /** Hard ones first: they decide the outcome and must survive the bound. */
  all(): Discrepancy[] {
    return [...this.hard, ...this.soft].slice(0, MAX_DISCREPANCIES);
  }
}

/**
 * Three-way match: the invoice against its purchase order (what was ordered, at what price) and its
 * goods receipts (what arrived). Pure and deterministic, safe in workflow code.
 *
 * - Lines match by {@link normaliseItem}; duplicate invoice lines are summed, so splitting a line
 *   cannot bill more than was ordered. An item not on the order is an `unknown-line`.
 * - The invoiced quantity of an item may exceed neither the ordered one nor the sum received over
 *   the order's receipts (receipts of other orders and repeated receipt ids are ignored), each less
 *   what earlier invoices of the order billed (`context.alreadyBilled`). A quantity that is not a
 *   positive number is a `quantity-ordered` discrepancy, never a credit.
 * - Unit prices (per line: quantity × price difference), line amounts, subtotal and total may differ
 *   within the tolerance (`within-tolerance`); beyond it they are a `mismatch`.
 * - Another currency, another supplier (the sender is not the order's supplier, or the invoice names
 *   a different one) is always a `mismatch`.
 * - `no-order`: no order, or one with another number. `no-receipt`: nothing received yet and
 *   nothing else wrong beyond tolerance (the flow waits for the warehouse).
 */
export function matchInvoice(
  invoice: Invoice,
  order: MatchableOrder | null | undefined,
  receipts: readonly GoodsReceipt[],
  tolerance: MatchTolerance,
  context: MatchContext = {},
): InvoiceMatch {
  const invoiceTotal = shownTotal(invoice.total);
  if (!order || order.number.trim().toUpperCase() !== invoice.poNumber.trim().toUpperCase()) {
    return { outcome: 'no-order', discrepancies: [], orderTotal: 0, invoiceTotal };
  }
  const findings = new Findings();

  if (invoice.currency.toUpperCase() !== order.currency.toUpperCase()) {
    findings.add({ kind: 'currency', expected: order.currency, actual: invoice.currency });
  }
  if (context.senderAddress !== undefined && (!order.supplier.email || !sameAddress(context.senderAddress, order.supplier.email))) {
    findings.add({ kind: 'supplier', expected: order.supplier.email ?? order.supplier.id, actual: context.senderAddress.slice(0, 500) });
  }
  if (invoice.supplierName && order.supplier.name) {
    const [named, onOrder] = [comparableName(invoice.supplierName), comparableName(order.supplier.name)];
    if (named && onOrder && !named.includes(onOrder) && !onOrder.includes(named)) {
      findings.add({ kind: 'supplier', expected: order.supplier.name, actual: invoice.supplierName.slice(0, 500) });
    }
  }

  const ordered = new Map<string, { item: string; quantity: number; unitPrice: number }>();
  for (const line of order.lines) {
    const key = normaliseItem(line.item);
    const seen = ordered.get(key);
    if (seen) seen.quantity += line.quantity;
    else ordered.set(key, { item: line.item, quantity: line.quantity, unitPrice: line.unitPrice });
  }

  const received = new Map<string, number>();
  const countedReceipts = new Set<string>();
  for (const receipt of receipts) {
    if (receipt.poNumber.trim().toUpperCase() !== order.number.trim().toUpperCase() || countedReceipts.has(receipt.receiptId)) continue;
    countedReceipts.add(receipt.receiptId);
    for (const line of receipt.lines) {
      const quantity = Number.isFinite(line.quantityReceived) && line.quantityReceived > 0 ? line.quantityReceived : 0;
      const key = normaliseItem(line.item);
      received.set(key, (received.get(key) ?? 0) + quantity);
    }
  }
  const anythingReceived = countedReceipts.size > 0;

  // Earlier invoices of this order used up part of what was ordered and received.
  for (const billed of context.alreadyBilled ?? []) {
    if (!(Number.isFinite(billed.quantity) && billed.quantity > 0)) continue;
    const key = normaliseItem(billed.item);
    const orderLine = ordered.get(key);
    if (orderLine) orderLine.quantity = Math.max(0, orderLine.quantity - billed.quantity);
    if (received.has(key)) received.set(key, Math.max(0, (received.get(key) ?? 0) - billed.quantity));
  }

  const invoiced = new Map<string, { item: string; quantity: number }>();
  let linesSum = 0;
  for (const line of invoice.lines) {
    const key = normaliseItem(line.item);
    const orderLine = ordered.get(key);
    linesSum += Number.isFinite(line.amount) ? line.amount : 0;
    if (!(Number.isFinite(line.quantity) && line.quantity > 0)) {
      findings.add({ kind: 'quantity-ordered', item: line.item, expected: orderLine?.quantity ?? 0, actual: shown(line.quantity) });
      continue;
    }
    const total = invoiced.get(key);
    if (total) total.quantity += line.quantity;
    else invoiced.set(key, { item: line.item, quantity: line.quantity });
    if (!orderLine) continue;
    // The price difference weighs by the quantity billed at it: the money at stake on this line.
    const expectedAmount = line.quantity * orderLine.unitPrice;
    if (!Number.isFinite(line.unitPrice) || line.unitPrice < 0 || cents(line.unitPrice) !== cents(orderLine.unitPrice)) {
      const excusable = Number.isFinite(line.unitPrice) && line.unitPrice >= 0 && withinTolerance(expectedAmount, line.quantity * line.unitPrice, tolerance);
      findings.add({ kind: 'price', item: line.item, expected: cents(orderLine.unitPrice), actual: shown(line.unitPrice) }, excusable);
    }
    if (!Number.isFinite(line.amount) || cents(line.amount) !== cents(line.quantity * line.unitPrice)) {
      const computed = line.quantity * line.unitPrice;
      findings.add(
        { kind: 'total', item: line.item, expected: shown(computed), actual: shown(line.amount) },
        withinTolerance(computed, line.amount, tolerance),
      );
    }
  }

  for (const [key, { item, quantity }] of invoiced) {
    const orderLine = ordered.get(key);
    if (!orderLine) {
      findings.add({ kind: 'unknown-line', item, expected: 0, actual: shown(quantity) });
      continue;
    }
    if (quantity > orderLine.quantity) findings.add({ kind: 'quantity-ordered', item, expected: orderLine.quantity, actual: shown(quantity) });
    const got = received.get(key) ?? 0;
    if (anythingReceived && quantity > got) findings.add({ kind: 'quantity-received', item, expected: got, actual: shown(quantity) });
  }

  // The invoice's own arithmetic, then its net amount against the order's total.
  if (cents(linesSum) !== cents(invoice.subtotal)) {
    findings.add({ kind: 'total', expected: shown(linesSum), actual: shown(invoice.subtotal) }, withinTolerance(linesSum, invoice.subtotal, tolerance));
  }
  const grossExpected = invoice.subtotal + invoice.tax;
  if (!Number.isFinite(invoice.tax) || invoice.tax < 0 || cents(grossExpected) !== cents(invoice.total)) {
    const excusable = Number.isFinite(invoice.tax) && invoice.tax >= 0 && withinTolerance(grossExpected, invoice.total, tolerance);
    findings.add({ kind: 'total', expected: shown(grossExpected), actual: shown(invoice.total) }, excusable);
  }
  if (!Number.isFinite(invoice.subtotal) || invoice.subtotal > order.total) {
    findings.add({ kind: 'total', expected: cents(order.total), actual: shown(invoice.subtotal) }, withinTolerance(order.total, invoice.subtotal, tolerance));
  }

  let outcome: InvoiceMatch['outcome'];
  if (findings.hard.length > 0) outcome = 'mismatch';
  else if (!anythingReceived) outcome = 'no-receipt';
  else outcome = findings.soft.length > 0 ? 'within-tolerance' : 'matched';
  return { outcome, discrepancies: findings.all(), orderTotal: cents(order.total), invoiceTotal };
}

/** The invoice total as carried in the result: a number, 0 when the supplier wrote none that is finite. */
function shownTotal(total: number): number {
  return Number.isFinite(total) ? cents(total) : 0;
}
