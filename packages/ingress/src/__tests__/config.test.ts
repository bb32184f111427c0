import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IngressConfigError, ingressConfigFromEnv, parseImapUrl } from '../index';

describe(ingressConfigFromEnv, () => {
  it('turns SMTP on with INGRESS_DOMAINS and applies defaults', () => {
    expect(ingressConfigFromEnv({ INGRESS_DOMAINS: ' Orders.Example.com, support.example.com ' })).toEqual({
      smtp: {
        host: '127.0.0.1',
        port: 2525,
        acceptDomains: ['orders.example.com', 'support.example.com'],
        maxMessageBytes: 40 * 1024 * 1024,
        maxClients: 100,
        maxRecipients: 50,
        connectionRate: { max: 60, windowMs: 60_000 },
      },
      quarantineDir: '.data/quarantine',
      threadIndexPath: '.data/orchestrator.sqlite',
      dnsTimeoutMs: 5_000,
    });
  });

  it('opens the worker’s thread index: THREAD_INDEX_DB_PATH, else ORCHESTRATOR_DB_PATH', () => {
    const domains = { INGRESS_DOMAINS: 'orders.example.com' };
    expect(ingressConfigFromEnv({ ...domains, ORCHESTRATOR_DB_PATH: '/var/lib/o/main.sqlite' }).threadIndexPath).toBe('/var/lib/o/main.sqlite');
    expect(
      ingressConfigFromEnv({ ...domains, ORCHESTRATOR_DB_PATH: '/var/lib/o/main.sqlite', THREAD_INDEX_DB_PATH: ' /srv/threads.sqlite ' }).threadIndexPath,
    ).toBe('/srv/threads.sqlite');
  });

  it('turns IMAP on with IMAP_URL', () => {
    const config = ingressConfigFromEnv({
      IMAP_URL: 'imaps://orders%40example.com:p%40ss@imap.example.com/Orders',
      IMAP_POLL_INTERVAL_MS: '5000',
      QUARANTINE_DIR: '/var/q',
    });
    expect(config).toEqual({
      imap: {
        account: { host: 'imap.example.com', port: 993, secure: true, auth: { user: 'orders@example.com', pass: 'p@ss' } },
        mailbox: 'Orders',
        pollIntervalMs: 5000,
        maxMessageBytes: 40 * 1024 * 1024,
        trustedAuthservIds: [],
      },
      quarantineDir: '/var/q',
      threadIndexPath: '.data/orchestrator.sqlite',
      dnsTimeoutMs: 5_000,
    });
  });

  it('reads IMAP_TLS_INSECURE as every boolean setting (yes is true), and refuses a typo instead of ignoring it', () => {
    const imap = (value: string) => ingressConfigFromEnv({ IMAP_URL: 'imaps://u:p@imap.example.com/INBOX', IMAP_TLS_INSECURE: value }).imap?.account.tls;
    expect(imap('yes')).toEqual({ rejectUnauthorized: false });
    expect(imap('ON')).toEqual({ rejectUnauthorized: false });
    expect(imap('no')).toBeUndefined();
    expect(() => imap('yse')).toThrow(new IngressConfigError('IMAP_TLS_INSECURE', 'must be true or false (true, 1, yes, on, false, 0, no, off), got "yse"'));
  });

  it('names the variable that is wrong', () => {
    expect(() => ingressConfigFromEnv({})).toThrow(new IngressConfigError('INGRESS_DOMAINS', 'or IMAP_URL must be set (SMTP server, IMAP poller or both)'));
    expect(() => ingressConfigFromEnv({ INGRESS_DOMAINS: 'a.example', SMTP_INGRESS_PORT: '70000' })).toThrow(/^SMTP_INGRESS_PORT must be an integer/);
    expect(() => ingressConfigFromEnv({ INGRESS_DOMAINS: 'a.example, bad domain' })).toThrow(/^INGRESS_DOMAINS contains an invalid domain/);
    expect(() => ingressConfigFromEnv({ INGRESS_DOMAINS: 'a.example', INGRESS_MAX_MESSAGE_BYTES: '1.5' })).toThrow(/^INGRESS_MAX_MESSAGE_BYTES/);
  });
});

describe(parseImapUrl, () => {
  it('defaults the port by scheme and the mailbox to INBOX', () => {
    expect(parseImapUrl('imap://u:p@127.0.0.1')).toEqual({
      account: { host: '127.0.0.1', port: 143, secure: false, auth: { user: 'u', pass: 'p' } },
      mailbox: 'INBOX',
    });
    expect(parseImapUrl('imap://u:p@localhost:1143/INBOX').account.port).toBe(1143);
  });

  it('rejects other schemes and URLs without a user', () => {
    expect(() => parseImapUrl('pop3://u:p@host')).toThrow(/^IMAP_URL must use imap:\/\/ or imaps:\/\//);
    expect(() => parseImapUrl('imap://host/INBOX')).toThrow(/^IMAP_URL must name a user and a host/);
    expect(() => parseImapUrl('not a url')).toThrow(/^IMAP_URL is not a URL/);
  });
});

describe('ingressConfigFromEnv: trust and limits', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'ingress-config-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };

  it('reads limits, TLS files, relay accounts and networks, trusted authserv-ids and DNS overrides', () => {
    const records = { TXT: { '_dmarc.demo.example': ['v=DMARC1; p=reject'] } };
    const config = ingressConfigFromEnv({
      INGRESS_DOMAINS: 'orders.example.com',
      SMTP_INGRESS_MAX_CLIENTS: '10',
      SMTP_INGRESS_MAX_RECIPIENTS: '5',
      SMTP_INGRESS_RATE_PER_IP: '20',
      SMTP_INGRESS_RATE_WINDOW_MS: '10000',
      SMTP_INGRESS_TLS_CERT: file('cert.pem', 'CERT'),
      SMTP_INGRESS_TLS_KEY: file('key.pem', 'KEY'),
      SMTP_INGRESS_AUTH_USERS: 'postfix:secret',
      SMTP_INGRESS_AUTH_USERS_FILE: file('users', '# relay accounts\nbackup:pa:ss\n'),
      SMTP_INGRESS_TRUSTED_NETWORKS: '10.0.0.0/8, fd00::/8',
      SMTP_INGRESS_RELAY_DOMAINS: 'Corp.Example',
      IMAP_URL: 'imap://u:p@localhost/INBOX',
      IMAP_TRUSTED_AUTHSERV_IDS: 'mx.corp.example, mx2.corp.example',
      INGRESS_DNS_OVERRIDES: file('dns.json', JSON.stringify(records)),
      INGRESS_DNS_TIMEOUT_MS: '2000',
    });
    expect(config.smtp).toMatchObject({ maxClients: 10, maxRecipients: 5, connectionRate: { max: 20, windowMs: 10_000 } });
    expect(config.smtp?.tls).toEqual({ cert: Buffer.from('CERT'), key: Buffer.from('KEY') });
    expect(config.smtp?.relay).toEqual({
      users: new Map([
        ['postfix', 'secret'],
        ['backup', 'pa:ss'],
      ]),
      networks: ['10.0.0.0/8', 'fd00::/8'],
      domains: ['corp.example'],
      allowInsecureAuth: false,
    });
    expect(config.imap?.trustedAuthservIds).toEqual(['mx.corp.example', 'mx2.corp.example']);
    expect(config.dnsOverrides).toEqual(records);
    expect(config.dnsTimeoutMs).toBe(2000);
  });

  it('turns the per-IP rate off with SMTP_INGRESS_RATE_PER_IP=0', () => {
    expect(ingressConfigFromEnv({ INGRESS_DOMAINS: 'a.example', SMTP_INGRESS_RATE_PER_IP: '0' }).smtp?.connectionRate).toBe(false);
  });

  it('refuses AUTH without STARTTLS unless explicitly allowed, and half a TLS setting', () => {
    expect(() => ingressConfigFromEnv({ INGRESS_DOMAINS: 'a.example', SMTP_INGRESS_AUTH_USERS: 'u:p' })).toThrow(/^SMTP_INGRESS_AUTH_USERS needs STARTTLS/);
    const insecure = ingressConfigFromEnv({ INGRESS_DOMAINS: 'a.example', SMTP_INGRESS_AUTH_USERS: 'u:p', SMTP_INGRESS_AUTH_ALLOW_INSECURE: 'true' });
    expect(insecure.smtp?.relay?.allowInsecureAuth).toBe(true);
    expect(() => ingressConfigFromEnv({ INGRESS_DOMAINS: 'a.example', SMTP_INGRESS_TLS_CERT: file('c.pem', 'C') })).toThrow(
      /^SMTP_INGRESS_TLS_KEY must be set too/,
    );
  });

  it('names the variable of a bad file or value', () => {
    expect(() => ingressConfigFromEnv({ INGRESS_DOMAINS: 'a.example', INGRESS_DNS_OVERRIDES: join(dir, 'missing.json') })).toThrow(
      /^INGRESS_DNS_OVERRIDES names a file that cannot be read/,
    );
    expect(() => ingressConfigFromEnv({ INGRESS_DOMAINS: 'a.example', INGRESS_DNS_OVERRIDES: file('bad.json', '{ nope') })).toThrow(
      /^INGRESS_DNS_OVERRIDES is not valid JSON/,
    );
    expect(() => ingressConfigFromEnv({ INGRESS_DOMAINS: 'a.example', SMTP_INGRESS_TRUSTED_NETWORKS: '10.0.0.0/40' })).toThrow(
      /^SMTP_INGRESS_TRUSTED_NETWORKS contains an invalid network/,
    );
    expect(() => ingressConfigFromEnv({ INGRESS_DOMAINS: 'a.example', SMTP_INGRESS_MAX_RECIPIENTS: '0' })).toThrow(
      /^SMTP_INGRESS_MAX_RECIPIENTS must be an integer/,
    );
  });
});
