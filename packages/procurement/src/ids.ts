// No helper for RFQ ids here: an RFQ's id routes the supplier's replies into its child workflow,
// so it must not be computable from the thread and the supplier. The workflows derive it with the
// thread's secret key (`ThreadBook.outboundMessageId('rfq:<supplier>')` in the workflows package).

/**
 * Purchase order numbers are `PO-<year>-<sequence>`: the UTC year of creation and a sequence that
 * starts at 1 each year, has no gaps and is zero-padded to six digits (wider past 999999),
 * e.g. `PO-2026-000123`.
 */
export const PURCHASE_ORDER_NUMBER_PATTERN = /^PO-(\d{4})-(\d{6,})$/;

/**
 * Formats a purchase order number; see {@link PURCHASE_ORDER_NUMBER_PATTERN}.
 * @example formatPurchaseOrderNumber(2026, 123) // 'PO-2026-000123'
 */
export function formatPurchaseOrderNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`invalid year: ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`invalid sequence: ${sequence}`);
  return `PO-${year}-${String(sequence).padStart(6, '0')}`;
}

/** The year and sequence of a purchase order number, or `undefined` if it is not one. */
export function parsePurchaseOrderNumber(number: string): { year: number; sequence: number } | undefined {
  const match = PURCHASE_ORDER_NUMBER_PATTERN.exec(number);
  if (!match) return undefined;
  const sequence = Number(match[2]);
  return sequence >= 1 ? { year: Number(match[1]), sequence } : undefined;
}
