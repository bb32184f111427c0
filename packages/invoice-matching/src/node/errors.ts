import { OrchestratorError } from '@org/orchestrator-contracts';
import type { PayloadIssue } from '@org/orchestrator-contracts';
import { payloadIssues } from '@org/orchestrator-contracts';
import type { z } from 'zod';

/** Data handed to an invoice store or activity is not what its schema allows (no retry can fix it). */
export class InvalidInvoiceDataError extends OrchestratorError {
  override readonly name = 'InvalidInvoiceDataError';
  constructor(
    readonly what: string,
    readonly issues: readonly PayloadIssue[],
  ) {
    super('InvalidInvoiceData', `${what}: invalid input: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
  }
}

/** Parses with the schema or throws {@link InvalidInvoiceDataError} naming every invalid field. */
export function parseInvoiceData<T>(what: string, schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidInvoiceDataError(what, payloadIssues(result.error.issues));
}

/** A goods receipt id was recorded before with different content: a replay with edits, or an id reused. */
export class GoodsReceiptConflictError extends OrchestratorError {
  override readonly name = 'GoodsReceiptConflictError';
  constructor(
    readonly receiptId: string,
    readonly sourceMessageId: string,
  ) {
    super('GoodsReceiptConflict', `goods receipt ${receiptId} was already recorded (from ${sourceMessageId}) with different content`);
  }
}

/** An invoice already paid is asked to be paid again with a different amount, currency or account. */
export class InvoicePaymentConflictError extends OrchestratorError {
  override readonly name = 'InvoicePaymentConflictError';
  constructor(
    readonly invoiceKey: string,
    readonly paymentId: string,
  ) {
    super('InvoicePaymentConflict', `invoice ${invoiceKey} was already paid (${paymentId}) with a different amount, currency or account`);
  }
}
