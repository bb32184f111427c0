import { arc, dkimVerify, dmarc as evaluateDmarc, spf } from 'mailauth';
import type { ARCData } from 'mailauth';
import type { AuthVerdict, MessageAuthentication } from '@org/orchestrator-contracts';
import { AUTH_VERDICTS } from '@org/orchestrator-contracts';
import type { DnsResolver } from './dns';
import { systemDnsResolver } from './dns';

/** `verifiedBy` of verdicts the ingress computed itself. */
export const INGRESS_VERIFIER = 'ingress';

/** What {@link verifySender} knows about how the message arrived. */
export interface SenderEvidence {
  /** The connecting client's address: enables SPF. Absent for mail fetched over IMAP. */
  ip?: string;
  /** The client's HELO/EHLO name. */
  helo?: string;
  /** The envelope sender (`MAIL FROM`); empty for bounces. */
  mailFrom?: string;
  /** Host name written as the authserv-id in SPF comments. */
  mta?: string;
  /** @default {@link systemDnsResolver} */
  resolver?: DnsResolver;
  /** Set when a trusted internal relay delivered the message (SMTP AUTH user or trusted network). */
  relay?: string;
  /** Domains the relay vouches for: their `From:` gets `alignedDomain` without DMARC. */
  relayDomains?: readonly string[];
}

const MAX_DKIM = 10;
const domainOf = (address: string) =>
  address
    .slice(address.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();

/** How many `From:` header fields the message's header block has. */
function fromFieldCount(raw: Buffer): number {
  const end = raw.indexOf('\r\n\r\n');
  const header = raw.subarray(0, end < 0 ? Math.min(raw.length, 256 * 1024) : end).toString('latin1');
  return header.split(/\r?\n/).filter((line) => /^from\s*:/i.test(line)).length;
}

/** Maps a result keyword (from mailauth or an Authentication-Results header) onto the contract's verdicts. */
export function toVerdict(result: string | undefined): AuthVerdict {
  const value = (result ?? 'none').toLowerCase();
  if (value === 'temperr') return 'temperror';
  if (value === 'permerr') return 'permerror';
  if (value === 'hardfail') return 'fail';
  if (value === 'skipped' || value === 'declined') return 'none';
  return (AUTH_VERDICTS as readonly string[]).includes(value) ? (value as AuthVerdict) : 'neutral';
}

/**
 * Verifies the sender of `raw` with mailauth: DKIM signatures, ARC chain, SPF (only with an `ip`)
 * and DMARC (SPF or DKIM aligned with `From:`). `alignedDomain` is `fromAddress`'s domain only when
 * DMARC passed for exactly that domain, or when a trusted relay delivered it and the domain is one
 * of `relayDomains`. Authentication-Results headers in the message are ignored: anyone can write one.
 *
 * Never throws: a DNS failure gives `temperror` verdicts (the message stays unauthenticated and
 * is still delivered).
 */
export async function verifySender(raw: Buffer, fromAddress: string, evidence: SenderEvidence = {}): Promise<MessageAuthentication> {
  const resolver = evidence.resolver ?? systemDnsResolver();
  const fromDomain = domainOf(fromAddress);
  const result: MessageAuthentication = { verifiedBy: INGRESS_VERIFIER, dkim: [] };
  if (evidence.relay) result.relay = evidence.relay.slice(0, 255);
  try {
    const dkim = await dkimVerify(raw, { resolver, sender: evidence.mailFrom });
    const spfResult = evidence.ip
      ? await spf({ ip: evidence.ip, helo: evidence.helo || `[${evidence.ip}]`, sender: evidence.mailFrom, mta: evidence.mta, resolver })
      : false;
    const arcResult = await arc(dkim.arc as ARCData, { resolver });
    // Two From fields (or none) make the author ambiguous: DMARC must not pass (RFC 7489 §6.6.1).
    const dmarc =
      fromFieldCount(raw) === 1 && dkim.headerFrom.length === 1
        ? await evaluateDmarc({
            headerFrom: dkim.headerFrom,
            spfDomains: spfResult && spfResult.status.result === 'pass' ? [spfResult.domain] : [],
            dkimDomains: dkim.results
              .filter((r) => r.status.result === 'pass' && r.signingDomain)
              .map((r) => ({ id: r.id, domain: r.signingDomain as string, aligned: Boolean(r.status.aligned), underSized: Boolean(r.status.underSized) })),
            arcResult,
            resolver,
          })
        : false;

    if (spfResult) result.spf = { result: toVerdict(spfResult.status.result), domain: spfResult.domain };
    result.dkim = dkim.results
      .filter((r) => r.signingDomain) // "message not signed" has no domain
      .slice(0, MAX_DKIM)
      .map((r) => ({ result: toVerdict(r.status.result), domain: (r.signingDomain ?? '').toLowerCase(), ...(r.selector ? { selector: r.selector } : {}) }));
    result.arc = { result: toVerdict(arcResult.status.result) };
    if (dmarc) {
      const headerFrom = dmarc.status.header?.from?.toLowerCase();
      result.dmarc = {
        result: toVerdict(dmarc.status.result),
        ...(headerFrom ? { domain: headerFrom } : {}),
        ...(dmarc.policy ? { policy: dmarc.policy } : {}),
      };
      if (result.dmarc.result === 'pass' && headerFrom === fromDomain) result.alignedDomain = fromDomain;
    } else {
      // No single From domain (none, several, several From fields): DMARC cannot pass.
      result.dmarc = { result: 'permerror' };
    }
  } catch {
    // mailauth turns DNS errors into temperror itself; anything else still must not lose the mail.
    result.dmarc = { result: 'temperror' };
  }
  if (evidence.relay && fromDomain && (evidence.relayDomains ?? []).some((d) => d.trim().toLowerCase() === fromDomain)) {
    result.alignedDomain = fromDomain;
  }
  return result;
}
