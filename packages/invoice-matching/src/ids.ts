/**
 * The key that makes one invoice one payment: the supplier's id (trimmed, lower case) and the
 * invoice number with case, spaces and punctuation dropped, so `INV-2026-0042`, `inv 2026/0042` and
 * `INV20260042` are the same invoice. Two numbers that differ only in punctuation collide: the
 * second is then taken for a duplicate and not paid (a person sees it), never paid twice.
 */
export function invoiceKey(supplierId: string, invoiceNumber: string): string {
  const supplier = supplierId.normalize('NFKC').trim().toLowerCase();
  const number = invoiceNumber
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
  if (!supplier || !number) throw new TypeError('invoiceKey: supplier id and invoice number must not be empty');
  return `${supplier}:${number}`;
}
