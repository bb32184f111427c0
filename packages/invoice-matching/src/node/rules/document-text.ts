import { currencyCode, parseNumber } from '@org/orchestrator-agents';
import { isValidIban } from '../../bank-details';
import type { ReadInvoiceInput } from '../tasks/read-invoice';
import { MAX_DOCUMENT_CHARS } from '../tasks/read-invoice';

/** Longest line the rules look at: a line longer than this is not part of an invoice's layout. */
const MAX_LINE_CHARS = 1_000;

/** Body and documents as lines, each bounded (hostile input cannot make the rules slow). */
export function documentLines(input: ReadInvoiceInput): string[] {
  const texts = [input.text ?? '', ...(input.documents ?? []).slice(0, 5).map((d) => d.text ?? '')];
  return texts
    .flatMap((t) => t.slice(0, MAX_DOCUMENT_CHARS).split(/\r?\n/))
    .map((l) => l.replace(/\s+$/, '').slice(0, MAX_LINE_CHARS))
    .filter((l) => l.trim().length > 0);
}

/** A currency written as a symbol or code (`€`, `EUR`, `$`), as ISO 4217, or null. */
const CURRENCY_TOKEN = String.raw`(?:[A-Z]{3}|€|\$|£)`;
/** A number in either convention: `1,250.00`, `1.250,00`, `2500`, `1 250,00`. */
const NUMBER = String.raw`\d{1,3}(?:[ ,.'\u00a0]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const AMOUNT = new RegExp(String.raw`(-?)\s*(?:(${CURRENCY_TOKEN})\s*)?(${NUMBER})(?:\s*(${CURRENCY_TOKEN}))?`, 'g');

/** An amount found on a line, with the currency written beside it if any. */
export interface LineAmount {
  value: number;
  currency: string | null;
}

/** Every amount on a line, in order (negative when written with a minus). */
export function amountsOn(line: string): LineAmount[] {
  const found: LineAmount[] = [];
  for (const m of line.matchAll(AMOUNT)) {
    const value = parseNumber(m[3]);
    if (value === null) continue;
    const code = m[2] ?? m[4];
    found.push({ value: m[1] ? -value : value, currency: code ? currencyCode(code) : null });
  }
  return found;
}

/** The last amount on the line after its label (the total on `VAT 19 %: 2,467.15`), or null. */
export function labelledAmount(line: string, label: RegExp): LineAmount | null {
  const m = label.exec(line);
  if (!m) return null;
  const amounts = amountsOn(line.slice(m.index + m[0].length).replace(/\b\d{1,2}(?:[.,]\d+)?\s*%/g, ' '));
  return amounts.at(-1) ?? null;
}

/**
 * The IBAN after an `IBAN` label, written with or without spaces: the groups after the label are
 * taken while they look like one (four characters; the last may be shorter), then the longest run
 * of them whose check digits are right wins. `valid: false` when no run passes mod 97.
 */
export function findIban(lines: readonly string[]): { iban: string; valid: boolean } | null {
  for (const line of lines) {
    const m = /\bIBAN\b\s*[:#]?\s*([A-Za-z]{2}\d{2}[A-Za-z0-9 ]{0,60})/.exec(line);
    if (!m) continue;
    const groups: string[] = [];
    for (const token of m[1].split(/\s+/).filter(Boolean)) {
      if (groups.length === 0) {
        groups.push(token);
        if (token.length > 4) break;
        continue;
      }
      if (!/^[A-Za-z0-9]{1,4}$/.test(token)) break;
      groups.push(token);
      if (token.length < 4) break;
    }
    for (let n = groups.length; n >= 1; n--) {
      const candidate = groups.slice(0, n).join('').toUpperCase();
      if (isValidIban(candidate)) return { iban: candidate, valid: true };
    }
    const whole = groups.join('').toUpperCase();
    if (/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(whole)) return { iban: whole, valid: false };
  }
  return null;
}

/** The value after a label on the first line that has it (`Account holder: Northwind GmbH`), or null. */
export function labelledText(lines: readonly string[], label: RegExp, max = 140): string | null {
  for (const line of lines) {
    const m = label.exec(line);
    if (!m) continue;
    const value = line
      .slice(m.index + m[0].length)
      .replace(/^\s*[:#-]?\s*/, '')
      .trim();
    if (value) return value.slice(0, max);
  }
  return null;
}

/** A purchase order number anywhere in the text (`PO-2026-000123`, also `po 2026-000123`), upper case. */
export function findPoNumber(lines: readonly string[]): string | null {
  for (const line of lines) {
    const m = /\bPO[\s-]?(\d{4})-(\d{6,12})\b/i.exec(line);
    if (m) return `PO-${m[1]}-${m[2]}`;
  }
  return null;
}
