import type { BankCheckStatus, BankDetails } from './schema';

/** Letters and digits of an IBAN, upper case (spaces, dashes and anything else dropped). */
function compact(iban: string): string {
  return iban.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

/**
 * Whether an IBAN's check digits are right (ISO 13616 mod 97): the country code and check digits
 * moved to the end, letters as 10–35, the number modulo 97 must be 1. Catches every single wrong
 * character and most swaps; it does not prove the account exists.
 */
export function isValidIban(iban: string): boolean {
  const value = compact(iban);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$/.test(value)) return false;
  const rearranged = value.slice(4) + value.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const digits = char >= 'A' ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/**
 * An IBAN fit for an email or a log: the country code and the last four characters, the rest
 * starred, in groups of four (`DE** **** **** **** **30 00`). Never shows more than six characters.
 */
export function maskIban(iban: string): string {
  const value = compact(iban);
  if (value.length <= 6) return '*'.repeat(value.length);
  const masked = value.slice(0, 2) + '*'.repeat(value.length - 6) + value.slice(-4);
  return masked.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * How the bank details on an invoice compare with the supplier's confirmed ones:
 * - `missing`: the invoice gives none (the flow pays the confirmed account, or asks a human if none);
 * - `first-seen`: nothing confirmed yet for this supplier, and the IBAN's check digits are right;
 * - `unchanged`: the same IBAN (and the same BIC where both give one);
 * - `changed`: a different account, or an IBAN whose check digits are wrong. A wrong checksum is
 *   treated as a change, never as first-seen: a typo and a fraud attempt both need a person to look
 *   before any money goes there.
 */
export function compareBankDetails(known: BankDetails | null | undefined, invoiced: BankDetails | null | undefined): BankCheckStatus {
  if (!invoiced?.iban) return 'missing';
  if (!isValidIban(invoiced.iban)) return 'changed';
  if (!known?.iban) return 'first-seen';
  if (compact(known.iban) !== compact(invoiced.iban)) return 'changed';
  if (known.bic && invoiced.bic && compact(known.bic) !== compact(invoiced.bic)) return 'changed';
  return 'unchanged';
}
