import { createHash, randomBytes } from 'node:crypto';
import { sha256Hex, wtf8Bytes } from './sha256';

const nodeSha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe(sha256Hex, () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ])('matches the FIPS 180-4 example for %j', (text, digest) => {
    expect(sha256Hex(wtf8Bytes(text))).toBe(digest);
  });

  it('matches node:crypto at every length around the block and padding boundaries, and on random data', () => {
    for (let length = 0; length <= 200; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
      expect(sha256Hex(bytes)).toBe(nodeSha256(bytes));
    }
    for (const length of [1000, 4096, 65_537]) {
      const bytes = randomBytes(length);
      expect(sha256Hex(bytes)).toBe(nodeSha256(bytes));
    }
  });
});

describe(wtf8Bytes, () => {
  it.each(['<CAF1x@mail.example.com>', 'é', '日本語', '😀 <a@b>', '\u0000\u007f\u0080\u07ff\u0800\uffff', `${'x'.repeat(5000)}…`])(
    'is UTF-8 for the well-formed string %#',
    (text) => {
      expect(Buffer.from(wtf8Bytes(text))).toEqual(Buffer.from(text, 'utf8'));
    },
  );

  it('keeps lone surrogates apart instead of replacing them, so distinct strings never share bytes', () => {
    expect([...wtf8Bytes('a\ud800')]).toEqual([0x61, 0xed, 0xa0, 0x80]);
    expect([...wtf8Bytes('\udc00b')]).toEqual([0xed, 0xb0, 0x80, 0x62]);
    const variants = ['<a\ud800@b>', '<a\ud801@b>', '<a\ufffd@b>', '<a\udc00@b>'].map((s) => Buffer.from(wtf8Bytes(s)).toString('hex'));
    expect(new Set(variants).size).toBe(4);
  });
});
