import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { seededRandom } from '@org/orchestrator-testing';

/** One generated message: where it came from and what was done to it, so a failure can be replayed. */
export interface FuzzCase {
  index: number;
  /** `<corpus file>+<mutation>+…`, e.g. `03-shift-jis.eml+truncate+nul-bytes`. */
  name: string;
  raw: Buffer;
}

type Random = () => number;
const int = (rng: Random, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const pick = <T>(rng: Random, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

/** The email package's corpus of real-world and broken messages (read from the workspace sources). */
export function loadCorpus(): { name: string; raw: Buffer }[] {
  const dir = join(dirname(require.resolve('@org/orchestrator-email/package.json')), 'src', '__tests__', 'corpus');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((name) => ({ name, raw: readFileSync(join(dir, name)) }));
}

/** Splits at the first blank line: the header section (with its line break) and the body. */
function split(raw: Buffer): { head: string; body: string } {
  const text = raw.toString('latin1');
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return { head: text, body: '' };
  return { head: text.slice(0, match.index + match[0].length), body: text.slice(match.index + match[0].length) };
}
const join2 = (head: string, body: string) => Buffer.from(head + body, 'latin1');
const eol = (head: string) => (head.includes('\r\n') ? '\r\n' : '\n');

/** Sets (replacing every occurrence of) a header field, or adds it at the top. */
function setHeader(head: string, name: string, value: string | undefined): string {
  const field = new RegExp(`^${name}:[^\\n]*\\n(?:[ \\t][^\\n]*\\n)*`, 'gim');
  const without = head.replace(field, '');
  return value === undefined ? without : `${name}: ${value}${eol(head)}${without}`;
}

const randomAscii = (rng: Random, length: number) => Array.from({ length }, () => String.fromCharCode(int(rng, 0x21, 0x7e)).replace(/[<>\s]/, 'x')).join('');

type Mutation = (raw: Buffer, rng: Random) => Buffer;

/** The mutations, by name: each takes a message and returns a malformed or edge-case variant. */
export const MUTATIONS: Record<string, Mutation> = {
  truncate: (raw, rng) => raw.subarray(0, int(rng, 1, Math.max(1, raw.length - 1))),

  'broken-boundary': (raw, rng) => {
    const text = raw.toString('latin1');
    const boundary = /boundary="?([^";\r\n]+)"?/i.exec(text)?.[1];
    if (!boundary) {
      const { head, body } = split(raw);
      return join2(setHeader(head, 'Content-Type', `multipart/mixed; boundary="${randomAscii(rng, 12)}"`), body);
    }
    const variants = [
      () => text.replace(/boundary="?[^";\r\n]+"?/i, `boundary="${randomAscii(rng, 10)}"`), // declared ≠ used
      () => text.split(`--${boundary}--`).join(''), // no closing boundary
      () => text.split(`--${boundary}`).join(`--${boundary.slice(0, -1)}`), // every delimiter wrong
      () => text.replace(/;\s*boundary="?[^";\r\n]+"?/i, ''), // no boundary parameter
      () => text.replace(`--${boundary}`, `--${boundary}\r\n--${boundary}\r\n--${boundary}--\r\n--${boundary}`), // empty and repeated parts
    ];
    return Buffer.from(pick(rng, variants)(), 'latin1');
  },

  charset: (raw, rng) => {
    const charset = pick(rng, ['x-unknown-42', 'utf-7', 'utf-16', 'utf-32le', 'iso-2022-jp', 'gb18030', '"', '', 'us-ascii', 'windows-1252;;', 'utf-8*']);
    const text = raw.toString('latin1');
    if (/charset=/i.test(text)) return Buffer.from(text.replace(/charset="?[^";\s]*"?/gi, `charset=${charset}`), 'latin1');
    const { head, body } = split(raw);
    return join2(setHeader(head, 'Content-Type', `text/plain; charset=${charset}`), body);
  },

  'nul-bytes': (raw, rng) => {
    const bytes = Buffer.from(raw);
    const out: Buffer[] = [];
    let last = 0;
    for (const at of Array.from({ length: int(rng, 1, 8) }, () => int(rng, 0, bytes.length)).sort((a, b) => a - b)) {
      out.push(bytes.subarray(last, at), Buffer.alloc(int(rng, 1, 3)));
      last = at;
    }
    out.push(bytes.subarray(last));
    return Buffer.concat(out);
  },

  'huge-header': (raw, rng) => {
    const { head, body } = split(raw);
    const nl = eol(head);
    if (rng() < 0.5) {
      const size = int(rng, 16 * 1024, 600 * 1024);
      const value = rng() < 0.5 ? 'v'.repeat(size) : 'folded '.repeat(size / 7).replace(/(.{70})/g, `$1${nl} `);
      return join2(`X-Huge: ${value}${nl}${head}`, body);
    }
    const lines = Array.from({ length: int(rng, 500, 15_000) }, (_, i) => `X-Many-${i}: ${i}${nl}`).join('');
    return join2(lines + head, body);
  },

  'long-line': (raw, rng) => {
    const { head, body } = split(raw);
    const line = pick(
      rng,
      ['a', 'é', '=', '.', '\t'].map((c) => c),
    ).repeat(int(rng, 10_000, 1_500_000));
    return join2(head, `${line}${eol(head)}${body}`);
  },

  'deep-nesting': (raw, rng) => {
    const { head, body } = split(raw);
    const nl = eol(head);
    const depth = int(rng, 5, 400);
    let inner = `Content-Type: text/plain${nl}${nl}${body.slice(0, 2000)}${nl}`;
    for (let level = depth; level > 0; level--) {
      const b = `nest${level}`;
      inner = `Content-Type: multipart/mixed; boundary="${b}"${nl}${nl}--${b}${nl}${inner}--${b}--${nl}`;
    }
    const outer = /^Content-Type:/im.test(head) ? setHeader(head, 'Content-Type', undefined) : head;
    return join2(setHeader(outer.replace(/\r?\n\r?\n$/, nl), 'MIME-Version', '1.0'), inner);
  },

  'message-id': (raw, rng) => {
    const { head, body } = split(raw);
    const nl = eol(head);
    const long = (length: number, unit = 'x') => `<${unit.repeat(Math.max(1, length - 14))}@fuzz.example>`;
    const variants: (() => string)[] = [
      () => setHeader(head, 'Message-ID', undefined), // missing
      () => `Message-ID: <dup-a-${int(rng, 0, 9)}@fuzz.example>${nl}Message-ID: <dup-b@fuzz.example>${nl}${setHeader(head, 'Message-ID', undefined)}`,
      () => setHeader(head, 'Message-ID', long(int(rng, 980, 998))), // hashed workflow id
      () => setHeader(head, 'Message-ID', long(int(rng, 504, 994), '\u00c3\u00a9')), // UTF-8 é: up to 994 characters, over 987 bytes
      () => setHeader(head, 'Message-ID', long(int(rng, 999, 20_000))), // over the schema
      () => setHeader(head, 'Message-ID', `<a\u0001b${int(rng, 0, 99)}@fuzz.example>`), // control character
      () => setHeader(head, 'Message-ID', `<a b c@fuzz.example> <second@fuzz.example>`),
      () => setHeader(head, 'Message-ID', pick(rng, ['<>', '<<<>>>', '@', '<@>', '(comment only)', '=?utf-8?B?PGFAYj4=?='])),
      () => setHeader(head, 'Message-ID', `no-brackets-${randomAscii(rng, 20)}`),
    ];
    return join2(pick(rng, variants)(), body);
  },

  'garbage-encoding': (raw, rng) => {
    const { head, body } = split(raw);
    const nl = eol(head);
    if (rng() < 0.5) {
      const garbage = Array.from({ length: int(rng, 10, 5000) }, () => pick(rng, ['=', '!', 'A', '\u00ff', '*', nl, '===', 'QUFB'])).join('');
      return join2(setHeader(setHeader(head, 'Content-Type', 'text/plain; charset=utf-8'), 'Content-Transfer-Encoding', 'base64'), garbage);
    }
    const qp = body + pick(rng, ['=ZZ', '=', '=\r', '=0', '=C3=', '=E2=82', `=${nl}=${nl}`]).repeat(int(rng, 1, 2000));
    return join2(setHeader(head, 'Content-Transfer-Encoding', pick(rng, ['quoted-printable', 'x-uuencode', 'bogus', '8bit', 'base64; x'])), qp);
  },

  references: (raw, rng) => {
    const { head, body } = split(raw);
    const nl = eol(head);
    const count = int(rng, 200, 5000);
    const length = pick(rng, [20, 60, 200, 900]);
    const refs = Array.from({ length: count }, (_, i) => `<${i}.${'r'.repeat(length)}@fuzz.example>`);
    if (rng() < 0.2) refs[int(rng, 0, refs.length - 1)] = '<bad\u0002ref@fuzz.example>';
    const value = refs.join(rng() < 0.5 ? `${nl} ` : ' ');
    return join2(setHeader(setHeader(head, 'References', value), 'In-Reply-To', refs[refs.length - 1]), body);
  },

  'over-budget': (raw, rng) => {
    // Parts that fit the schema but not, together, the 256 KiB signal: multibyte References,
    // a body of control characters (6 JSON bytes each), long recipient names.
    const { head } = split(raw);
    const nl = eol(head);
    const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
    const refs = Array.from({ length: int(rng, 150, 400) }, (_, i) => `<${i}.${'日'.repeat(int(rng, 100, 320))}@fuzz.example>`);
    const to = Array.from({ length: int(rng, 20, 120) }, (_, i) => `"${'ü'.repeat(int(rng, 50, 250))}" <u${i}@orders.example.com>`);
    let out = setHeader(head, 'References', utf8(refs.join(`${nl} `)));
    if (rng() < 0.5) out = setHeader(out, 'To', utf8(to.join(`,${nl} `)));
    out = setHeader(setHeader(out, 'Content-Type', 'text/plain; charset=utf-8'), 'Content-Transfer-Encoding', '8bit');
    return join2(out, '\u0001\u0002'.repeat(int(rng, 1000, 40_000)));
  },

  'byte-flips': (raw, rng) => {
    const bytes = Buffer.from(raw);
    for (let n = int(rng, 1, 40); n > 0; n--) bytes[int(rng, 0, bytes.length - 1)] = int(rng, 0, 255);
    return bytes;
  },

  'encoded-words': (raw, rng) => {
    const { head, body } = split(raw);
    const word = pick(rng, [
      '=?utf-8?B?%%%%?=',
      '=?unknown-x?Q?caf=E9?=',
      '=?utf-8?Q?=ZZ=?=',
      '=?utf-8?B?' + 'QUJD'.repeat(5000) + '?=',
      '=?=?=?',
      '=?utf-16?B?2D3YAA==?=',
    ]);
    const field = pick(rng, ['Subject', 'From', 'To']);
    const value = field === 'From' ? `${word} <sender@fuzz.example>` : word;
    return join2(setHeader(head, field, value), body);
  },

  'header-shapes': (raw, rng) => {
    const { head, body } = split(raw);
    const nl = eol(head);
    const variants = [
      () => head.replace(/\r?\n/g, '\r'), // bare CRs only
      () => head.replace(/:/g, ''), // no colons
      () => `From: one@fuzz.example${nl}From: two@fuzz.example${nl}${head}`, // two senders
      () =>
        setHeader(
          head,
          'From',
          pick(rng, ['"unterminated <a@b.example>', '<>', 'a@b@c.example', 'group:;', '@fuzz.example', `${'n'.repeat(2000)} <long@fuzz.example>`]),
        ),
      () => setHeader(head, 'To', Array.from({ length: int(rng, 100, 3000) }, (_, i) => `u${i}@orders.example.com`).join(', ')),
      () => setHeader(head, 'Subject', 's'.repeat(int(rng, 999, 50_000))),
      () => setHeader(head, 'Date', pick(rng, ['yesterday', '31 Feb 2026 25:61:61 +9999', '', '9'.repeat(400)])),
    ];
    return join2(pick(rng, variants)(), body);
  },

  'body-shapes': (raw, rng) => {
    const { head } = split(raw);
    const nl = eol(head);
    const variants = [
      () => head, // headers only
      () => head.replace(/\r?\n\r?\n$/, ''), // headers without the blank line
      () => `${head}${'\u0001\u0002\u007f'.repeat(int(rng, 1000, 60_000))}`, // control characters (6 JSON bytes each)
      () => `${setHeader(head, 'Content-Type', 'text/html; charset=utf-8')}<p>${'<b>x</b>'.repeat(int(rng, 10_000, 60_000))}</p>`,
      () => `${head}${'.'}${nl}${'..'}${nl}${'.'}${nl}`, // dot lines
    ];
    return Buffer.from(pick(rng, variants)(), 'latin1');
  },
};

const NAMES = Object.keys(MUTATIONS);

/**
 * The `index`th case of a run: a corpus message with one to three mutations, derived from `seed`
 * and `index` alone (so any case can be regenerated on its own).
 */
export function fuzzCase(corpus: readonly { name: string; raw: Buffer }[], seed: number, index: number): FuzzCase {
  const rng = seededRandom((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const base = pick(rng, corpus);
  let raw = base.raw;
  const applied: string[] = [];
  for (let n = rng() < 0.6 ? 1 : int(rng, 2, 3); n > 0; n--) {
    const name = pick(rng, NAMES);
    raw = (MUTATIONS[name] as Mutation)(raw, rng);
    applied.push(name);
  }
  return { index, name: [base.name, ...applied].join('+'), raw };
}
