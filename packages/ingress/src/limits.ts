import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { IngressConfigError } from './errors';

/** Default most simultaneous SMTP connections; one more gets `421`. */
export const DEFAULT_MAX_CLIENTS = 100;
/** Default most recipients of one message; one more gets `452 4.5.3`. */
export const DEFAULT_MAX_RECIPIENTS = 50;
/** Default per-IP connection rate: at most `max` new connections per `windowMs` from one address. */
export const DEFAULT_CONNECTION_RATE = { max: 60, windowMs: 60_000 } as const;
/** Default number of addresses the rate table remembers; the oldest window is forgotten first. */
export const DEFAULT_RATE_TABLE_SIZE = 10_000;

/**
 * Counts new connections per remote address in fixed windows. The table holds at most
 * `maxAddresses` entries (bounded memory under a flood from many addresses): when full, the
 * address whose window started first is forgotten.
 */
export class ConnectionRateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly rate: { max: number; windowMs: number } = DEFAULT_CONNECTION_RATE,
    private readonly maxAddresses = DEFAULT_RATE_TABLE_SIZE,
  ) {
    if (!Number.isInteger(rate.max) || rate.max < 1) throw new IngressConfigError('connectionRate.max', `must be a positive integer, got ${rate.max}`);
    if (!(rate.windowMs > 0)) throw new IngressConfigError('connectionRate.windowMs', `must be positive, got ${rate.windowMs}`);
  }

  /** Counts a connection from `address`; `false` when it is over the rate and must be refused. */
  admit(address: string, now = Date.now()): boolean {
    const current = this.windows.get(address);
    if (current && now - current.startedAt < this.rate.windowMs) {
      current.count += 1;
      return current.count <= this.rate.max;
    }
    // A new window goes to the end, so the Map's first key is always the oldest window.
    this.windows.delete(address);
    while (this.windows.size >= this.maxAddresses) {
      const oldest = this.windows.keys().next().value as string;
      this.windows.delete(oldest);
    }
    this.windows.set(address, { startedAt: now, count: 1 });
    return true;
  }

  /** Addresses currently remembered (never more than `maxAddresses`). */
  get size(): number {
    return this.windows.size;
  }
}

/** Strips the IPv4-mapped prefix (`::ffff:10.0.0.1`), so IPv4 rules match dual-stack sockets. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? (mapped[1] as string) : address;
}

/**
 * The key the connection rate is counted under: the IPv4 address, or the /64 of an IPv6 address
 * (one subscriber usually holds a whole /64, and would otherwise get 2^64 separate allowances).
 */
export function rateKey(address: string): string {
  const ip = normalizeAddress(address);
  if (!isIPv6(ip)) return ip;
  const [head = '', tail] = ip.toLowerCase().split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * Networks given as CIDRs (`10.0.0.0/8`, `fd00::/8`) or single addresses.
 * @throws {IngressConfigError} for anything else, naming `variable`.
 */
export function trustedNetworks(cidrs: readonly string[], variable = 'SMTP_INGRESS_TRUSTED_NETWORKS'): (address: string) => boolean {
  const list = new BlockList();
  for (const entry of cidrs.map((c) => c.trim()).filter(Boolean)) {
    const [address = '', prefix] = entry.split('/');
    const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
    const bits = prefix === undefined ? (family === 'ipv4' ? 32 : 128) : Number(prefix);
    if (!family || !Number.isInteger(bits) || bits < 0 || bits > (family === 'ipv4' ? 32 : 128)) {
      throw new IngressConfigError(variable, `contains an invalid network: ${JSON.stringify(entry)} (expected e.g. 10.0.0.0/8)`);
    }
    list.addSubnet(address, bits, family);
  }
  return (address) => {
    const ip = normalizeAddress(address);
    return isIPv4(ip) ? list.check(ip, 'ipv4') : isIPv6(ip) ? list.check(ip, 'ipv6') : false;
  };
}

/**
 * Parses relay credentials, `user:password` separated by commas or new lines (the password may
 * contain `:`; blank lines and lines starting with `#` are skipped).
 * @throws {IngressConfigError} for an entry without user or password, naming `variable`.
 */
export function parseRelayCredentials(text: string, variable = 'SMTP_INGRESS_AUTH_USERS'): Map<string, string> {
  const users = new Map<string, string>();
  for (const entry of text.split(/[,\n]/).map((e) => e.trim())) {
    if (!entry || entry.startsWith('#')) continue;
    const colon = entry.indexOf(':');
    if (colon <= 0 || colon === entry.length - 1) throw new IngressConfigError(variable, 'entries must be user:password');
    users.set(entry.slice(0, colon), entry.slice(colon + 1));
  }
  return users;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
const NO_SUCH_USER = digest('\0no such user\0');

/**
 * Whether `user` / `password` match a configured relay account. Compares digests in constant time,
 * and an unknown user costs the same as a wrong password, so timing tells nothing.
 */
export function checkRelayCredentials(users: ReadonlyMap<string, string>, user: string, password: string): boolean {
  const expected = users.get(user);
  const match = timingSafeEqual(digest(password), expected === undefined ? NO_SUCH_USER : digest(expected));
  return expected !== undefined && match;
}

/**
 * The bytes of one message as they stream in, kept in ONE buffer: no list of chunks to concatenate
 * at the end (two copies) and no regrowing (old and new buffer alive at once). The buffer is
 * allocated once, at the size the client announced (`SIZE=`) or else at `maxBytes`, uninitialised
 * (`Buffer.allocUnsafe`): the operating system commits its pages only as bytes are written, so
 * resident memory follows the bytes received. A client that sends more than it announced makes
 * it grow once, to `maxBytes`. Bytes past `maxBytes` are counted, not kept.
 */
export class MessageBuffer {
  private buffer: Buffer;
  private length = 0;
  /** Every byte received, including those past `maxBytes`. */
  received = 0;

  constructor(
    private readonly maxBytes: number,
    announcedBytes?: number,
  ) {
    this.buffer = Buffer.allocUnsafe(announcedBytes && announcedBytes > 0 ? Math.min(announcedBytes, maxBytes) : maxBytes);
  }

  push(chunk: Buffer): void {
    this.received += chunk.length;
    if (this.received > this.maxBytes) return;
    const needed = this.length + chunk.length;
    if (needed > this.buffer.length) {
      const grown = Buffer.allocUnsafe(this.maxBytes);
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    chunk.copy(this.buffer, this.length);
    this.length = needed;
  }

  get exceeded(): boolean {
    return this.received > this.maxBytes;
  }

  /** The message: a view of the buffer, not a copy. */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}
