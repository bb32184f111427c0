import { findDates } from '@org/orchestrator-agents';
import { MAX_DOCUMENT_LINES } from '../../schema';
import type { ReadGoodsReceiptInput, ReadGoodsReceiptOutput } from '../tasks/read-goods-receipt';
import { MAX_PROBLEMS } from '../tasks/read-invoice';
import { documentLines, findPoNumber } from './document-text';

const RECEIPT_ID = [
  /\b(?:goods receipt|receipt|delivery note|GRN|wareneingang|lieferschein)\s*(?:number|no\.?|nr\.?|#|id)?\s*[:#]?\s*([A-Za-z]{1,6}[-/]?\d[A-Za-z0-9\-/]{0,40})/i,
  /\b(GR-\d[A-Za-z0-9-]{0,40})\b/i,
];
/** `10 x Laptop`, `- 10 pcs Monitor 27"`, `Received: 4 x Dock`. */
const QUANTITY_FIRST = /^\s*(?:[*•-]\s*)?(?:received\s*:?\s*)?(\d+(?:[.,]\d+)?)\s*(?:x|×|pcs?\.?|units?)\s+([^@=]{1,300})$/i;
/** `Laptop: 10`, `Monitor 27": 10 pcs`. */
const ITEM_FIRST = /^\s*(?:[*•-]\s*)?([^:]{1,300}?)\s*:\s*(\d+(?:[.,]\d+)?)\s*(?:x|pcs?\.?|units?|received)?\s*$/i;
const NOT_AN_ITEM = /\b(po|purchase order|receipt|delivery note|date|received on|order|ref|reference|invoice)\b/i;
const RECEIVED_ON = /\b(?:received on|received at|date received|delivery date|delivered on|arrived on|arrival|eingang am|date)\b/i;

/**
 * The rules for `read_goods_receipt`: the receipt id, the purchase order, item lines and the
 * arrival date (the email's receipt time when the text gives none). Lists what it could not find.
 */
export function readGoodsReceiptByRules(input: ReadGoodsReceiptInput): ReadGoodsReceiptOutput {
  // The subject too: a warehouse often writes the receipt's and the order's numbers only there.
  const lines = [input.subject.slice(0, 1_000), ...documentLines(input)];
  const problems: string[] = [];

  let receiptId: string | null = null;
  for (const pattern of RECEIPT_ID) {
    receiptId = lines.map((l) => pattern.exec(l)?.[1] ?? null).find((id) => id && !/^PO[-\s]?\d{4}/i.test(id)) ?? null;
    if (receiptId) break;
  }

  const received: { item: string; quantityReceived: number }[] = [];
  for (const line of lines) {
    if (received.length >= MAX_DOCUMENT_LINES) break;
    const first = QUANTITY_FIRST.exec(line);
    const second = first ? null : ITEM_FIRST.exec(line);
    const [quantity, item] = first ? [first[1], first[2]] : second && !NOT_AN_ITEM.test(second[1]) ? [second[2], second[1]] : [null, null];
    if (quantity === null || !item?.trim()) continue;
    received.push({ item: item.trim().slice(0, 500), quantityReceived: Number(quantity.replace(',', '.')) });
  }

  let receivedAt: string | null = input.receivedAt ?? null;
  for (const line of lines) {
    const m = RECEIVED_ON.exec(line);
    if (!m) continue;
    const [date] = findDates(line.slice(m.index + m[0].length, m.index + m[0].length + 200), input.receivedAt, 'en');
    if (!date) continue;
    receivedAt = input.receivedAt?.startsWith(date.date) ? input.receivedAt : `${date.date}T00:00:00.000Z`;
    break;
  }

  const poNumber = findPoNumber(lines);
  if (!receiptId) problems.push('no goods receipt number');
  if (!poNumber) problems.push('no purchase order number');
  if (received.length === 0) problems.push('no received items');
  if (!receivedAt) problems.push('no date of receipt');
  return { receiptId, poNumber, lines: received, receivedAt, problems: problems.slice(0, MAX_PROBLEMS) };
}
