import { IngressConfigError, ingressConfigFromEnv, parseImapUrl } from '../index';

describe(ingressConfigFromEnv, () => {
  it('turns SMTP on with INGRESS_DOMAINS and applies defaults', () => {
    expect(ingressConfigFromEnv({ INGRESS_DOMAINS: ' Orders.Example.com, support.example.com ' })).toEqual({
      smtp: { host: '127.0.0.1', port: 2525, acceptDomains: ['orders.example.com', 'support.example.com'], maxMessageBytes: 40 * 1024 * 1024 },
      quarantineDir: '.data/quarantine',
    });
  });

  it('turns IMAP on with IMAP_URL', () => {
    const config = ingressConfigFromEnv({ IMAP_URL: 'imaps://orders%40example.com:p%40ss@imap.example.com/Orders', IMAP_POLL_INTERVAL_MS: '5000', QUARANTINE_DIR: '/var/q' });
    expect(config).toEqual({
      imap: {
        account: { host: 'imap.example.com', port: 993, secure: true, auth: { user: 'orders@example.com', pass: 'p@ss' } },
        mailbox: 'Orders',
        pollIntervalMs: 5000,
        maxMessageBytes: 40 * 1024 * 1024,
      },
      quarantineDir: '/var/q',
    });
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
