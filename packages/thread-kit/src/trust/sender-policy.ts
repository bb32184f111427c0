import type { AutomatedMail, EmailMessage } from '@org/orchestrator-contracts';
import { authenticatedSender, automatedMail } from '@org/orchestrator-contracts';

/** Why a message is not acted on as its sender's: the ledger's action is `ignored: <reason>`. */
export type SenderRefusal = 'unauthenticated' | 'requester-not-allowed' | 'not-supplier' | 'automated';

/** The domain of an address, lowercased (`''` without an `@`). */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0
    ? ''
    : address
        .slice(at + 1)
        .trim()
        .toLowerCase();
}

/** Senders a flow trusts: addresses, and domains that match exactly (a subdomain is another domain). */
export interface AllowedSenders {
  addresses: readonly string[];
  domains: readonly string[];
}

/** Whether `address` is one of `addresses` or in one of `domains` (exact domain: no subdomains). */
export function addressAllowed(address: string, allowed: AllowedSenders): boolean {
  const lower = address.trim().toLowerCase();
  return allowed.addresses.some((a) => a.toLowerCase() === lower) || allowed.domains.some((d) => d.toLowerCase() === domainOf(lower));
}

/** Nothing trusted: the policy of a thread whose recorded configuration predates the trust block. */
const NOBODY: AllowedSenders = { addresses: [], domains: [] };

/**
 * Whether a purchase request may start requests for quotation: its `From:` must be an allowed
 * requester (address or exact domain) and proven by the ingress. Returns the authenticated
 * requester, or why not.
 */
export function requesterVerdict(
  message: Pick<EmailMessage, 'from' | 'authentication'>,
  allowed: AllowedSenders | undefined,
): { requester: string } | { refusal: 'unauthenticated' | 'requester-not-allowed' } {
  if (!addressAllowed(message.from.address, allowed ?? NOBODY)) return { refusal: 'requester-not-allowed' };
  const requester = authenticatedSender(message);
  return requester === undefined ? { refusal: 'unauthenticated' } : { requester };
}

/**
 * Whether a reply to a request for quotation is the supplier's: authenticated, and from the
 * directory address or its domain. Automatic mail (an out-of-office) is not a reply either.
 * `undefined` when it is the supplier's reply.
 */
export function supplierRefusal(message: Pick<EmailMessage, 'from' | 'authentication' | 'automated'>, supplierEmail: string): string | undefined {
  if (!addressAllowed(message.from.address, { addresses: [supplierEmail], domains: [domainOf(supplierEmail)] })) return 'ignored: not-supplier';
  if (authenticatedSender(message) === undefined) return 'ignored: unauthenticated';
  return automatedRefusal(message);
}

/** What the ledger records for automatic mail that was not answered. */
export function automatedAction(automated: AutomatedMail): string {
  return `ignored: automated (${automated.kind})`;
}

/** `ignored: automated (<kind>)` for automatic mail (RFC 3834), else `undefined`. */
export function automatedRefusal(message: Pick<EmailMessage, 'from' | 'automated'>): string | undefined {
  const automated = automatedMail(message);
  return automated ? automatedAction(automated) : undefined;
}
