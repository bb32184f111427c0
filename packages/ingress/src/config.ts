import type { ImapAccount } from './imap';
import { IngressConfigError } from './errors';
import { DEFAULT_MAX_MESSAGE_BYTES } from './smtp';

/** Default directory of quarantined messages (relative to the working directory). */
export const DEFAULT_QUARANTINE_DIR = '.data/quarantine';

/** Ingress settings read from the environment by {@link ingressConfigFromEnv}. */
export interface IngressConfig {
  /** Present when `INGRESS_DOMAINS` is set: the SMTP server runs. */
  smtp?: { host: string; port: number; acceptDomains: string[]; maxMessageBytes: number };
  /** Present when `IMAP_URL` is set: the IMAP poller runs. */
  imap?: { account: ImapAccount; mailbox: string; pollIntervalMs: number; maxMessageBytes: number };
  quarantineDir: string;
}

/**
 * Reads the ingress settings:
 * - `INGRESS_DOMAINS`: comma-separated recipient domains; turns the SMTP server on;
 * - `SMTP_INGRESS_HOST` (default `127.0.0.1`), `SMTP_INGRESS_PORT` (`2525`),
 *   `INGRESS_MAX_MESSAGE_BYTES` (40 MiB, for SMTP and IMAP);
 * - `IMAP_URL`: `imap://user:pass@host:port/MAILBOX` or `imaps://…` (user and password
 *   percent-encoded; mailbox defaults to `INBOX`); turns the IMAP poller on;
 *   `IMAP_POLL_INTERVAL_MS` (60000); `IMAP_TLS_INSECURE=true` accepts a self-signed certificate;
 * - `QUARANTINE_DIR` (default `.data/quarantine`).
 * @throws {IngressConfigError} naming the variable, for a bad value or when neither SMTP nor IMAP is configured.
 */
export function ingressConfigFromEnv(env: NodeJS.ProcessEnv = process.env): IngressConfig {
  const config: IngressConfig = { quarantineDir: env['QUARANTINE_DIR']?.trim() || DEFAULT_QUARANTINE_DIR };
  const maxMessageBytes = integer(env, 'INGRESS_MAX_MESSAGE_BYTES', DEFAULT_MAX_MESSAGE_BYTES, 1, Number.MAX_SAFE_INTEGER);
  const domains = (env['INGRESS_DOMAINS'] ?? '')
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
  if (domains.length) {
    for (const domain of domains) {
      if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(domain)) {
        throw new IngressConfigError('INGRESS_DOMAINS', `contains an invalid domain: ${JSON.stringify(domain)}`);
      }
    }
    config.smtp = {
      host: env['SMTP_INGRESS_HOST']?.trim() || '127.0.0.1',
      port: integer(env, 'SMTP_INGRESS_PORT', 2525, 0, 65_535),
      acceptDomains: domains,
      maxMessageBytes,
    };
  }
  const imapUrl = env['IMAP_URL']?.trim();
  if (imapUrl) {
    const { account, mailbox } = parseImapUrl(imapUrl);
    const insecure = env['IMAP_TLS_INSECURE']?.trim().toLowerCase();
    if (insecure === 'true' || insecure === '1') account.tls = { rejectUnauthorized: false };
    config.imap = { account, mailbox, pollIntervalMs: integer(env, 'IMAP_POLL_INTERVAL_MS', 60_000, 1_000, 86_400_000), maxMessageBytes };
  }
  if (!config.smtp && !config.imap) {
    throw new IngressConfigError('INGRESS_DOMAINS', 'or IMAP_URL must be set (SMTP server, IMAP poller or both)');
  }
  return config;
}

/**
 * Parses `imap://user:pass@host:port/MAILBOX` (`imaps://` for implicit TLS; ports default to 143
 * and 993; mailbox to `INBOX`). User, password and mailbox are percent-decoded.
 * @throws {IngressConfigError} for another scheme or a URL without host or user.
 * @example parseImapUrl('imaps://orders%40example.com:secret@imap.example.com/INBOX')
 */
export function parseImapUrl(value: string): { account: ImapAccount; mailbox: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new IngressConfigError('IMAP_URL', 'is not a URL (expected imap://user:pass@host:port/INBOX)');
  }
  if (url.protocol !== 'imap:' && url.protocol !== 'imaps:') {
    throw new IngressConfigError('IMAP_URL', `must use imap:// or imaps://, got ${url.protocol}//`);
  }
  if (!url.hostname || !url.username) throw new IngressConfigError('IMAP_URL', 'must name a user and a host (imap://user:pass@host/INBOX)');
  const secure = url.protocol === 'imaps:';
  const mailbox = decodeURIComponent(url.pathname.replace(/^\/+/, '')) || 'INBOX';
  return {
    account: {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port ? Number(url.port) : secure ? 993 : 143,
      secure,
      auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    },
    mailbox,
  };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new IngressConfigError(name, `must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}
