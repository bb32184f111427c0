import { ConnectionRateLimiter, IngressConfigError, MessageBuffer, checkRelayCredentials, parseRelayCredentials, rateKey, trustedNetworks } from '../index';

describe(ConnectionRateLimiter, () => {
  it('admits max connections per window from one address, then refuses until the window ends', () => {
    const limiter = new ConnectionRateLimiter({ max: 3, windowMs: 1_000 });
    expect([0, 10, 20, 30].map((t) => limiter.admit('192.0.2.1', t))).toEqual([true, true, true, false]);
    expect(limiter.admit('192.0.2.2', 40)).toBe(true); // another address has its own window
    expect(limiter.admit('192.0.2.1', 1_001)).toBe(true);
  });

  it('remembers at most maxAddresses addresses, forgetting the oldest window first', () => {
    const limiter = new ConnectionRateLimiter({ max: 1, windowMs: 60_000 }, 100);
    for (let i = 0; i < 10_000; i += 1) limiter.admit(`10.0.${i >> 8}.${i & 255}`, i);
    expect(limiter.size).toBe(100);
    expect(limiter.admit('10.0.39.15', 10_001)).toBe(false); // the newest (i = 9999) is still counted
    expect(limiter.admit('10.0.0.0', 10_002)).toBe(true); // the oldest was forgotten
  });

  it('refuses nonsense settings', () => {
    expect(() => new ConnectionRateLimiter({ max: 0, windowMs: 1 })).toThrow(IngressConfigError);
  });
});

describe(rateKey, () => {
  it('counts IPv4 per address and IPv6 per /64', () => {
    expect(rateKey('192.0.2.1')).toBe('192.0.2.1');
    expect(rateKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(rateKey('2001:db8:0:1::1')).toBe('2001:db8:0:1::/64');
    expect(rateKey('2001:0db8:0000:0001:ffff:1:2:3')).toBe('2001:db8:0:1::/64');
    expect(rateKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe(trustedNetworks, () => {
  it('matches IPv4 and IPv6 CIDRs and single addresses, including IPv4-mapped IPv6', () => {
    const trusted = trustedNetworks(['10.0.0.0/8', '192.0.2.7', 'fd00::/8']);
    expect(['10.1.2.3', '::ffff:10.1.2.3', '192.0.2.7', 'fd12::1'].map(trusted)).toEqual([true, true, true, true]);
    expect(['11.0.0.1', '192.0.2.8', '2001:db8::1', 'not-an-ip'].map(trusted)).toEqual([false, false, false, false]);
  });

  it('names the variable for a bad entry', () => {
    expect(() => trustedNetworks(['10.0.0.0/33'])).toThrow(/^SMTP_INGRESS_TRUSTED_NETWORKS contains an invalid network: "10.0.0.0\/33"/);
    expect(() => trustedNetworks(['example.com'])).toThrow(IngressConfigError);
  });
});

describe(checkRelayCredentials, () => {
  const users = parseRelayCredentials('postfix:s3cret:with:colons, # comment\nbackup:other');

  it('parses user:password entries separated by commas or lines', () => {
    expect([...users]).toEqual([
      ['postfix', 's3cret:with:colons'],
      ['backup', 'other'],
    ]);
    expect(() => parseRelayCredentials('nopassword')).toThrow(/^SMTP_INGRESS_AUTH_USERS entries must be user:password/);
  });

  it('accepts only the exact password of a known user', () => {
    expect(checkRelayCredentials(users, 'postfix', 's3cret:with:colons')).toBe(true);
    expect(checkRelayCredentials(users, 'postfix', 's3cret')).toBe(false);
    expect(checkRelayCredentials(users, 'nobody', 's3cret:with:colons')).toBe(false);
    expect(checkRelayCredentials(users, 'nobody', '')).toBe(false);
  });
});

describe(MessageBuffer, () => {
  it('keeps the bytes in one buffer and returns a view of it, not a copy', () => {
    const buffer = new MessageBuffer(1024 * 1024);
    const chunks = Array.from({ length: 50 }, (_, i) => Buffer.alloc(10_000, i));
    for (const chunk of chunks) buffer.push(chunk);
    expect(buffer.exceeded).toBe(false);
    expect(buffer.bytes().equals(Buffer.concat(chunks))).toBe(true);
    const view = buffer.bytes();
    view[0] = 0xff;
    expect(buffer.bytes()[0]).toBe(0xff);
  });

  it('starts at the announced size, grows once to maxBytes for a client that sent more, and keeps nothing past it', () => {
    const buffer = new MessageBuffer(100, 10);
    buffer.push(Buffer.alloc(60, 1));
    buffer.push(Buffer.alloc(40, 2));
    expect(buffer.bytes().length).toBe(100);
    buffer.push(Buffer.alloc(1, 3));
    expect(buffer.exceeded).toBe(true);
    expect(buffer.received).toBe(101);
    expect(buffer.bytes().length).toBe(100); // nothing past the limit is kept
  });
});
