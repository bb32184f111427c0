/**
 * The bare address of `value`, lower-cased: accepts `tom@x.example` or `"Tom" <Tom@X.example>`.
 * Returns `null` when there is no plausible address.
 */
export function normalizeAddress(value: string): string | null {
  const angle = /<([^<>]*)>/.exec(value);
  const address = (angle ? angle[1] : value).trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(address) ? address : null;
}

/**
 * Whether a message `from` an address comes from the thread's customer.
 *
 * Case-insensitive on the whole address (mail providers treat local parts that way in practice).
 * Plus-addressing (`tom+shop@x`) and provider quirks such as Gmail's dots are NOT folded: whether
 * `+tag` is a sub-address is up to the receiving domain, and a wrong "same customer" would disclose
 * orders to someone else, while a wrong "different" only sends the thread to a human.
 * @example
 * isSameCustomer('tom@x.example', '"Tom" <TOM@x.example>'); // true
 * isSameCustomer('tom@x.example', 'tom+shop@x.example');    // false
 */
export function isSameCustomer(threadCustomer: string, from: string): boolean {
  const a = normalizeAddress(threadCustomer);
  return a !== null && a === normalizeAddress(from);
}
