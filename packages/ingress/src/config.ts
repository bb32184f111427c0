import { readFileSync } from 'node:fs';
import { envSchemas, readEnv } from '@org/orchestrator-contracts';
import type { StaticDnsRecords } from './dns';
import { DEFAULT_DNS_TIMEOUT_MS, parseDnsRecords } from './dns';
import type { ImapAccount } from './imap';
import { IngressConfigError } from './errors';
import { DEFAULT_CONNECTION_RATE, DEFAULT_MAX_CLIENTS, DEFAULT_MAX_RECIPIENTS, parseRelayCredentials, trustedNetworks } from './limits';
import type { SmtpRelayOptions } from './smtp';
import { DEFAULT_MAX_MESSAGE_BYTES } from './smtp';

/** Default directory of quarantined messages (relative to the working directory). */
export const DEFAULT_QUARANTINE_DIR = '.data/quarantine';

/** Default SQLite file of the thread index: the worker's default orchestrator store, so one host works as is. */
export const DEFAULT_THREAD_INDEX_DB_PATH = '.data/orchestrator.sqlite';

/** Ingress settings read from the environment by {@link ingressConfigFromEnv}. */
export interface IngressConfig {
  /** Present when `INGRESS_DOMAINS` is set: the SMTP server runs. */
  smtp?: {
    host: string;
    port: number;
    acceptDomains: string[];
    maxMessageBytes: number;
    maxClients: number;
    maxRecipients: number;
    /** `false` when `SMTP_INGRESS_RATE_PER_IP=0`. */
    connectionRate: { max: number; windowMs: number } | false;
    /** Read from `SMTP_INGRESS_TLS_CERT` / `SMTP_INGRESS_TLS_KEY`. */
    tls?: { cert: Buffer; key: Buffer };
    /** Present when relay accounts or networks are configured. */
    relay?: SmtpRelayOptions;
  };
  /** Present when `IMAP_URL` is set: the IMAP poller runs. */
  imap?: { account: ImapAccount; mailbox: string; pollIntervalMs: number; maxMessageBytes: number; trustedAuthservIds: string[] };
  quarantineDir: string;
  /** SQLite file of the thread index, shared with the worker of this host. */
  threadIndexPath: string;
  /** Records read from `INGRESS_DNS_OVERRIDES`, answered before real DNS. */
  dnsOverrides?: StaticDnsRecords;
  /** Deadline of one DNS query (`INGRESS_DNS_TIMEOUT_MS`). */
  dnsTimeoutMs: number;
}

/**
 * Reads the ingress settings:
 * - `INGRESS_DOMAINS`: comma-separated recipient domains; turns the SMTP server on;
 * - `SMTP_INGRESS_HOST` (default `127.0.0.1`), `SMTP_INGRESS_PORT` (`2525`),
 *   `INGRESS_MAX_MESSAGE_BYTES` (40 MiB, for SMTP and IMAP);
 * - `IMAP_URL`: `imap://user:pass@host:port/MAILBOX` or `imaps://…` (user and password
 *   percent-encoded; mailbox defaults to `INBOX`); turns the IMAP poller on;
 *   `IMAP_POLL_INTERVAL_MS` (60000); `IMAP_TLS_INSECURE=true` accepts a self-signed certificate;
 * - `SMTP_INGRESS_MAX_CLIENTS` (100), `SMTP_INGRESS_MAX_RECIPIENTS` (50),
 *   `SMTP_INGRESS_RATE_PER_IP` (60; `0` turns it off) new connections per
 *   `SMTP_INGRESS_RATE_WINDOW_MS` (60000) from one address;
 * - `SMTP_INGRESS_TLS_CERT`, `SMTP_INGRESS_TLS_KEY`: PEM files; both turn STARTTLS on;
 * - `SMTP_INGRESS_AUTH_USERS` (`user:password,…`) and/or `SMTP_INGRESS_AUTH_USERS_FILE` (one
 *   `user:password` a line): relay accounts for SMTP AUTH, which needs STARTTLS unless
 *   `SMTP_INGRESS_AUTH_ALLOW_INSECURE=true` (loopback tests only);
 *   `SMTP_INGRESS_TRUSTED_NETWORKS` (CIDRs): relay networks; `SMTP_INGRESS_RELAY_DOMAINS`: the
 *   `From:` domains relays vouch for;
 * - `IMAP_TRUSTED_AUTHSERV_IDS`: authserv-ids whose topmost `Authentication-Results` is believed;
 * - `INGRESS_DNS_OVERRIDES`: a JSON file of DNS records answered before real DNS
 *   ({@link StaticDnsRecords}); `INGRESS_DNS_TIMEOUT_MS` (5000) per query;
 * - `QUARANTINE_DIR` (default `.data/quarantine`);
 * - `THREAD_INDEX_DB_PATH`: the thread index's SQLite file, which the worker of the same host
 *   must open too (default `ORCHESTRATOR_DB_PATH`, else `.data/orchestrator.sqlite`, as the worker).
 * @throws {IngressConfigError} naming the variable, for a bad value or when neither SMTP nor IMAP is configured.
 */
export function ingressConfigFromEnv(env: NodeJS.ProcessEnv = process.env): IngressConfig {
  const config: IngressConfig = {
    quarantineDir: env['QUARANTINE_DIR']?.trim() || DEFAULT_QUARANTINE_DIR,
    threadIndexPath: env['THREAD_INDEX_DB_PATH']?.trim() || env['ORCHESTRATOR_DB_PATH']?.trim() || DEFAULT_THREAD_INDEX_DB_PATH,
    dnsTimeoutMs: integer(env, 'INGRESS_DNS_TIMEOUT_MS', DEFAULT_DNS_TIMEOUT_MS, 100, 60_000),
  };
  const dnsFile = env['INGRESS_DNS_OVERRIDES']?.trim();
  if (dnsFile) config.dnsOverrides = parseDnsRecords(json(readText('INGRESS_DNS_OVERRIDES', dnsFile), 'INGRESS_DNS_OVERRIDES'));
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
      ...smtpLimitsFromEnv(env),
    };
  }
  const imapUrl = env['IMAP_URL']?.trim();
  if (imapUrl) {
    const { account, mailbox } = parseImapUrl(imapUrl);
    if (flag(env, 'IMAP_TLS_INSECURE')) account.tls = { rejectUnauthorized: false };
    const pollIntervalMs = integer(env, 'IMAP_POLL_INTERVAL_MS', 60_000, 1_000, 86_400_000);
    config.imap = { account, mailbox, pollIntervalMs, maxMessageBytes, trustedAuthservIds: list(env, 'IMAP_TRUSTED_AUTHSERV_IDS') };
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

function smtpLimitsFromEnv(env: NodeJS.ProcessEnv): Omit<NonNullable<IngressConfig['smtp']>, 'host' | 'port' | 'acceptDomains' | 'maxMessageBytes'> {
  const perIp = integer(env, 'SMTP_INGRESS_RATE_PER_IP', DEFAULT_CONNECTION_RATE.max, 0, 1_000_000);
  const windowMs = integer(env, 'SMTP_INGRESS_RATE_WINDOW_MS', DEFAULT_CONNECTION_RATE.windowMs, 1_000, 86_400_000);
  const limits: ReturnType<typeof smtpLimitsFromEnv> = {
    maxClients: integer(env, 'SMTP_INGRESS_MAX_CLIENTS', DEFAULT_MAX_CLIENTS, 1, 100_000),
    maxRecipients: integer(env, 'SMTP_INGRESS_MAX_RECIPIENTS', DEFAULT_MAX_RECIPIENTS, 1, 10_000),
    connectionRate: perIp === 0 ? false : { max: perIp, windowMs },
  };
  const certPath = env['SMTP_INGRESS_TLS_CERT']?.trim();
  const keyPath = env['SMTP_INGRESS_TLS_KEY']?.trim();
  if (Boolean(certPath) !== Boolean(keyPath)) {
    throw new IngressConfigError(certPath ? 'SMTP_INGRESS_TLS_KEY' : 'SMTP_INGRESS_TLS_CERT', 'must be set too (STARTTLS needs a certificate and its key)');
  }
  if (certPath && keyPath) limits.tls = { cert: readFile('SMTP_INGRESS_TLS_CERT', certPath), key: readFile('SMTP_INGRESS_TLS_KEY', keyPath) };

  const users = parseRelayCredentials(env['SMTP_INGRESS_AUTH_USERS'] ?? '', 'SMTP_INGRESS_AUTH_USERS');
  const usersFile = env['SMTP_INGRESS_AUTH_USERS_FILE']?.trim();
  if (usersFile) {
    for (const [user, pass] of parseRelayCredentials(readText('SMTP_INGRESS_AUTH_USERS_FILE', usersFile), 'SMTP_INGRESS_AUTH_USERS_FILE'))
      users.set(user, pass);
  }
  const networks = list(env, 'SMTP_INGRESS_TRUSTED_NETWORKS');
  trustedNetworks(networks); // throws naming the variable
  const relayDomains = list(env, 'SMTP_INGRESS_RELAY_DOMAINS').map((d) => d.toLowerCase());
  const allowInsecureAuth = flag(env, 'SMTP_INGRESS_AUTH_ALLOW_INSECURE');
  if (users.size && !limits.tls && !allowInsecureAuth) {
    throw new IngressConfigError(
      'SMTP_INGRESS_AUTH_USERS',
      'needs STARTTLS (SMTP_INGRESS_TLS_CERT and SMTP_INGRESS_TLS_KEY): AUTH would send passwords in clear',
    );
  }
  if (users.size || networks.length) limits.relay = { users, networks, domains: relayDomains, allowInsecureAuth };
  return limits;
}

function list(env: NodeJS.ProcessEnv, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** A boolean setting, spelled as every package reads them (`true/1/yes/on`, `false/0/no/off`); anything else is refused. */
function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  return readEnv(env, name, envSchemas.boolean, IngressConfigError) ?? false;
}

function readFile(name: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new IngressConfigError(name, `names a file that cannot be read (${path}): ${(error as Error).message}`);
  }
}

const readText = (name: string, path: string) => readFile(name, path).toString('utf8');

function json(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new IngressConfigError(name, `is not valid JSON: ${(error as Error).message}`);
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  return readEnv(env, name, envSchemas.integer(min, max), IngressConfigError) ?? fallback;
}
