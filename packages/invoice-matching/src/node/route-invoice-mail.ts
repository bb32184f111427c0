import type { EmailMessage, InvoiceIntent } from '@org/orchestrator-contracts';
import { findPoNumber } from './rules/document-text';

const RECEIPT = /\b(goods[\s-]+receipt|goods[\s-]+received|delivery[\s-]+received|GRN|wareneingang|bon de réception|albarán de entrada)\b/i;
const INVOICE = /\b(invoice|rechnung|facture|factura)\b/i;
const PDF_NAMED_INVOICE = /(invoice|rechnung|facture|factura)[^/\\]*\.pdf$/i;
const MAX_SCANNED = 20_000;

/**
 * Claims a thread's first message for the invoice flow, before the classifier: a goods receipt or
 * an invoice that names a purchase order (`PO-2026-000123`). Only the words decide where the
 * message goes; whether its sender may send it is the flow's decision (authentication, the
 * warehouse's addresses, the order's supplier), so routing a forged message here gains nothing.
 */
export function routeInvoiceMail(message: Pick<EmailMessage, 'subject' | 'text' | 'attachments'>): { intent: InvoiceIntent } | undefined {
  const text = `${message.subject}\n${message.text.slice(0, MAX_SCANNED)}`;
  if (!findPoNumber(text.split('\n'))) return undefined;
  if (RECEIPT.test(message.subject) || (RECEIPT.test(text) && !INVOICE.test(message.subject))) return { intent: 'goods-receipt' };
  if (INVOICE.test(message.subject) || message.attachments.some((a) => PDF_NAMED_INVOICE.test(a.filename))) return { intent: 'invoice' };
  return undefined;
}
