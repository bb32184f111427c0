import type { AgentTask } from '@org/orchestrator-agents';
import { systemPrompt } from '@org/orchestrator-agents';
import { z } from 'zod';
import { MAX_DOCUMENT_LINES } from '../../schema';
import type { ReadInvoiceInput } from './read-invoice';
import { problemsSchema, wrapDocuments } from './read-invoice';

/** Input of {@link readGoodsReceiptTask}: the warehouse's email (and any attached document's text). */
export type ReadGoodsReceiptInput = ReadInvoiceInput;

/** Output of {@link readGoodsReceiptTask}: the receipt's fields, `null` where unreadable, and what stood in the way. */
export const readGoodsReceiptOutputSchema = z.object({
  receiptId: z.string().trim().min(1).max(64).nullable(),
  poNumber: z.string().trim().min(1).max(64).nullable(),
  lines: z.array(z.object({ item: z.string().trim().min(1).max(500), quantityReceived: z.number().finite().nonnegative() })).max(MAX_DOCUMENT_LINES),
  /** ISO date-time the goods arrived (the email's receipt time when the text gives no date). */
  receivedAt: z.iso.datetime({ offset: true }).nullable(),
  problems: problemsSchema,
});
export type ReadGoodsReceiptOutput = z.infer<typeof readGoodsReceiptOutputSchema>;

/** Reads a warehouse's goods receipt: its id, the purchase order, what arrived and when. */
export const readGoodsReceiptTask: AgentTask<ReadGoodsReceiptInput, ReadGoodsReceiptOutput> = {
  name: 'read_goods_receipt',
  schema: readGoodsReceiptOutputSchema,
  prompt: (input) => ({
    system: systemPrompt(
      "Task: read a warehouse's goods receipt note.",
      'receiptId: the receipt or delivery note number; poNumber: the purchase order (e.g. "PO-2026-000123").',
      'lines: each item received with quantityReceived (a number; damaged or rejected goods are not received).',
      'receivedAt: ISO 8601 date-time of arrival (the Received time of the email if the text gives no date).',
      'Use null for anything you cannot read and list it in problems; never invent values.',
    ),
    user: wrapDocuments(input),
  }),
};
