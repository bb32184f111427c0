import type { GoodsReceipt } from '../schema';
import { goodsReceiptSchema } from '../schema';
import { GoodsReceiptConflictError, parseInvoiceData } from './errors';
import type { SqlRunner } from './sql-runner';

/** Most receipts `forOrder` returns (the oldest first): a flood cannot make one match unbounded. */
export const MAX_RECEIPTS_PER_ORDER = 500;

/** What `record` did. */
export interface RecordedGoodsReceipt {
  receipt: GoodsReceipt;
  /** False when the same receipt was already recorded (a replayed or forwarded message, a retried activity). */
  created: boolean;
  /** The message the receipt was first recorded from. */
  sourceMessageId: string;
}

/** The warehouse's goods receipts, kept so invoices can be matched against what arrived. */
export interface GoodsReceiptStore {
  /**
   * Records a receipt once per `receiptId`: the same receipt again adds no row; different content
   * under a recorded id throws {@link GoodsReceiptConflictError}; invalid data throws `InvalidInvoiceDataError`.
   */
  record(receipt: GoodsReceipt, sourceMessageId: string): Promise<RecordedGoodsReceipt>;
  /** The receipts of one purchase order, oldest first (at most {@link MAX_RECEIPTS_PER_ORDER}). */
  forOrder(poNumber: string): Promise<GoodsReceipt[]>;
}

interface ReceiptRow {
  content: string;
  source_message_id: string;
}

/** The receipt in canonical form: trimmed by the schema, PO number upper case, keys in schema order. */
function canonical(input: GoodsReceipt): GoodsReceipt {
  const receipt = parseInvoiceData('recordGoodsReceipt', goodsReceiptSchema, input);
  return { ...receipt, poNumber: receipt.poNumber.toUpperCase(), receivedAt: new Date(receipt.receivedAt).toISOString() };
}

export function createGoodsReceiptStore(sql: SqlRunner, now: () => Date): GoodsReceiptStore {
  return {
    async record(input, sourceMessageId) {
      const receipt = canonical(input);
      const source = sourceMessageId?.trim();
      if (!source || source.length > 998) throw new TypeError('recordGoodsReceipt: sourceMessageId must be a Message-ID');
      const content = JSON.stringify(receipt);
      const inserted = await sql.rows<ReceiptRow>(
        `INSERT INTO goods_receipts (receipt_id, po_number, content, source_message_id, received_at, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (receipt_id) DO NOTHING RETURNING content, source_message_id`,
        [receipt.receiptId, receipt.poNumber, content, source, receipt.receivedAt, now().toISOString()],
      );
      if (inserted.length > 0) return { receipt, created: true, sourceMessageId: source };
      const [existing] = await sql.rows<ReceiptRow>('SELECT content, source_message_id FROM goods_receipts WHERE receipt_id = $1', [receipt.receiptId]);
      if (!existing || existing.content !== content) throw new GoodsReceiptConflictError(receipt.receiptId, existing?.source_message_id ?? '(unknown)');
      return { receipt, created: false, sourceMessageId: existing.source_message_id };
    },
    async forOrder(poNumber) {
      const rows = await sql.rows<ReceiptRow>(
        `SELECT content, source_message_id FROM goods_receipts WHERE po_number = $1 ORDER BY received_at, receipt_id LIMIT ${MAX_RECEIPTS_PER_ORDER}`,
        [poNumber.trim().toUpperCase()],
      );
      return rows.map((row) => JSON.parse(row.content) as GoodsReceipt);
    },
  };
}
