import { createHash } from 'node:crypto';
import type { PaymentRecord } from '../schema';
import { paymentRecordSchema } from '../schema';
import { invoiceKey as makeInvoiceKey } from '../ids';
import { InvoicePaymentConflictError, parseInvoiceData } from './errors';
import type { SqlRunner } from './sql-runner';

/** What the flow knows when it pays: the invoice's key, who, how much, to which account, when due. */
export type PaymentInput = Omit<PaymentRecord, 'paymentId' | 'paidAt'>;

/**
 * Payments made for invoices: one per invoice key (`invoiceKey(supplierId, invoiceNumber)`).
 * The same invoice sent twice is never paid twice, and a retried activity gets the record it made.
 */
export interface InvoicePaymentStore {
  /**
   * Records the payment of an invoice, or returns the one already recorded for its key when the
   * amount, currency and account are the same. A different amount, currency or account for a paid
   * invoice throws {@link InvoicePaymentConflictError}.
   */
  recordPayment(input: PaymentInput): Promise<PaymentRecord>;
  findByInvoice(invoiceKey: string): Promise<PaymentRecord | undefined>;
  /** The payments of a purchase order's invoices, oldest first (at most {@link MAX_PAYMENTS_PER_ORDER}). */
  forOrder(poNumber: string): Promise<PaymentRecord[]>;
}

/** Most payments `forOrder` returns: an order is billed in a few invoices, never in thousands. */
export const MAX_PAYMENTS_PER_ORDER = 500;

/** The payment id of an invoice key: derived, so every retry and every racing worker names the same payment. */
export function paymentIdOf(invoiceKey: string): string {
  return `PAY-${createHash('sha256').update(invoiceKey).digest('hex').slice(0, 20).toUpperCase()}`;
}

const paymentInputSchema = paymentRecordSchema.omit({ paymentId: true, paidAt: true });

export function createInvoicePaymentStore(sql: SqlRunner, now: () => Date): InvoicePaymentStore {
  const find = async (key: string) => {
    const [row] = await sql.rows<{ content: string }>('SELECT content FROM invoice_payments WHERE invoice_key = $1', [key]);
    return row ? (JSON.parse(row.content) as PaymentRecord) : undefined;
  };
  return {
    async recordPayment(input) {
      const parsed = parseInvoiceData('recordInvoicePayment', paymentInputSchema, input);
      // The key is normalised here too, so a caller's spelling of the same invoice cannot pay it again.
      const [supplier, number] = splitKey(parsed.invoiceKey);
      const key = makeInvoiceKey(supplier, number);
      const record: PaymentRecord = {
        paymentId: paymentIdOf(key),
        invoiceKey: key,
        supplierId: parsed.supplierId.trim().toLowerCase(),
        amount: Math.round(parsed.amount * 100) / 100,
        currency: parsed.currency,
        iban: parsed.iban,
        paidAt: now().toISOString(),
        dueDate: parsed.dueDate,
        ...(parsed.poNumber ? { poNumber: parsed.poNumber.toUpperCase() } : {}),
        ...(parsed.billed ? { billed: parsed.billed } : {}),
      };
      const inserted = await sql.rows<{ content: string }>(
        `INSERT INTO invoice_payments (invoice_key, payment_id, supplier_id, po_number, content, paid_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING content`,
        [record.invoiceKey, record.paymentId, record.supplierId, record.poNumber ?? null, JSON.stringify(record), record.paidAt],
      );
      // No target: the payment id is unique too, and racing inserts of one key collide on either index.
      if (inserted.length > 0) return record;
      const existing = await find(key);
      if (!existing) throw new Error(`invoice_payments: ${key} neither inserted nor found`);
      const same = existing.amount === record.amount && existing.currency === record.currency && existing.iban === record.iban;
      if (!same) throw new InvoicePaymentConflictError(key, existing.paymentId);
      return existing;
    },
    async findByInvoice(key) {
      const [supplier, number] = splitKey(key);
      return find(makeInvoiceKey(supplier, number));
    },
    async forOrder(poNumber) {
      const rows = await sql.rows<{ content: string }>(
        `SELECT content FROM invoice_payments WHERE po_number = $1 ORDER BY paid_at, invoice_key LIMIT ${MAX_PAYMENTS_PER_ORDER}`,
        [poNumber.trim().toUpperCase()],
      );
      return rows.map((row) => JSON.parse(row.content) as PaymentRecord);
    },
  };
}

/** `supplier:number` into its parts (the supplier id may not contain `:`; the number may). */
function splitKey(key: string): [string, string] {
  const at = key.indexOf(':');
  if (at <= 0) throw new TypeError(`invoice key must be "<supplier id>:<invoice number>", got ${JSON.stringify(key.slice(0, 80))}`);
  return [key.slice(0, at), key.slice(at + 1)];
}
