/**
 * The bare address of `value`, lower-cased: accepts `tom@x.example` or `"Tom" <Tom@X.example>`.
 * Returns `null` when there is no plausible address. How every package compares senders,
 * approvers and customers (no plus-address or provider folding: see the support desk's `isSameCustomer`).
 * @example
 * normalizeAddress('Emma <Emma.Jones@Mail.example>'); // 'emma.jones@mail.example'
 * normalizeAddress('Emma'); // null
 */
export function normalizeAddress(value: string): string | null {
  const angle = /<([^<>]*)>/.exec(value);
  const address = (angle ? angle[1] : value).trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(address) ? address : null;
}
