import { readFileSync } from 'node:fs';
import type { EnvSource, EnvVariableSpec } from '@org/orchestrator-contracts';
import { DEFAULT_ORCHESTRATOR_DB_PATH, SHARED_ENV, readEnvVariable } from '@org/orchestrator-contracts';
import type { StaticDnsRecords } from './dns';
import { DEFAULT_DNS_TIMEOUT_MS, parseDnsRecords } from './dns';
import { DEFAULT_QUARANTINE_DIR, INGRESS_ENV } from './ingress-env';
import type { ImapAccount } from './imap';
import { IngressConfigError } from './errors';
import { DEFAULT_CONNECTION_RATE, DEFAULT_MAX_CLIENTS, DEFAULT_MAX_RECIPIENTS, parseRelayCredentials, trustedNetworks } from './limits';
import type { SmtpRelayOptions } from './smtp';
import { DEFAULT_MAX_MESSAGE_BYTES } from './smtp';

export { DEFAULT_QUARANTINE_DIR };

/** Default SQLite file of the thread index: the worker's default orchestrator store, so one host works as is. */
export const DEFAULT_THREAD_INDEX_DB_PATH = DEFAULT_ORCHESTRATOR_DB_PATH;

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
 * Reads the ingress settings: the variables of `INGRESS_ENV` (the ingress app's README tables them)
 * and the thread index's file, `THREAD_INDEX_DB_PATH`, which the worker of the same host must open
 * too (default `ORCHESTRATOR_DB_PATH`, else `.data/orchestrator.sqlite`, as the worker).
 * `INGRESS_DOMAINS` turns the SMTP server on, `IMAP_URL` the IMAP poller; at least one is needed.
 * @throws {IngressConfigError} naming the variable, for a bad value or when neither SMTP nor IMAP is configured.
 */
export function ingressConfigFromEnv(env: EnvSource = process.env): IngressConfig {
  const read = reader(env);
  const config: IngressConfig = {
    quarantineDir: read(INGRESS_ENV.quarantineDir) ?? DEFAULT_QUARANTINE_DIR,
    threadIndexPath: read(SHARED_ENV.threadIndexDbPath) ?? read(SHARED_ENV.orchestratorDbPath) ?? DEFAULT_THREAD_INDEX_DB_PATH,
    dnsTimeoutMs: read(INGRESS_ENV.dnsTimeoutMs) ?? DEFAULT_DNS_TIMEOUT_MS,
  };
  const dnsFile = read(INGRESS_ENV.dnsOverrides);
  if (dnsFile) config.dnsOverrides = parseDnsRecords(json(readText('INGRESS_DNS_OVERRIDES', dnsFile), 'INGRESS_DNS_OVERRIDES'));
  const maxMessageBytes = read(INGRESS_ENV.maxMessageBytes) ?? DEFAULT_MAX_MESSAGE_BYTES;
  const domains = (read(INGRESS_ENV.domains) ?? []).map((d) => d.toLowerCase());
  if (domains.length) {
    for (const domain of domains) {
      if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(domain)) {
        throw new IngressConfigError('INGRESS_DOMAINS', `contains an invalid domain: ${JSON.stringify(domain)}`);
      }
    }
    config.smtp = {
      host: read(INGRESS_ENV.smtpHost) ?? '127.0.0.1',
      port: read(INGRESS_ENV.smtpPort) ?? 2525,
      acceptDomains: domains,
      maxMessageBytes,
      ...smtpLimitsFromEnv(read),
    };
  }
  const imapUrl = read(INGRESS_ENV.imapUrl);
  if (imapUrl) {
    const { account, mailbox } = parseImapUrl(imapUrl);
    if (read(INGRESS_ENV.imapTlsInsecure)) account.tls = { rejectUnauthorized: false };
    const pollIntervalMs = read(INGRESS_ENV.imapPollIntervalMs) ?? 60_000;
    config.imap = { account, mailbox, pollIntervalMs, maxMessageBytes, trustedAuthservIds: read(INGRESS_ENV.imapTrustedAuthservIds) ?? [] };
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

type Reader = <T>(spec: EnvVariableSpec<T>) => T | undefined;

/** Reads declared variables, throwing `IngressConfigError` naming the variable. */
const reader =
  (env: EnvSource): Reader =>
  (spec) =>
    readEnvVariable(env, spec, IngressConfigError);

function smtpLimitsFromEnv(read: Reader): Omit<NonNullable<IngressConfig['smtp']>, 'host' | 'port' | 'acceptDomains' | 'maxMessageBytes'> {
  const perIp = read(INGRESS_ENV.ratePerIp) ?? DEFAULT_CONNECTION_RATE.max;
  const windowMs = read(INGRESS_ENV.rateWindowMs) ?? DEFAULT_CONNECTION_RATE.windowMs;
  const limits: ReturnType<typeof smtpLimitsFromEnv> = {
    maxClients: read(INGRESS_ENV.maxClients) ?? DEFAULT_MAX_CLIENTS,
    maxRecipients: read(INGRESS_ENV.maxRecipients) ?? DEFAULT_MAX_RECIPIENTS,
    connectionRate: perIp === 0 ? false : { max: perIp, windowMs },
  };
  const certPath = read(INGRESS_ENV.tlsCert);
  const keyPath = read(INGRESS_ENV.tlsKey);
  if (Boolean(certPath) !== Boolean(keyPath)) {
    throw new IngressConfigError(certPath ? 'SMTP_INGRESS_TLS_KEY' : 'SMTP_INGRESS_TLS_CERT', 'must be set too (STARTTLS needs a certificate and its key)');
  }
  if (certPath && keyPath) limits.tls = { cert: readFile('SMTP_INGRESS_TLS_CERT', certPath), key: readFile('SMTP_INGRESS_TLS_KEY', keyPath) };

  const users = parseRelayCredentials(read(INGRESS_ENV.authUsers) ?? '', 'SMTP_INGRESS_AUTH_USERS');
  const usersFile = read(INGRESS_ENV.authUsersFile);
  if (usersFile) {
    for (const [user, pass] of parseRelayCredentials(readText('SMTP_INGRESS_AUTH_USERS_FILE', usersFile), 'SMTP_INGRESS_AUTH_USERS_FILE'))
      users.set(user, pass);
  }
  const networks = read(INGRESS_ENV.trustedNetworks) ?? [];
  trustedNetworks(networks); // throws naming the variable
  const relayDomains = (read(INGRESS_ENV.relayDomains) ?? []).map((d) => d.toLowerCase());
  const allowInsecureAuth = read(INGRESS_ENV.authAllowInsecure) ?? false;
  if (users.size && !limits.tls && !allowInsecureAuth) {
    throw new IngressConfigError(
      'SMTP_INGRESS_AUTH_USERS',
      'needs STARTTLS (SMTP_INGRESS_TLS_CERT and SMTP_INGRESS_TLS_KEY): AUTH would send passwords in clear',
    );
  }
  if (users.size || networks.length) limits.relay = { users, networks, domains: relayDomains, allowInsecureAuth };
  return limits;
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
