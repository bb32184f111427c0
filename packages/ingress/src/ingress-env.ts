import { defineEnvVariable, envSchemas } from '@org/orchestrator-contracts';
import { DEFAULT_DNS_TIMEOUT_MS } from './dns';
import { DEFAULT_CONNECTION_RATE, DEFAULT_MAX_CLIENTS, DEFAULT_MAX_RECIPIENTS } from './limits';
import { DEFAULT_MAX_MESSAGE_BYTES } from './smtp';

/** Default directory of quarantined messages (relative to the working directory). */
export const DEFAULT_QUARANTINE_DIR = '.data/quarantine';

const code = (value: unknown) => `\`${String(value)}\``;
const flag = (name: string, meaning: string) => defineEnvVariable({ name, schema: envSchemas.boolean, default: '`false`', meaning });

/**
 * The ingress's own variables, declared once: read by `ingressConfigFromEnv`, tabled in the
 * ingress app's README. The ones it shares with the worker (`THREAD_INDEX_DB_PATH`,
 * `BLOB_STORE_URL`, `DATABASE_URL`, …) are the contracts' `SHARED_ENV`.
 */
export const INGRESS_ENV = {
  domains: defineEnvVariable({
    name: 'INGRESS_DOMAINS',
    schema: envSchemas.list.describe('domains, comma-separated'),
    default: 'unset',
    meaning: 'Recipient domains; turns the SMTP server on',
  }),
  smtpHost: defineEnvVariable({
    name: 'SMTP_INGRESS_HOST',
    schema: envSchemas.text('a host name or IP address'),
    default: '`127.0.0.1`',
    meaning: 'Bind address of the SMTP server',
  }),
  smtpPort: defineEnvVariable({ name: 'SMTP_INGRESS_PORT', schema: envSchemas.integer(0, 65_535), default: '`2525`', meaning: 'Port of the SMTP server' }),
  maxMessageBytes: defineEnvVariable({
    name: 'INGRESS_MAX_MESSAGE_BYTES',
    schema: envSchemas.integer(1),
    default: `${code(DEFAULT_MAX_MESSAGE_BYTES)} (40 MiB)`,
    meaning: 'Larger messages get `552 5.3.4` (SMTP), or are left in the mailbox with their headers quarantined (IMAP)',
  }),
  maxClients: defineEnvVariable({
    name: 'SMTP_INGRESS_MAX_CLIENTS',
    schema: envSchemas.integer(1, 100_000),
    default: code(DEFAULT_MAX_CLIENTS),
    meaning: 'Simultaneous SMTP connections; one more gets `421`',
  }),
  maxRecipients: defineEnvVariable({
    name: 'SMTP_INGRESS_MAX_RECIPIENTS',
    schema: envSchemas.integer(1, 10_000),
    default: code(DEFAULT_MAX_RECIPIENTS),
    meaning: 'Recipients per message; one more gets `452 4.5.3`',
  }),
  ratePerIp: defineEnvVariable({
    name: 'SMTP_INGRESS_RATE_PER_IP',
    schema: envSchemas.integer(0, 1_000_000),
    default: code(DEFAULT_CONNECTION_RATE.max),
    meaning: 'New connections per window from one IPv4 address (or IPv6 /64); more get `421` (`0` turns it off; trusted networks are exempt)',
  }),
  rateWindowMs: defineEnvVariable({
    name: 'SMTP_INGRESS_RATE_WINDOW_MS',
    schema: envSchemas.integer(1_000, 86_400_000),
    default: code(DEFAULT_CONNECTION_RATE.windowMs),
    meaning: 'The window of `SMTP_INGRESS_RATE_PER_IP`, in milliseconds',
  }),
  tlsCert: defineEnvVariable({
    name: 'SMTP_INGRESS_TLS_CERT',
    schema: envSchemas.text('a PEM file'),
    default: 'unset',
    meaning: 'The certificate (chain); with `SMTP_INGRESS_TLS_KEY` turns STARTTLS on',
  }),
  tlsKey: defineEnvVariable({ name: 'SMTP_INGRESS_TLS_KEY', schema: envSchemas.text('a PEM file'), default: 'unset', meaning: 'The certificate’s key' }),
  authUsers: defineEnvVariable({
    name: 'SMTP_INGRESS_AUTH_USERS',
    schema: envSchemas.text('`user:password,user2:password2` (a password may contain `:`, not `,`)'),
    default: 'unset',
    meaning: 'Relay accounts for SMTP AUTH',
  }),
  authUsersFile: defineEnvVariable({
    name: 'SMTP_INGRESS_AUTH_USERS_FILE',
    schema: envSchemas.text('a file of `user:password` lines (`#` comments)'),
    default: 'unset',
    meaning: 'The same, kept out of the environment',
  }),
  authAllowInsecure: flag(
    'SMTP_INGRESS_AUTH_ALLOW_INSECURE',
    'Allow AUTH without STARTTLS (passwords in clear): loopback tests only. Without it, AUTH users need the TLS files',
  ),
  trustedNetworks: defineEnvVariable({
    name: 'SMTP_INGRESS_TRUSTED_NETWORKS',
    schema: envSchemas.list.describe('CIDRs, comma-separated (`10.0.0.0/8,fd00::/8`)'),
    default: 'unset',
    meaning: 'Networks of internal relays: their mail gets `authentication.relay` without AUTH',
  }),
  relayDomains: defineEnvVariable({
    name: 'SMTP_INGRESS_RELAY_DOMAINS',
    schema: envSchemas.list.describe('domains, comma-separated'),
    default: 'unset',
    meaning: '`From:` domains a relay vouches for (`alignedDomain` without DMARC); anything else it forwards is verified like any mail',
  }),
  imapUrl: defineEnvVariable({
    name: 'IMAP_URL',
    schema: envSchemas.text('`imap://user:pass@host:port/INBOX` or `imaps://…` (percent-encode `@` in the user as `%40`)'),
    default: 'unset',
    meaning: 'The mailbox to poll; turns the IMAP poller on',
  }),
  imapPollIntervalMs: defineEnvVariable({
    name: 'IMAP_POLL_INTERVAL_MS',
    schema: envSchemas.integer(1_000, 86_400_000),
    default: '`60000`',
    meaning: 'Safety-net poll while waiting in IDLE, in milliseconds',
  }),
  imapTlsInsecure: flag('IMAP_TLS_INSECURE', 'Accept a self-signed IMAP server certificate'),
  imapTrustedAuthservIds: defineEnvVariable({
    name: 'IMAP_TRUSTED_AUTHSERV_IDS',
    schema: envSchemas.list.describe('authserv-ids, comma-separated (e.g. `mx.example.com`)'),
    default: 'unset',
    meaning:
      'The mailbox’s own receiving servers: the topmost `Authentication-Results` header is believed only if its id is listed; otherwise the poller verifies DKIM/ARC itself',
  }),
  dnsOverrides: defineEnvVariable({
    name: 'INGRESS_DNS_OVERRIDES',
    schema: envSchemas.text('a JSON file of DNS records (see below)'),
    default: 'unset',
    meaning: 'DNS records answered locally before real DNS: for demos, tests and closed networks',
  }),
  dnsTimeoutMs: defineEnvVariable({
    name: 'INGRESS_DNS_TIMEOUT_MS',
    schema: envSchemas.integer(100, 60_000),
    default: code(DEFAULT_DNS_TIMEOUT_MS),
    meaning: 'Deadline of one DNS query for authentication, in milliseconds; a slow DNS gives `temperror`, never lost mail',
  }),
  quarantineDir: defineEnvVariable({
    name: 'QUARANTINE_DIR',
    schema: envSchemas.text('a directory'),
    default: code(DEFAULT_QUARANTINE_DIR),
    meaning:
      'Where messages that cannot be understood, or can never be delivered as they are, are kept raw (`<id>.eml` + `<id>.json` with `reason` and `code`)',
  }),
} as const;
