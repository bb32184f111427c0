import type { MessageAuthentication } from '@org/orchestrator-contracts';
import { toVerdict } from './authenticate';

/** One parsed `Authentication-Results` header (RFC 8601). */
export interface AuthenticationResultsHeader {
  /** The authserv-id, lowercased: the host that wrote the verdicts. */
  authservId: string;
  results: { method: string; result: string; properties: Record<string, string> }[];
}

const HEADER_SECTION_LIMIT = 256 * 1024;
const domainOf = (value: string) =>
  value
    .slice(value.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();

/** The unfolded values of every `Authentication-Results` field, topmost first. */
export function authenticationResultsFields(raw: Buffer): string[] {
  const head = raw.subarray(0, HEADER_SECTION_LIMIT).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const lines = (end >= 0 ? head.slice(0, end) : head).split(/\r?\n/);
  const fields: string[] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && fields.length) {
      fields[fields.length - 1] += ` ${line.trim()}`;
    } else {
      fields.push(line);
    }
  }
  return fields.filter((f) => /^authentication-results[ \t]*:/i.test(f)).map((f) => f.slice(f.indexOf(':') + 1).trim());
}

/** Removes RFC 5322 comments `( … )`, nested, outside quoted strings. */
function stripComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i] as string;
    if (c === '\\' && i + 1 < value.length) {
      if (depth === 0) out += c + value[i + 1];
      i += 1;
    } else if (c === '"' && depth === 0) {
      quoted = !quoted;
      out += c;
    } else if (c === '(' && !quoted) depth += 1;
    else if (c === ')' && !quoted && depth > 0) depth -= 1;
    else if (depth === 0) out += c;
  }
  return out;
}

const unquote = (value: string) => value.replace(/^"(.*)"$/, '$1');

/** Parses one `Authentication-Results` value; `undefined` when it has no authserv-id. */
export function parseAuthenticationResults(value: string): AuthenticationResultsHeader | undefined {
  const [first = '', ...rest] = stripComments(value).split(';');
  const authservId = unquote(first.trim().split(/\s+/)[0] ?? '').toLowerCase();
  if (!authservId) return undefined;
  const results: AuthenticationResultsHeader['results'] = [];
  for (const resinfo of rest) {
    const tokens = resinfo.trim().split(/\s+/).filter(Boolean);
    const head = /^([a-z0-9_-]+)(?:\/\d+)?\s*=\s*([a-z]+)$/i.exec(tokens[0] ?? '');
    if (!head) continue; // "none", or garbage
    const properties: Record<string, string> = {};
    for (const token of tokens.slice(1)) {
      const eq = token.indexOf('=');
      if (eq > 0) properties[token.slice(0, eq).toLowerCase()] = unquote(token.slice(eq + 1));
    }
    results.push({ method: (head[1] as string).toLowerCase(), result: (head[2] as string).toLowerCase(), properties });
  }
  return { authservId, results };
}

/**
 * The verdicts of the TOPMOST `Authentication-Results` header of `raw`, if its authserv-id is one
 * of `trustedIds`; otherwise `undefined`. Only the topmost counts: the receiving server adds its
 * header on top, and anything below may have been written by the sender. `alignedDomain` is the
 * `From:` domain when that header says `dmarc=pass` for it.
 */
export function trustedAuthenticationResults(raw: Buffer, fromAddress: string, trustedIds: readonly string[]): MessageAuthentication | undefined {
  const trusted = new Set(trustedIds.map((id) => id.trim().toLowerCase()).filter(Boolean));
  const top = authenticationResultsFields(raw)[0];
  const header = top === undefined ? undefined : parseAuthenticationResults(top);
  if (!header || !trusted.has(header.authservId)) return undefined;

  const result: MessageAuthentication = { verifiedBy: header.authservId, dkim: [] };
  for (const { method, result: verdict, properties: p } of header.results) {
    if (method === 'spf' && !result.spf) {
      const identity = p['smtp.mailfrom'] ?? p['smtp.helo'];
      result.spf = { result: toVerdict(verdict), ...(identity ? { domain: domainOf(identity) } : {}) };
    } else if (method === 'dkim' && result.dkim.length < 10) {
      const domain = p['header.d'] ?? (p['header.i'] ? domainOf(p['header.i']) : '');
      result.dkim.push({ result: toVerdict(verdict), domain: domain.toLowerCase(), ...(p['header.s'] ? { selector: p['header.s'] } : {}) });
    } else if (method === 'dmarc' && !result.dmarc) {
      const from = p['header.from']?.toLowerCase();
      result.dmarc = {
        result: toVerdict(verdict),
        ...(from ? { domain: from } : {}),
        ...(p['policy.dmarc'] ? { policy: p['policy.dmarc'].slice(0, 32) } : {}),
      };
    } else if (method === 'arc' && !result.arc) {
      result.arc = { result: toVerdict(verdict) };
    }
  }
  const fromDomain = domainOf(fromAddress);
  if (result.dmarc?.result === 'pass' && result.dmarc.domain === fromDomain) result.alignedDomain = fromDomain;
  return result;
}
