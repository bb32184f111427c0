import { maskIban } from './bank-details';
import type { BankCheckStatus, Discrepancy, GoodsReceipt, Invoice, InvoiceMatch, PaymentRecord } from './schema';

/**
 * The invoice flow's emails, in the company's language (English). Every value that came from a
 * supplier's email is untrusted: it is shown on one line, cut to a length, and an IBAN only masked.
 */

/** One email's subject and body. */
export interface InvoiceText {
  subject: string;
  text: string;
}

const SIGNATURE = '\n\nAccounts payable';

/** A supplier-written value fit for one line of our email. */
function field(value: string | number | undefined | null, max = 120): string {
  const flat = String(value ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** An amount with its currency, e.g. `EUR 2500.00`. */
export function money(amount: number, currency: string): string {
  return `${currency.toUpperCase()} ${Number.isFinite(amount) ? amount.toFixed(2) : String(amount)}`;
}

/** The remittance advice to the supplier once the payment is recorded. */
export function remittanceAdviceText(invoice: Pick<Invoice, 'invoiceNumber' | 'poNumber'>, payment: PaymentRecord, supplierName?: string): InvoiceText {
  return {
    subject: `Remittance advice: invoice ${field(invoice.invoiceNumber, 64)}`,
    text:
      `Dear ${field(supplierName) || 'supplier'},\n\n` +
      `we have paid your invoice ${field(invoice.invoiceNumber, 64)} for purchase order ${field(invoice.poNumber, 64)}.\n\n` +
      `Amount:     ${money(payment.amount, payment.currency)}\n` +
      `Paid on:    ${payment.paidAt.slice(0, 10)}\n` +
      `To account: ${maskIban(payment.iban)}\n` +
      `Reference:  ${payment.paymentId}\n\n` +
      'Please allow a few working days for the transfer to reach your account.' +
      SIGNATURE,
  };
}

/** One discrepancy as a line of a list, e.g. `- Laptop: unit price EUR 1250.00 ordered, 1300.00 invoiced`. */
export function discrepancyLine(d: Discrepancy, currency: string): string {
  const item = d.item ? `${field(d.item, 80)}: ` : '';
  const amount = (v: number | string) => (typeof v === 'number' ? money(v, currency) : field(v, 80));
  switch (d.kind) {
    case 'price':
      return `- ${item}unit price ${amount(d.expected)} ordered, ${amount(d.actual)} invoiced`;
    case 'quantity-ordered':
      return `- ${item}${field(d.actual)} invoiced, ${field(d.expected)} ordered`;
    case 'quantity-received':
      return `- ${item}${field(d.actual)} invoiced, ${field(d.expected)} received`;
    case 'unknown-line':
      return `- ${item}not on the purchase order (${field(d.actual)} invoiced)`;
    case 'total':
      return `- ${item || 'total: '}${amount(d.expected)} expected, ${amount(d.actual)} invoiced`;
    case 'currency':
      return `- currency: ordered in ${field(d.expected)}, invoiced in ${field(d.actual)}`;
    case 'supplier':
      return `- supplier: the order is with ${field(d.expected)}, the invoice comes from ${field(d.actual)}`;
  }
}

/** Why an outcome needs the buyer, in words. */
const OUTCOME_WORDS: Record<InvoiceMatch['outcome'], string> = {
  matched: 'matches the purchase order and the goods received',
  'within-tolerance': 'differs from the purchase order within the tolerance',
  mismatch: 'does not match the purchase order or the goods received',
  'no-order': 'names a purchase order we cannot find',
  'no-receipt': 'bills goods the warehouse has not yet reported as received',
};

/** The question to the buyer when the match fails: the discrepancies as a readable list. */
export function matchQuestionText(
  invoice: Pick<Invoice, 'invoiceNumber' | 'poNumber' | 'total' | 'currency' | 'supplierName'>,
  match: InvoiceMatch,
): InvoiceText {
  const lines = match.discrepancies.map((d) => discrepancyLine(d, invoice.currency));
  return {
    subject: `Invoice ${field(invoice.invoiceNumber, 64)} for ${field(invoice.poNumber, 64)} needs your decision`,
    text:
      'Hello,\n\n' +
      `invoice ${field(invoice.invoiceNumber, 64)}${invoice.supplierName ? ` from ${field(invoice.supplierName)}` : ''} over ` +
      `${money(invoice.total, invoice.currency)} ${OUTCOME_WORDS[match.outcome]} (order total ${money(match.orderTotal, invoice.currency)}).\n\n` +
      (lines.length ? `What differs:\n${lines.join('\n')}\n\n` : '') +
      'Please approve the payment or reject the invoice.' +
      SIGNATURE,
  };
}

/** The notice to a person when the invoice's bank details are new, changed or invalid: nothing is paid until one confirms. */
export function bankDetailsNoticeText(
  invoice: Pick<Invoice, 'invoiceNumber' | 'poNumber' | 'bankDetails'>,
  supplier: { id: string; name?: string },
  status: BankCheckStatus,
  knownIban?: string,
): InvoiceText {
  const invoiced = invoice.bankDetails?.iban ? maskIban(invoice.bankDetails.iban) : 'none';
  const what =
    status === 'changed'
      ? 'gives bank details that differ from the confirmed ones (or an IBAN whose check digits are wrong)'
      : status === 'first-seen'
        ? 'gives bank details for a supplier we have none confirmed for'
        : status === 'missing'
          ? 'gives no bank details and none are confirmed'
          : 'gives the confirmed bank details';
  return {
    subject: `Check bank details: ${field(supplier.name ?? supplier.id, 80)}, invoice ${field(invoice.invoiceNumber, 64)}`,
    text:
      'Hello,\n\n' +
      `invoice ${field(invoice.invoiceNumber, 64)} for purchase order ${field(invoice.poNumber, 64)} from ${field(supplier.name ?? supplier.id)} ${what}.\n\n` +
      `Confirmed account: ${knownIban ? maskIban(knownIban) : 'none'}\n` +
      `Invoiced account:  ${invoiced}\n\n` +
      'Changed bank details are a common fraud. Confirm the account with the supplier by phone, using a number ' +
      'you already have (never one from the invoice or this email), before confirming it here. Nothing is paid until then.' +
      SIGNATURE,
  };
}

/** The acknowledgement to the warehouse for a recorded goods receipt. */
export function receiptAcknowledgementText(receipt: GoodsReceipt): InvoiceText {
  const lines = receipt.lines.slice(0, 50).map((l) => `- ${field(l.quantityReceived)} x ${field(l.item, 80)}`);
  if (receipt.lines.length > lines.length) lines.push(`- … and ${receipt.lines.length - lines.length} more lines`);
  return {
    subject: `Goods receipt ${field(receipt.receiptId, 64)} recorded`,
    text:
      'Hello,\n\n' +
      `we have recorded goods receipt ${field(receipt.receiptId, 64)} for purchase order ${field(receipt.poNumber, 64)} ` +
      `(received ${receipt.receivedAt.slice(0, 10)}):\n\n${lines.join('\n')}` +
      SIGNATURE,
  };
}

/** To the supplier when the buyer rejected the invoice: what differs, and the buyer's comment. */
export function disputeText(invoice: Invoice, match: InvoiceMatch, comment?: string): InvoiceText {
  const lines = match.discrepancies.map((d) => discrepancyLine(d, invoice.currency));
  return {
    subject: `Invoice ${field(invoice.invoiceNumber, 64)} disputed`,
    text:
      `Dear ${field(invoice.supplierName) || 'supplier'},\n\n` +
      `we cannot pay invoice ${field(invoice.invoiceNumber, 64)} over ${money(invoice.total, invoice.currency)} as it stands: it does not match ` +
      `purchase order ${field(invoice.poNumber, 64)} or the goods we received.\n\n` +
      (lines.length > 0 ? `What differs:\n${lines.join('\n')}\n\n` : '') +
      (comment ? `Our buyer's comment: ${field(comment, 500)}\n\n` : '') +
      'Please send a corrected invoice or a credit note.' +
      SIGNATURE,
  };
}

/** To the supplier for an invoice already paid: when, and under which reference; it is not paid again. */
export function duplicateText(invoice: Pick<Invoice, 'invoiceNumber' | 'supplierName'>, paidAt: string, paymentId: string): InvoiceText {
  return {
    subject: `Invoice ${field(invoice.invoiceNumber, 64)} already paid`,
    text:
      `Dear ${field(invoice.supplierName) || 'supplier'},\n\n` +
      `invoice ${field(invoice.invoiceNumber, 64)} was already paid on ${paidAt.slice(0, 10)} (reference ${field(paymentId, 80)}). ` +
      'We have not paid it again.' +
      SIGNATURE,
  };
}
