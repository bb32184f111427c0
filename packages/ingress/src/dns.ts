import { promises as dns } from 'node:dns';
import { IngressConfigError } from './errors';

/**
 * A DNS lookup as mailauth calls it: `resolver(name, rrtype)` answers like `dns.promises.resolve`
 * (TXT as arrays of chunks, other types as strings) and fails with an error whose `code` is
 * `ENOTFOUND` (no such name) or `ENODATA` (no record of that type); any other code is a temporary
 * failure and gives a `temperror` verdict.
 */
export type DnsResolver = (name: string, rrtype: string) => Promise<string[][] | string[]>;

/**
 * DNS records answered locally, by type and then by name (case-insensitive, trailing dot ignored).
 * A TXT value is one string (any length; it is not split into 255-byte chunks) or an array of
 * chunks. The format of the `INGRESS_DNS_OVERRIDES` file.
 * @example
 * { "TXT": { "sel._domainkey.demo.example": ["v=DKIM1; k=rsa; p=MIIBIjANBg…"],
 *            "_dmarc.demo.example": ["v=DMARC1; p=reject"],
 *            "demo.example": ["v=spf1 ip4:192.0.2.10 -all"] } }
 */
export type StaticDnsRecords = Readonly<Record<string, Readonly<Record<string, readonly (string | readonly string[])[]>>>>;

/** Deadline of one DNS query made for authentication. @default 5000 */
export const DEFAULT_DNS_TIMEOUT_MS = 5_000;

const dnsError = (code: string, message: string) => Object.assign(new Error(message), { code });
const canonical = (name: string) => name.trim().toLowerCase().replace(/\.$/, '');

/**
 * A resolver that answers from `records` first and asks `fallback` for anything else. Without a
 * fallback, names not in `records` do not exist (`ENOTFOUND`), as on a closed network.
 * @example
 * const resolver = staticDnsResolver({ TXT: { '_dmarc.demo.example': ['v=DMARC1; p=reject'] } }, systemDnsResolver());
 * await startSmtpIngress({ ...deps, resolver, acceptDomains: ['orders.example.com'] });
 */
export function staticDnsResolver(records: StaticDnsRecords, fallback?: DnsResolver): DnsResolver {
  const table = new Map<string, Map<string, string[][] | string[]>>();
  for (const [type, names] of Object.entries(records)) {
    for (const [name, values] of Object.entries(names)) {
      const key = canonical(name);
      const rrtype = type.toUpperCase();
      const answer = rrtype === 'TXT' ? values.map((v) => (typeof v === 'string' ? [v] : [...v])) : values.map((v) => (typeof v === 'string' ? v : v.join('')));
      if (!table.has(key)) table.set(key, new Map());
      table.get(key)?.set(rrtype, answer);
    }
  }
  return async (name, rrtype) => {
    const byType = table.get(canonical(name));
    const answer = byType?.get(rrtype.toUpperCase());
    if (answer) return answer.map((v) => (Array.isArray(v) ? [...v] : v)) as string[][] | string[];
    if (fallback) return fallback(name, rrtype);
    throw byType ? dnsError('ENODATA', `no ${rrtype} record for ${name}`) : dnsError('ENOTFOUND', `${name} not found`);
  };
}

/**
 * The system's DNS (`dns.promises.resolve`), each query bounded by `timeoutMs`: a slow or dead
 * name server gives `ETIMEOUT` (a `temperror` verdict) instead of holding an SMTP session.
 */
export function systemDnsResolver(timeoutMs = DEFAULT_DNS_TIMEOUT_MS): DnsResolver {
  return (name, rrtype) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(dnsError('ETIMEOUT', `DNS ${rrtype} ${name} took over ${timeoutMs} ms`)), timeoutMs);
    });
    const query = dns.resolve(name, rrtype) as Promise<string[][] | string[]>;
    return Promise.race([query, timeout]).finally(() => clearTimeout(timer));
  };
}

/**
 * Checks a parsed `INGRESS_DNS_OVERRIDES` document: an object of record types, each an object of
 * names, each an array of strings (or, for TXT, arrays of chunk strings).
 * @throws {IngressConfigError} naming `variable` and the offending entry.
 */
export function parseDnsRecords(document: unknown, variable = 'INGRESS_DNS_OVERRIDES'): StaticDnsRecords {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(document)) throw new IngressConfigError(variable, 'must hold a JSON object like { "TXT": { "name": ["value"] } }');
  for (const [type, names] of Object.entries(document)) {
    if (!/^[A-Za-z]+$/.test(type) || !isObject(names)) throw new IngressConfigError(variable, `${type}: must map names to arrays of values`);
    for (const [name, values] of Object.entries(names)) {
      const ok = Array.isArray(values) && values.every((v) => typeof v === 'string' || (Array.isArray(v) && v.every((c) => typeof c === 'string')));
      if (!ok) throw new IngressConfigError(variable, `${type} ${name}: must be an array of strings`);
    }
  }
  return document as StaticDnsRecords;
}
