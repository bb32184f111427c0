import { normalizeAddress } from '@org/orchestrator-contracts';

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
