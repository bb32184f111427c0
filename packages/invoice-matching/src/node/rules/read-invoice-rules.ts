import { findDates } from '@org/orchestrator-agents';
import type { InvoiceLine } from '../../schema';
import { MAX_DOCUMENT_LINES } from '../../schema';
import type { ReadInvoiceInput, ReadInvoiceOutput } from '../tasks/read-invoice';
import { MAX_PROBLEMS } from '../tasks/read-invoice';
import type { LineAmount } from './document-text';
import { amountsOn, documentLines, findIban, findPoNumber, labelledAmount, labelledText } from './document-text';

const INVOICE_NUMBER = [
  /\b(?:invoice|rechnung|facture)\s*(?:number|no\.?|nr\.?|n°|#|id)\s*[:#]?\s*([A-Za-z0-9][A-Za-z0-9\-/.]{1,40})/i,
  /\b(?:invoice|rechnung|facture)\s*[:#]?\s*([A-Za-z]{1,6}[-/]?\d[A-Za-z0-9\-/.]{0,40})/i,
];
const SUBTOTAL = /^\W*(?:sub-?total|net (?:amount|total)|total net|zwischensumme|nettobetrag|montant ht)\b/i;
const TAX = /^\W*(?:vat|tax|sales tax|mwst\.?|ust\.?|tva|iva)\b/i;
const TOTAL = /^\W*(?:grand total|total (?:due|amount|gross)|amount due|total|gesamtbetrag|rechnungsbetrag|montant ttc)\b/i;
const DUE = /\b(?:due date|due on|due by|payment due|payable by|pay by|zahlbar bis|fällig am|échéance)\b/i;
const ISSUE = /\b(?:invoice date|date of issue|issue date|issued on|rechnungsdatum|date de facture|date)\b/i;
const NET_DAYS = /\b(?:net|netto)\s*(\d{1,3})\b|\b(?:within|in|innerhalb von|payable in)\s+(\d{1,3})\s+(?:days|tagen)\b/i;
/** `2 x Laptop @ 1,250.00 = 2,500.00` (a bullet before, currencies beside the numbers are fine). */
const INLINE_LINE = /^\s*(?:[*•]\s*|-\s+)?(-?\d+(?:[.,]\d+)?)\s*(?:x|×|pcs?\.?|units?)\s+([^@=]{1,300}?)\s+(?:@|at)\s+([^=]{1,80})=\s*(.{1,80})$/i;
const HEADER = {
  item: /^(item|description|article|product)$/i,
  qty: /^(qty\.?|quantity|units?)$/i,
  price: /^(unit price|price|each)$/i,
  amount: /^(amount|total|line total)$/i,
};
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function cells(line: string): string[] | null {
  const trimmed = line.trim().replace(/^\||\|$/g, '');
  if (trimmed.includes('|')) return trimmed.split('|').map((c) => c.trim());
  if (trimmed.includes('\t')) return trimmed.split('\t').map((c) => c.trim());
  return null;
}

/** Invoice lines: inline ones (`2 x Laptop @ 1,250.00 = 2,500.00`) and rows of a `|` or tab table with a header. */
function readLines(lines: readonly string[], currencies: LineAmount[]): InvoiceLine[] {
  const found: InvoiceLine[] = [];
  let table: { item: number; qty: number; price: number; amount: number } | null = null;
  for (const line of lines) {
    if (found.length >= MAX_DOCUMENT_LINES) break;
    const inline = INLINE_LINE.exec(line);
    if (inline) {
      const quantity = Number(inline[1].replace(',', '.'));
      const [price] = amountsOn(inline[3]);
      const [amount] = amountsOn(inline[4]);
      if (price && amount) {
        found.push({ item: inline[2].trim(), quantity, unitPrice: price.value, amount: amount.value });
        currencies.push(price, amount);
      }
      continue;
    }
    const row = cells(line);
    if (!row) {
      table = null;
      continue;
    }
    const index = (re: RegExp) => row.findIndex((c) => re.test(c));
    const header = { item: index(HEADER.item), qty: index(HEADER.qty), price: index(HEADER.price), amount: index(HEADER.amount) };
    if (Object.values(header).every((i) => i >= 0)) {
      table = header;
      continue;
    }
    if (!table || /^[-|:\s]+$/.test(line)) continue;
    const quantity = Number((row[table.qty] ?? '').replace(',', '.'));
    const [price] = amountsOn(row[table.price] ?? '');
    const [amount] = amountsOn(row[table.amount] ?? '');
    const item = row[table.item]?.trim();
    if (item && row[table.qty]?.trim() && price && amount) {
      found.push({ item: item.slice(0, 500), quantity, unitPrice: price.value, amount: amount.value });
      currencies.push(price, amount);
    }
  }
  return found;
}

function dateOn(lines: readonly string[], label: RegExp, receivedAt: string | undefined, skip?: RegExp): string | null {
  for (const line of lines) {
    const m = label.exec(line);
    if (!m || (skip && skip.test(line))) continue;
    const rest = line.slice(m.index + m[0].length);
    const [date] = findDates(rest.slice(0, 200), receivedAt, 'en');
    if (date && ISO_DAY.test(date.date)) return date.date;
  }
  return null;
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function mostCommon(values: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/**
 * The rules for `read_invoice`: labels, line patterns and numbers in the email body and its
 * documents. Reads what is written and never corrects it (the three-way match judges it); lists in
 * `problems` what it could not find or what does not add up.
 */
export function readInvoiceByRules(input: ReadInvoiceInput): ReadInvoiceOutput {
  const lines = documentLines(input);
  const problems: string[] = [];
  const currencies: LineAmount[] = [];

  let invoiceNumber: string | null = null;
  for (const pattern of INVOICE_NUMBER) {
    for (const line of lines) {
      const m = pattern.exec(line);
      const candidate = m?.[1]?.replace(/[.,]$/, '');
      if (candidate && /\d/.test(candidate) && !/^PO[-\s]?\d{4}-/i.test(candidate)) {
        invoiceNumber = candidate;
        break;
      }
    }
    if (invoiceNumber) break;
  }

  const invoiceLines = readLines(lines, currencies);
  let subtotal: LineAmount | null = null;
  let tax: LineAmount | null = null;
  let total: LineAmount | null = null;
  for (const line of lines) {
    if (SUBTOTAL.test(line)) subtotal ??= labelledAmount(line, SUBTOTAL);
    else if (TAX.test(line)) tax ??= labelledAmount(line, TAX);
    else if (TOTAL.test(line)) total ??= labelledAmount(line, TOTAL);
  }
  currencies.push(...[subtotal, tax, total].filter((a): a is LineAmount => a !== null));
  const codeInText = lines.map((l) => /\b(EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN|CZK|JPY|CAD|AUD)\b/.exec(l)?.[1] ?? null);
  const currency = mostCommon(currencies.map((c) => c.currency)) ?? mostCommon(codeInText);

  let issueDate = dateOn(lines, ISSUE, input.receivedAt, DUE);
  let dueDate = dateOn(lines, DUE, input.receivedAt);
  if (!dueDate) {
    const terms = lines.map((l) => NET_DAYS.exec(l)).find((m) => m);
    const days = terms ? Number(terms[1] ?? terms[2]) : null;
    if (days !== null) {
      if (!issueDate && input.receivedAt) {
        issueDate = input.receivedAt.slice(0, 10);
        problems.push('no invoice date: payment terms counted from the day the email was received');
      }
      if (issueDate) dueDate = addDays(issueDate, days);
    }
  }

  const iban = findIban(lines);
  if (iban && !iban.valid) problems.push('the IBAN check digits are wrong');
  const bic =
    /\b(?:BIC|SWIFT)(?:\s*\/\s*SWIFT)?(?:\s*code)?\s*[:#]?\s*([A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b/i.exec(lines.join('\n'))?.[1]?.toUpperCase() ?? null;
  const accountName = labelledText(lines, /\b(?:account (?:holder|name)|beneficiary|kontoinhaber)\b/i);
  // Only a labelled name: the sender's display name ("Northwind Sales") is a person or team, not the
  // issuing company, and would make the match report another supplier.
  const supplierName = labelledText(lines, /^\s*(?:supplier|vendor|lieferant|fournisseur)\b\s*:/i, 200);

  const poNumber = findPoNumber(lines);
  if (!invoiceNumber) problems.push('no invoice number');
  if (!poNumber) problems.push('no purchase order number');
  if (invoiceLines.length === 0) problems.push('no invoice lines');
  if (!total) problems.push('no total');
  if (!currency) problems.push('no currency');
  if (!dueDate) problems.push('no due date or payment terms');
  if (subtotal && tax && total && Math.abs(subtotal.value + tax.value - total.value) > 0.005) problems.push('subtotal and tax do not add up to the total');
  if (/\b(new|changed|updated|different)\b[^.\n]{0,40}\b(bank|account|iban)\b/i.test(input.text ?? ''))
    problems.push('the email speaks of new or changed bank details');

  return {
    invoiceNumber,
    poNumber,
    supplierName: supplierName || null,
    lines: invoiceLines,
    subtotal: subtotal?.value ?? null,
    tax: tax?.value ?? null,
    total: total?.value ?? null,
    currency,
    issueDate,
    dueDate,
    bankDetails: iban ? { iban: iban.iban, bic, accountName } : null,
    problems: problems.slice(0, MAX_PROBLEMS),
  };
}
